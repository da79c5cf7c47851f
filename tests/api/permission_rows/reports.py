"""Permission rows for volunteer reports (志愿者上报): reporting and 我的上报 (anyone signed in; only a
community volunteer gets past the 409 that asks others to join a community), and the community's review
queue and decisions (community.review_report: the community's own staff and platform administrators;
organisations without the permission are refused). The column and a report's detail are public (no rows).
"""
from __future__ import annotations

from tests.api.matrix_paths import Path

ROLES = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "other_league_admin",
         "association_admin", "provider_admin", "other_provider_admin", "community_admin", "platform_admin")
ANON = {"anonymous": 401}
SIGNED_IN = dict.fromkeys(ROLES, 200) | ANON
STAFF_ONLY = dict.fromkeys(ROLES, 403) | ANON | {"community_admin": 200, "platform_admin": 200}
FORM = {"kind": "plan", "title": "下月活动计划", "content": "组织社区义诊。"}
# A report's trail: its author (the volunteer) and its community's reviewers; published or not, for anyone
# else the report does not exist.
TRAIL = dict.fromkeys(ROLES, (404, "report_not_found")) | ANON | {"volunteer": 200, "community_admin": 200,
                                                                   "platform_admin": 200}

ROWS = [
    ("POST", "/api/v1/reports", FORM,
     dict.fromkeys(ROLES, (409, "community_volunteer_required")) | ANON | {"volunteer": 201}),
    ("GET", "/api/v1/reports/mine", None, SIGNED_IN),
    ("GET", "/api/v1/reports/review", None, STAFF_ONLY),
    ("POST", Path("/api/v1/reports/{report_id}/approve", report_id="pending_report"), {"publish": False}, STAFF_ONLY),
    ("POST", Path("/api/v1/reports/{report_id}/reject", report_id="pending_report"), {"reason": "内容不完整"},
     STAFF_ONLY),
    ("POST", Path("/api/v1/reports/{report_id}/publish", report_id="approved_report"), None, STAFF_ONLY),
    ("POST", Path("/api/v1/reports/{report_id}/unpublish", report_id="published_report"), None, STAFF_ONLY),
    ("GET", Path("/api/v1/reports/{report_id}/events", report_id="pending_report"), None, TRAIL),
    ("GET", Path("/api/v1/reports/{report_id}/events", report_id="published_report"), None, TRAIL),
]


def prepare(ids: dict) -> dict:
    """The matrix volunteer joins the community and reports three times: pending, approved, published."""
    from app.community import reports
    from app.core.unit_of_work import unit_of_work
    from tests.activities.factories_activities import actor
    from tests.community.factories_help import join, submit_report

    join(ids["volunteer"], ids["community"])
    pending, approved, published = (submit_report(ids["volunteer"]) for _ in range(3))
    with unit_of_work():
        reports.approve_report(actor(ids["community_admin"]), approved)
        reports.approve_report(actor(ids["community_admin"]), published, publish_now=True)
    return {"pending_report": pending, "approved_report": approved, "published_report": published}
