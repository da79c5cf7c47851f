"""组织的我的 (to-dos: claim.score; points: org_points.view): staff of a league or volunteer organisation read
their own organisation's; naming another organisation is refused (403: organisations are public, nothing to
hide); a platform administrator must name one."""
from __future__ import annotations

NO_PERMISSION = {"anonymous": 401, "volunteer": 403, "station_admin": 403, "station_staff": 403,
                 "other_station_admin": 403, "association_admin": 403, "community_admin": 403}
OWN = NO_PERMISSION | {"league_admin": 200, "provider_admin": 200, "other_league_admin": 200,
                       "other_provider_admin": 200, "platform_admin": (422, "validation_error")}
# ?organisation_id= the matrix's league.
NAMED_LEAGUE = NO_PERMISSION | {"league_admin": 200, "provider_admin": 403, "other_league_admin": 403,
                                "other_provider_admin": 403, "platform_admin": 200}

ROWS = [
    ("GET", "/api/v1/org-workspace/todos", None, OWN),
    ("GET", "/api/v1/org-workspace/todos?organisation_id={league}", None, NAMED_LEAGUE),
    ("GET", "/api/v1/org-workspace/points", None, OWN),
    ("GET", "/api/v1/org-workspace/points?organisation_id={league}", None, NAMED_LEAGUE),
    ("GET", "/api/v1/org-workspace/points/entries", None, OWN),
    ("GET", "/api/v1/org-workspace/points/entries?organisation_id={league}", None, NAMED_LEAGUE),
]
