"""Permission rows for statistics, the roster and a volunteer's own totals.

community.view_stats and community.view_volunteers reach a region: the community office its community, the
association the city, platform administrators everything (the city by default). The matrix volunteer has
joined the world's community, so its roster entry is in reach of the community's admin and the association;
every other organisation lacks the permission. A volunteer's own totals need only a sign-in.
"""
from __future__ import annotations

from tests.api.matrix_paths import Path

ROLES = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "other_league_admin",
         "association_admin", "provider_admin", "other_provider_admin", "community_admin", "platform_admin")
ANON = {"anonymous": 401}
REGION_STAFF = dict.fromkeys(ROLES, 403) | ANON | {"association_admin": 200, "community_admin": 200,
                                                   "platform_admin": 200}

ROWS = [
    ("GET", "/api/v1/community/stats", None, REGION_STAFF),
    ("GET", "/api/v1/community/stats/export", None, REGION_STAFF),
    ("GET", "/api/v1/community/volunteers", None, REGION_STAFF),
    ("GET", Path("/api/v1/community/volunteers/{user_id}", user_id="volunteer"), None, REGION_STAFF),
    ("GET", "/api/v1/community/me/totals", None, dict.fromkeys(ROLES, 200) | ANON),
]


def prepare(ids: dict) -> dict:
    """The matrix volunteer joins the world's community."""
    from tests.community.factories_help import join

    join(ids["volunteer"], ids["community"])
    return {}
