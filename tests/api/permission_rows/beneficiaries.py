"""服务对象 endpoints in the permission matrix: station staff of the beneficiary's street (and platform
administrators) act; another station gets 404 as if the record were missing; other organisations 403."""
from __future__ import annotations

from tests.timebank.factories_beneficiaries import make_beneficiary

URL = "/api/v1/beneficiaries"
MISSING = (404, "beneficiary_not_found")
INVALID = (422, "validation_error")
WRONG_STATE = (409, "invalid_transition")


def _expect(allowed, *, other_station=MISSING, platform=None) -> dict:
    """Station roles get `allowed`, another station `other_station`, everyone else without the permission 403."""
    return {"anonymous": 401, "volunteer": 403, "station_admin": allowed, "station_staff": allowed,
            "other_station_admin": other_station, "league_admin": 403, "association_admin": 403,
            "provider_admin": 403, "platform_admin": allowed if platform is None else platform}


def prepare(ids: dict) -> dict:
    """A pending beneficiary entered by the station's staff member, and an active one, in 五山街道."""
    station, staff = ids["station"], ids["station_staff"]
    return {"beneficiary_id": make_beneficiary(station, user_id=staff),
            "active_beneficiary_id": make_beneficiary(station, status="active", user_id=staff)}


ITEM = URL + "/{beneficiary_id}"
ROWS = [
    # An empty form passes the gate and fails validation: 422 proves the role was let in.
    ("POST", URL, {}, _expect(INVALID, other_station=INVALID)),
    ("GET", URL, None, _expect(200, other_station=200)),
    ("GET", ITEM, None, _expect(200)),
    ("GET", ITEM + "/events", None, _expect(200)),
    ("PATCH", ITEM, {"remarks": "补充说明"}, _expect(200)),
    ("POST", ITEM + "/approve", None, _expect(200)),
    ("POST", ITEM + "/reject", {"reason": "材料不全"}, _expect(200)),
    # Pending records cannot be disabled, enabled or resubmitted: 409 comes after the permission check.
    ("POST", ITEM + "/disable", None, _expect(WRONG_STATE)),
    ("POST", ITEM + "/enable", None, _expect(WRONG_STATE)),
    ("POST", ITEM + "/resubmit", None, _expect(WRONG_STATE)),
    ("POST", URL + "/{active_beneficiary_id}/disable", None, _expect(200)),
    ("DELETE", ITEM, None, _expect(204)),
]
