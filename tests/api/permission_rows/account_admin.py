"""Acting on accounts: resetting an organisation account's password (its organisation's admin or a platform
admin), and the sign-in lockouts (platform admins only)."""
from __future__ import annotations

from tests.api.matrix_paths import Path

OTHERS = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "association_admin",
          "provider_admin", "other_league_admin", "other_provider_admin", "community_admin")
PLATFORM_ONLY = dict.fromkeys(OTHERS, 403) | {"anonymous": 401}
NO_SUCH_USER = (404, "user_not_found")

ROWS = [
    # {user_id} is the station's staff account: its station's admin reaches it, other organisations' admins
    # find no such user, staff and volunteers lack the permission.
    ("POST", "/api/v1/users/{user_id}/password-reset", {},
     {"anonymous": 401, "volunteer": 403, "station_admin": 200, "station_staff": 403,
      "other_station_admin": NO_SUCH_USER, "league_admin": NO_SUCH_USER, "platform_admin": 200}),
    ("GET", "/api/v1/admin/lockouts", None, PLATFORM_ONLY | {"platform_admin": 200}),
    ("DELETE", Path("/api/v1/admin/lockouts/{username}", username="lockout_username"), None,
     PLATFORM_ONLY | {"platform_admin": (404, "lockout_not_found")}),
]


def prepare(ids: dict) -> dict:
    return {"lockout_username": "nobody-locked"}
