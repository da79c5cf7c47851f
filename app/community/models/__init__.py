"""Community volunteering tables (徐州), one module per aggregate."""
from app.community.models.event import CommunityEvent
from app.community.models.help_request import HelpAssignment, HelpRequest, HelpRequestStatus
from app.community.models.membership import ApplicationStatus, CommunityApplication, CommunityVolunteer
from app.community.models.report import ReportKind, ReportStatus, VolunteerReport
from app.community.models.showcase import ShowcaseEntry, ShowcaseKind, StarAward, StarKind

__all__ = ["ApplicationStatus", "CommunityApplication", "CommunityEvent", "CommunityVolunteer", "HelpAssignment",
           "HelpRequest", "HelpRequestStatus", "ReportKind", "ReportStatus", "ShowcaseEntry", "ShowcaseKind",
           "StarAward", "StarKind", "VolunteerReport"]
