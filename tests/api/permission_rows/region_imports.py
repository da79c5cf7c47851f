"""Region import (区域导入): platform administrators only. The rows send no file, so the platform admin's
answer is the upload's validation error."""
from __future__ import annotations

OTHERS = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "association_admin",
          "provider_admin", "other_league_admin", "other_provider_admin", "community_admin")
PLATFORM_ONLY = dict.fromkeys(OTHERS, 403) | {"anonymous": 401}
NO_FILE = (422, "validation_error")

ROWS = [
    ("POST", "/api/v1/admin/region-imports/preview", None, PLATFORM_ONLY | {"platform_admin": NO_FILE}),
    ("POST", "/api/v1/admin/region-imports", None, PLATFORM_ONLY | {"platform_admin": NO_FILE}),
]
