"""Permission rows for public help requests (公众求助): asking, 我的求助 and 安排给我的求助 (anyone signed
in); the community's queue and decisions (community.handle_help: its own staff and platform
administrators; organisations without the permission are refused); withdrawing (the requester — here the
station's staff member — only) and reporting a result (the assigned volunteer only): for anyone else the
request does not exist. The public list and a request's detail are public (no rows).
"""
from __future__ import annotations

from datetime import timedelta

from app.core.timeutil import utcnow
from tests.api.matrix_paths import Path

ROLES = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "other_league_admin",
         "association_admin", "provider_admin", "other_provider_admin", "community_admin", "platform_admin")
ANON = {"anonymous": 401}
SIGNED_IN = dict.fromkeys(ROLES, 200) | ANON
STAFF_ONLY = dict.fromkeys(ROLES, 403) | ANON | {"community_admin": 200, "platform_admin": 200}
NOBODY_ELSE = dict.fromkeys(ROLES, (404, "help_request_not_found")) | ANON


# Bodies naming the matrix world's community and volunteer: `prepare` writes their ids into these very
# dicts (the rows hold them by reference) before the first case of this feature is sent.
FORM = {"community_id": 0, "title": "老人需要代买药品", "content": "独居老人行动不便。", "place": "五山路 3 号",
        "wanted_at": (utcnow() + timedelta(days=30)).replace(microsecond=0).isoformat(),
        "contact_name": "李阿姨", "contact_phone": "13912345678"}
ASSIGN = {"volunteer_ids": [0]}


ROWS = [
    ("POST", "/api/v1/help-requests", FORM, dict.fromkeys(ROLES, 201) | ANON),
    ("GET", "/api/v1/help-requests/mine", None, SIGNED_IN),
    ("GET", "/api/v1/help-requests/assigned", None, SIGNED_IN),
    ("GET", "/api/v1/help-requests/queue", None, STAFF_ONLY),
    ("POST", Path("/api/v1/help-requests/{request_id}/assign", request_id="pending_help"), ASSIGN, STAFF_ONLY),
    ("POST", Path("/api/v1/help-requests/{request_id}/decline", request_id="pending_help"), {"reason": "不在服务范围"},
     STAFF_ONLY),
    ("POST", Path("/api/v1/help-requests/{request_id}/close", request_id="assigned_help"), {"summary": "已办结"},
     STAFF_ONLY),
    ("POST", Path("/api/v1/help-requests/{request_id}/withdraw", request_id="pending_help"), None,
     NOBODY_ELSE | {"station_staff": 200}),
    ("POST", Path("/api/v1/help-requests/{request_id}/result", request_id="assigned_help"), {"result": "已送达"},
     NOBODY_ELSE | {"volunteer": 200}),
    # The trail: the requester, the assigned volunteer and the community's staff.
    ("GET", Path("/api/v1/help-requests/{request_id}/events", request_id="assigned_help"), None,
     NOBODY_ELSE | {"station_staff": 200, "volunteer": 200, "community_admin": 200, "platform_admin": 200}),
    ("GET", Path("/api/v1/help-requests/{request_id}/events", request_id="pending_help"), None,
     NOBODY_ELSE | {"station_staff": 200, "community_admin": 200, "platform_admin": 200}),
]


def prepare(ids: dict) -> dict:
    """The matrix volunteer joins the community; the station's staff member asks it for help twice, and
    the volunteer is assigned to the second request."""
    from tests.community.factories_help import assign, join, submit_help

    join(ids["volunteer"], ids["community"])
    FORM["community_id"], ASSIGN["volunteer_ids"] = ids["community"], [ids["volunteer"]]
    pending = submit_help(ids["station_staff"], {"community": ids["community"]})
    assigned = submit_help(ids["station_staff"], {"community": ids["community"]})
    assign(ids["community_admin"], assigned, [ids["volunteer"]])
    return {"pending_help": pending, "assigned_help": assigned}
