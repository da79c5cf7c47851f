"""Permission rows for activities (志愿活动): publishing (a community's, or a volunteer-service organisation's
for its accepted claim), cancelling, the sign-up list, signing up and cancelling, 我的活动.

activity.publish and activity.view_signups reach the staff's own organisation only: another community's or
provider's staff (who hold the permission elsewhere) see a missing activity or claim; organisations without
the permission are refused outright. Browsing, the detail and a need's activities are public (no rows).
"""
from __future__ import annotations

from datetime import timedelta

from app.core.timeutil import utcnow
from tests.api.matrix_paths import Path

ROLES = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "other_league_admin",
         "association_admin", "provider_admin", "other_provider_admin", "community_admin", "platform_admin")
ANON = {"anonymous": 401}
SIGNED_IN = dict.fromkeys(ROLES, 200) | ANON
NO_PERMISSION = dict.fromkeys(("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin",
                               "other_league_admin", "association_admin"), 403) | ANON
# The community's activity: its admin and platform administrators act; both providers hold the permission
# for their own organisation only, so the activity looks missing to them.
MISSING = (404, "activity_not_found")
COMMUNITY_OWN = NO_PERMISSION | {"provider_admin": MISSING, "other_provider_admin": MISSING}

_STARTS = (utcnow() + timedelta(days=30)).replace(microsecond=0)
FORM = {"title": "社区环境整治", "category_code": "01", "type_code": "01",
        "place": "华农社区广场", "starts_at": _STARTS.isoformat(),
        "ends_at": (_STARTS + timedelta(hours=2)).isoformat(), "headcount": 5, "content": "清理社区公共区域"}

ROWS = [
    # A community's staff publish; a provider passes the gate but publishes only through claims (403
    # community_only); a platform administrator must name the community (422).
    ("POST", "/api/v1/activities", FORM,
     NO_PERMISSION | {"provider_admin": (403, "community_only"), "other_provider_admin": (403, "community_only"),
                      "community_admin": 201, "platform_admin": (422, "validation_error")}),
    ("POST", Path("/api/v1/activities/{activity_id}/cancel", activity_id="activities_activity"),
     {"reason": "天气原因"}, COMMUNITY_OWN | {"community_admin": 200, "platform_admin": 200}),
    ("GET", Path("/api/v1/activities/{activity_id}/signups", activity_id="activities_activity"), None,
     COMMUNITY_OWN | {"community_admin": 200, "platform_admin": 200}),
    # Anyone signed in may sign up; the matrix's staff accounts have no real name, so they get the 409 that
    # asks for one (past the policy); the volunteer, with a name, signs up.
    ("POST", Path("/api/v1/activities/{activity_id}/signups", activity_id="activities_open"), None,
     dict.fromkeys(ROLES, (409, "real_name_required")) | ANON | {"volunteer": 201}),
    # Only the volunteer cancels their sign-up; for anyone else it does not exist.
    ("POST", Path("/api/v1/activity-signups/{signup_id}/cancel", signup_id="activities_signup"), None,
     dict.fromkeys(ROLES, (404, "signup_not_found")) | ANON | {"volunteer": 200}),
    ("GET", "/api/v1/me/activities", None, SIGNED_IN),
    # The claiming provider (and platform administrators) publish for its accepted claim; the other provider
    # and the community hold activity.publish elsewhere and see a missing claim.
    ("POST", Path("/api/v1/claims/{claim_id}/activities", claim_id="activities_claim"), FORM,
     NO_PERMISSION | {"provider_admin": 201, "other_provider_admin": (404, "claim_not_found"),
                      "community_admin": (404, "claim_not_found"), "platform_admin": 201}),
]


def prepare(ids: dict) -> dict:
    """The community's activity with the matrix volunteer's sign-up, a second (later) activity nobody has
    signed up to, and an accepted claim of the provider on a need of the league."""
    from app.catalogue.services import seed_defaults
    from app.core.unit_of_work import unit_of_work
    from tests.activities.factories_activities import make_activity, make_claim, sign

    with unit_of_work():
        seed_defaults()
    activity = make_activity(ids, starts_in=timedelta(days=3))
    return {"activities_activity": activity, "activities_signup": sign(ids["volunteer"], activity),
            "activities_open": make_activity(ids, starts_in=timedelta(days=5)),
            "activities_claim": make_claim(ids)}
