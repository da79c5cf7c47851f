"""Needs and claims tables (七彩假期 supply–demand), one module per aggregate."""
from app.needs.models.claim import Claim, ClaimScore, ClaimStatus, ScoreSide
from app.needs.models.event import NeedEvent
from app.needs.models.favourite import Favourite, FavouriteKind
from app.needs.models.league_import import LeagueImportBatch
from app.needs.models.link import NeedActivity
from app.needs.models.need import InitialNeed, InitialNeedStatus, Need, NeedStatus
from app.needs.models.profile import OrganisationProfile
from app.needs.models.snapshot import NeedDailySnapshot
from app.needs.models.zone import Zone

__all__ = ["Claim", "ClaimScore", "ClaimStatus", "Favourite", "FavouriteKind", "InitialNeed", "InitialNeedStatus",
           "LeagueImportBatch", "Need", "NeedActivity", "NeedDailySnapshot", "NeedEvent", "NeedStatus",
           "OrganisationProfile", "ScoreSide", "Zone"]
