"""Permission rows for taking (接单): the feed, take, withdraw, the station's taker review, 我接的单.

The matrix fills every row's placeholders from one shared dict, and `order_id` / `take_id` are names other
features use for their own objects. A path here is a `Path`: it maps the route's placeholder names onto
this module's keys (takes_*), so another feature's `order_id` can never stand in for ours.
"""
from __future__ import annotations

from tests.api.matrix_paths import Path

ANON = {"anonymous": 401}
TAKE_MISSING = (404, "take_not_found")
ORDER_MISSING = (404, "order_not_found")
NAME_FIRST = (409, "real_name_required")
SIGNED_IN = {"anonymous": 401, "volunteer": 200, "station_admin": 200, "station_staff": 200,
             "other_station_admin": 200, "league_admin": 200, "association_admin": 200, "provider_admin": 200,
             "platform_admin": 200}
# take.review: the station of the order's street (and platform administrators); another station sees a
# missing take (or order); organisations without the permission are refused outright.
REVIEW = {"anonymous": 401, "volunteer": 403, "station_admin": 200, "station_staff": 200,
          "other_station_admin": TAKE_MISSING, "league_admin": 403, "association_admin": 403, "provider_admin": 403,
          "platform_admin": 200}

ROWS = [
    ("GET", "/api/v1/order-feed", None, SIGNED_IN),
    # Anyone signed in may take; the matrix's staff accounts have no real name, so they get the 409 that
    # asks for one (past the permission check); the volunteer, with name and phone, takes.
    ("POST", Path("/api/v1/orders/{order_id}/takes", order_id="takes_open_order"), {},
     dict.fromkeys(SIGNED_IN, NAME_FIRST) | ANON | {"volunteer": 201}),
    ("GET", Path("/api/v1/orders/{order_id}/takes", order_id="takes_order"), None,
     REVIEW | {"other_station_admin": ORDER_MISSING}),
    # Only the taker withdraws; for anyone else the take does not exist.
    ("POST", Path("/api/v1/takes/{take_id}/withdraw", take_id="takes_take"), None,
     dict.fromkeys(SIGNED_IN, TAKE_MISSING) | ANON | {"volunteer": 200}),
    ("POST", Path("/api/v1/takes/{take_id}/approve", take_id="takes_take"), None, REVIEW),
    ("POST", Path("/api/v1/takes/{take_id}/reject", take_id="takes_take"), {"reason": "时间不合适"}, REVIEW),
    ("GET", "/api/v1/me/taken-orders", None, SIGNED_IN),
]


def prepare(ids: dict) -> dict:
    """An open order in the station's street with the matrix volunteer's pending take, and a second open
    order nobody has taken. The volunteer gets a bound phone (taking needs one)."""
    from app.accounts.models import User
    from app.accounts.wechat_login import set_phone
    from app.catalogue.services import seed_defaults
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from tests.timebank.factories_takes import make_beneficiary, make_open_order, take

    with unit_of_work():
        seed_defaults()
        set_phone(db.session.get(User, ids["volunteer"]), "13700001234")
    world = {"station": ids["station"], "staff": ids["station_staff"]}
    world["beneficiary"] = make_beneficiary(ids["station"], ids["station_staff"])
    order = make_open_order(world, recruit_count=3)
    return {"takes_order": order, "takes_take": take(ids["volunteer"], order),
            "takes_open_order": make_open_order(world, recruit_count=3)}
