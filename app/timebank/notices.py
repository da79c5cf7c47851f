"""The context every order notification carries (the keys app/notify/routing.py formats and routes by)."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.publish import publish
from app.timebank.models import OrderTake, TakeStatus, WishOrder
from app.timebank.sweep_core import among


def approved_taker_user_ids(order_id: int) -> list[int]:
    """People who hear about an order as its takers: approved volunteers, and the person who took it for
    a provider organisation."""
    rows = db.session.scalars(
        sa.select(sa.func.coalesce(OrderTake.volunteer_id, OrderTake.taken_by_id))
        .where(OrderTake.order_id == order_id, OrderTake.status == TakeStatus.APPROVED))
    return sorted(set(rows))


# Why a waiting take lapsed (未录用), by the order's transition that ended recruitment.
LAPSE_REASONS = {"cancel": "订单已取消", "mark_expired": "订单已过期", "expire": "订单已过期",
                 "close_recruitment": "订单已完成招募", "fill": "订单已完成招募", "abort": "订单已中止"}


def lapsed_takers(take_ids: Sequence[int]) -> dict[int, list[int]]:
    """order id -> the people whose takes (among `take_ids`) lapsed: the volunteer, or whoever took the
    order for a provider organisation. One query whatever the number of takes."""
    found: dict[int, set[int]] = {}
    if take_ids:
        for order_id, user_id in db.session.execute(
                sa.select(OrderTake.order_id, sa.func.coalesce(OrderTake.volunteer_id, OrderTake.taken_by_id))
                .where(among(OrderTake.id, take_ids))):
            found.setdefault(order_id, set()).add(user_id)
    return {order_id: sorted(users) for order_id, users in found.items()}


def tell_lapsed(order: WishOrder, user_ids: list[int], action: str) -> int | None:
    """take.lapsed to the people whose takes of `order` lapsed when `action` ended its recruitment."""
    if not user_ids:
        return None
    return publish("take.lapsed", ("order", order.id),
                   order_context(order, lapsed_ids=user_ids, result="未录用", reason=LAPSE_REASONS[action]),
                   key=action)


def order_context(order: WishOrder, **extra) -> dict:
    """Routing keys: region_path (the street: its station; the city: its association), district_path and
    city_path (dispatch waves), publisher_id, taker_ids; text keys: title, start_at, place, ..."""
    parts = [p for p in order.region_path.strip("/").split("/") if p]
    context = {
        "title": order.title,
        "number": order.number,
        "region_path": order.region_path,
        "district_path": "/" + "/".join(parts[:2]) + "/" if len(parts) >= 2 else order.region_path,
        "city_path": "/" + parts[0] + "/" if parts else order.region_path,
        "publisher_id": order.created_by_id,
        "submitter_id": order.created_by_id,
        "taker_ids": approved_taker_user_ids(order.id),
        "start_at": order.starts_at,
        "place": order.address,
        "recruit_count": order.recruit_count,
        "places_left": order.recruit_count - order.places_held,
        "at": utcnow(),
    }
    context.update(extra)
    return context
