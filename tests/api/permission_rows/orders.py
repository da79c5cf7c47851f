"""V订单 endpoints in the permission matrix: station staff of the order's street publish, first-review and
manage; the association final-reviews; both view. Another station gets 404 as if the order were missing;
organisations without the permission 403; volunteers may open an order once it is open (the feed's detail).

Paths keep the route's placeholder name ({order_id}, as the coverage check wants) and are filled from this
module's own keys (wo_*), so another feature's `order_id` never stands in for the order a row needs.
"""
from __future__ import annotations

from datetime import timedelta

from app.timebank.models import OrderStatus
from tests.api.matrix_paths import Path
from tests.timebank.factories_orders import make_beneficiary, make_order

URL = "/api/v1/orders"
MISSING = (404, "order_not_found")
INVALID = (422, "validation_error")


def item(key: str, suffix: str = "") -> Path:
    return Path(URL + "/{order_id}" + suffix, order_id=key)


def _station(allowed, *, other_station=MISSING, platform=None) -> dict:
    """A station permission: station roles get `allowed`, another station `other_station`, others 403."""
    return {"anonymous": 401, "volunteer": 403, "station_admin": allowed, "station_staff": allowed,
            "other_station_admin": other_station, "league_admin": 403, "association_admin": 403,
            "provider_admin": 403, "platform_admin": allowed if platform is None else platform}


def _viewers(allowed, *, other_station=MISSING) -> dict:
    """order.view: stations and the association."""
    return _station(allowed, other_station=other_station) | {"association_admin": allowed}


def _association(allowed) -> dict:
    return {"anonymous": 401, "volunteer": 403, "station_admin": 403, "station_staff": 403,
            "other_station_admin": 403, "league_admin": 403, "association_admin": allowed, "provider_admin": 403,
            "platform_admin": allowed}


def prepare(ids: dict) -> dict:
    """Orders of 五山街道 in each status an endpoint starts from."""
    station = ids["station"]
    beneficiary = make_beneficiary(station)

    def order(status: OrderStatus, **kwargs) -> int:
        return make_order(station, status=status, beneficiary_id=beneficiary, starts_in=timedelta(days=5), **kwargs)

    return {"wo_pending": order(OrderStatus.PENDING), "wo_first_approved": order(OrderStatus.FIRST_APPROVED),
            "wo_rejected": order(OrderStatus.REJECTED, status_reason="资料不全"), "wo_open": order(OrderStatus.OPEN),
            "wo_recruiting": order(OrderStatus.OPEN, approved_takers=1),
            "wo_in_progress": order(OrderStatus.IN_PROGRESS, recruit_count=1, approved_takers=1)}


REASON = {"reason": "服务对象住院"}
ROWS = [
    # An empty form passes the gate and fails validation: 422 proves the role was let in.
    ("POST", URL, {}, _station(INVALID, other_station=INVALID)),
    ("GET", URL, None, _viewers(200, other_station=200)),
    ("GET", URL + "/mine", None, _station(200, other_station=200)),
    ("GET", URL + "/export", None, _viewers(200, other_station=200)),
    # A pending order: its region's staff and the association only; everyone else as if it did not exist.
    ("GET", item("wo_pending"), None, {"anonymous": 401, "volunteer": MISSING, "station_admin": 200,
                                       "station_staff": 200, "other_station_admin": MISSING,
                                       "league_admin": MISSING, "association_admin": 200,
                                       "provider_admin": MISSING, "platform_admin": 200}),
    # An open order: volunteers and providers read it from the feed; another station still gets 404.
    ("GET", item("wo_open"), None, {"anonymous": 401, "volunteer": 200, "station_admin": 200,
                                    "station_staff": 200, "other_station_admin": MISSING, "league_admin": 200,
                                    "association_admin": 200, "provider_admin": 200, "platform_admin": 200}),
    ("GET", item("wo_pending", "/events"), None, _viewers(200)),
    ("PATCH", item("wo_pending"), {"title": "陪长者复诊"}, _station(200)),
    ("POST", item("wo_pending", "/first-approve"), None, _station(200)),
    ("POST", item("wo_pending", "/first-reject"), REASON, _station(200)),
    ("POST", item("wo_first_approved", "/final-approve"), None, _association(200)),
    # Bulk: the gate is the permission; each id's own refusal is reported inside the 200 (test_bulk_review).
    ("POST", URL + "/bulk/final-approve", {"ids": [2147483000]}, _association(200)),
    ("POST", item("wo_first_approved", "/final-reject"), REASON, _association(200)),
    ("POST", item("wo_rejected", "/resubmit"), None, _station(200)),
    ("POST", item("wo_open", "/cancel"), REASON, _station(200)),
    ("POST", item("wo_open", "/mark-expired"), None, _station(200)),
    ("POST", item("wo_recruiting", "/close-recruitment"), None, _station(200)),
    ("POST", item("wo_in_progress", "/abort"), REASON, _station(200)),
]
