"""Permission rows for 活动确认 and 活动反馈: the confirmation sheet, confirming and writing feedback.

activity.confirm_attendance reaches the publishing organisation's own staff only: a provider's staff (who
hold the permission for their own organisation) see a missing activity; organisations without the
permission are refused outright. Reading an activity's feedback is public (no rows).
"""
from __future__ import annotations

from datetime import timedelta

from tests.api.matrix_paths import Path

ANON = {"anonymous": 401}
NO_PERMISSION = dict.fromkeys(("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin",
                               "other_league_admin", "association_admin"), 403) | ANON
MISSING = (404, "activity_not_found")
OWN_ONLY = NO_PERMISSION | {"provider_admin": MISSING, "other_provider_admin": MISSING, "community_admin": 200,
                            "platform_admin": 200}

ROWS = [
    ("GET", Path("/api/v1/activities/{activity_id}/attendance", activity_id="attendance_activity"), None, OWN_ONLY),
    # The activity has started and nobody signed up: the complete list is empty.
    ("PUT", Path("/api/v1/activities/{activity_id}/attendance", activity_id="attendance_activity"), {"items": []},
     OWN_ONLY),
    ("PUT", Path("/api/v1/activities/{activity_id}/feedback", activity_id="attendance_activity"),
     {"summary": "活动顺利完成"}, OWN_ONLY),
]


def prepare(ids: dict) -> dict:
    """The community's activity, started two hours ago."""
    from app.catalogue.services import seed_defaults
    from app.core.unit_of_work import unit_of_work
    from tests.activities.factories_activities import make_activity
    from tests.activities.factories_attendance import move_window

    with unit_of_work():
        seed_defaults()
    activity = make_activity(ids)
    move_window(activity, starts_ago=timedelta(hours=2))
    return {"attendance_activity": activity}
