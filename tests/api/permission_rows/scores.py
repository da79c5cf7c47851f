"""认领评分: the two organisations of an accepted claim (claim.score, own organisation); any other league or
volunteer organisation sees a missing claim; organisations without the permission are refused."""
from __future__ import annotations

from tests.api.matrix_paths import Path

NO_PERMISSION = {"anonymous": 401, "volunteer": 403, "station_admin": 403, "station_staff": 403,
                 "other_station_admin": 403, "association_admin": 403, "community_admin": 403}
MISSING = (404, "claim_not_found")
OTHERS_HIDDEN = {"other_league_admin": MISSING, "other_provider_admin": MISSING}

ROWS = [
    # The league scores the claimer and the claimer the league; a platform administrator must say which side.
    ("POST", Path("/api/v1/claims/{claim_id}/score", claim_id="scores_claim"), {"stars": 5},
     NO_PERMISSION | OTHERS_HIDDEN | {"league_admin": 201, "provider_admin": 201,
                                      "platform_admin": (422, "validation_error")}),
    ("GET", Path("/api/v1/claims/{claim_id}/scores", claim_id="scores_claim"), None,
     NO_PERMISSION | OTHERS_HIDDEN | {"league_admin": 200, "provider_admin": 200, "platform_admin": 200}),
]


def prepare(ids: dict) -> dict:
    """An accepted claim of the matrix's provider on a need of its league."""
    from tests.needs.factories_scoring import matrix_claim

    return {"scores_claim": matrix_claim(ids)}
