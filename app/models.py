"""Every domain's models, imported in one place: this screen lists every table."""
from app.accounts.models import AuthSession, Membership, Organisation, Region, RetiredRefreshToken, User  # noqa: F401
from app.activities import wiring as activities_wiring  # noqa: F401  (activity cover access rule)
from app.activities.models import Activity, ActivityAttendance, ActivityEvent, ActivityFeedback, ActivitySignup  # noqa: F401
from app.catalogue.models import CatalogueEntry  # noqa: F401
from app.community import wiring as community_wiring  # noqa: F401  (digest sources, upload rules)
from app.community.models import (  # noqa: F401
    CommunityApplication,
    CommunityVolunteer,
    HelpAssignment,
    HelpRequest,
    ShowcaseEntry,
    StarAward,
    VolunteerReport,
)
from app.exports.models import ExportJob  # noqa: F401
from app.ledger.models import LedgerAccount, LedgerEntry, LedgerTransfer  # noqa: F401
from app.needs import wiring as needs_wiring  # noqa: F401  (registers the needs module's digest sources)
from app.needs.models import (  # noqa: F401
    Claim,
    ClaimScore,
    Favourite,
    InitialNeed,
    LeagueImportBatch,
    Need,
    NeedActivity,
    NeedDailySnapshot,
    NeedEvent,
    OrganisationProfile,
    Zone,
)
from app.notify.models import InboxItem, NotificationEvent, OutboxMessage, SubscriptionGrant, SubscriptionQuota  # noqa: F401
from app.tasks.models import JobRun  # noqa: F401
from app.timebank import wiring  # noqa: F401  (registers the time bank's digest sources and ledger names)
from app.timebank.models import Beneficiary, Certification, CertifiedHours, OrderTake, TimebankEvent, WishOrder  # noqa: F401
from app.uploads.models import Upload  # noqa: F401
