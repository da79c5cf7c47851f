"""我的收藏: every signed-in account keeps its own; someone else's favourite does not exist for you."""
from __future__ import annotations

from tests.api.matrix_paths import Path

SIGNED_IN = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin",
             "association_admin", "provider_admin", "platform_admin", "other_league_admin", "other_provider_admin",
             "community_admin")
ANON = {"anonymous": 401}

ROWS = [
    ("GET", "/api/v1/me/favourites", None, dict.fromkeys(SIGNED_IN, 200) | ANON),
    # The body is fixed while ids vary per world: a need that does not exist gets every signed-in role as far
    # as the target check (404), past the sign-in gate.
    ("POST", "/api/v1/me/favourites", {"kind": "need", "target_id": 2147483647},
     dict.fromkeys(SIGNED_IN, (404, "need_not_found")) | ANON),
    # Only the volunteer keeps this need.
    ("DELETE", Path("/api/v1/me/favourites/{kind}/{target_id}", kind="favourites_kind", target_id="favourites_need"),
     None, dict.fromkeys(SIGNED_IN, (404, "favourite_not_found")) | ANON | {"volunteer": 204}),
]


def prepare(ids: dict) -> dict:
    """A need of the matrix's league, kept by the matrix's volunteer."""
    from app.core.unit_of_work import unit_of_work
    from app.needs.favourites import add_favourite
    from app.needs.models import FavouriteKind
    from tests.needs.factories_scoring import make_need

    need = make_need({"league": ids["league"], "league_admin": ids["league_admin"]}, zone_id=None)
    with unit_of_work():
        add_favourite(ids["volunteer"], FavouriteKind.NEED, need)
    return {"favourites_kind": "need", "favourites_need": need}
