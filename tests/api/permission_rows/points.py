"""积分与捐分: every signed-in person has a balance, a history and a home tile, and may donate."""
from __future__ import annotations

from tests.api.matrix_paths import Path

SIGNED_IN = {"anonymous": 401, "volunteer": 200, "station_admin": 200, "station_staff": 200,
             "other_station_admin": 200, "league_admin": 200, "association_admin": 200, "provider_admin": 200,
             "platform_admin": 200}
# Anyone may donate; nobody in the matrix's world holds a million points, so each signed-in role gets as far
# as the ledger's refusal (409), whatever state the shared order is in.
DONATION = {"points": 1_000_000, "request_id": "7d0c8a56-2f0c-4e55-9a55-0d5f3c2f1a10"}

ROWS = [
    ("GET", "/api/v1/me/points", None, SIGNED_IN),
    ("GET", "/api/v1/me/points/entries", None, SIGNED_IN),
    ("GET", "/api/v1/timebank/summary", None, SIGNED_IN),
    ("POST", "/api/v1/orders/{order_id}/donations", DONATION,
     dict.fromkeys(SIGNED_IN, (409, "insufficient_points")) | {"anonymous": 401}),
    # An approved and enabled beneficiary takes donations from anyone signed in, like an open order.
    ("POST", "/api/v1/beneficiaries/{beneficiary_id}/donations", DONATION,
     dict.fromkeys(SIGNED_IN, (409, "insufficient_points")) | {"anonymous": 401}),
    # A pending one: only the station of its street may know it exists; everyone else is told it is missing.
    ("POST", Path("/api/v1/beneficiaries/{beneficiary_id}/donations", beneficiary_id="pending_beneficiary_id"),
     DONATION, dict.fromkeys(SIGNED_IN, (404, "beneficiary_not_found"))
     | {"anonymous": 401, "station_admin": (409, "beneficiary_not_donatable"),
        "station_staff": (409, "beneficiary_not_donatable"), "platform_admin": (409, "beneficiary_not_donatable")}),
]


def prepare(ids: dict) -> dict:
    """An open order of the station (unless another feature already placed one under {order_id}), and an
    approved and enabled beneficiary of the station with a pending one."""
    from app.timebank.models import BeneficiaryStatus
    from tests.timebank.factories_points import make_beneficiary, make_order

    station, staff = ids["station"], ids["station_staff"]
    made = {"beneficiary_id": make_beneficiary(station, staff),
            "pending_beneficiary_id": make_beneficiary(station, staff, status=BeneficiaryStatus.PENDING)}
    if "order_id" not in ids:
        made["order_id"] = make_order(station, staff)
    return made
