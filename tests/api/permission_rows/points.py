"""积分与捐分: every signed-in person has a balance, a history and a home tile, and may donate."""
from __future__ import annotations

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
]


def prepare(ids: dict) -> dict:
    """An open order of the station, unless another feature already placed one under {order_id}."""
    if "order_id" in ids:
        return {}
    from tests.timebank.factories_points import make_order

    return {"order_id": make_order(ids["station"], ids["station_staff"])}
