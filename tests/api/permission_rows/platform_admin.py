"""The platform administrator's console: league account import, scheduled jobs, the organisation directory.
Platform administrators only; everyone else is refused whatever organisation they belong to."""
from __future__ import annotations

OTHERS = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "association_admin",
          "provider_admin", "other_league_admin", "other_provider_admin", "community_admin")
PLATFORM_ONLY = dict.fromkeys(OTHERS, 403) | {"anonymous": 401}

ROWS = [
    ("GET", "/api/v1/admin/league-import/template", None, PLATFORM_ONLY | {"platform_admin": 200}),
    # The matrix sends no file: the admin is told to choose one.
    ("POST", "/api/v1/admin/league-import/preview", None,
     PLATFORM_ONLY | {"platform_admin": (422, "validation_error")}),
    ("POST", "/api/v1/admin/league-import/commit", {"token": "0" * 64},
     PLATFORM_ONLY | {"platform_admin": (404, "import_preview_not_found")}),
    ("GET", "/api/v1/admin/scheduled-jobs", None, PLATFORM_ONLY | {"platform_admin": 200}),
    ("GET", "/api/v1/admin/organisations", None, PLATFORM_ONLY | {"platform_admin": 200}),
]
