"""The context every order notification carries (the keys app/notify/routing.py formats and routes by)."""
from __future__ import annotations

import sqlalchemy as sa

from app.core.timeutil import utcnow
from app.extensions import db
from app.timebank.models import OrderTake, TakeStatus, WishOrder


def approved_taker_user_ids(order_id: int) -> list[int]:
    """People who hear about an order as its takers: approved volunteers, and the person who took it for
    a provider organisation."""
    rows = db.session.scalars(
        sa.select(sa.func.coalesce(OrderTake.volunteer_id, OrderTake.taken_by_id))
        .where(OrderTake.order_id == order_id, OrderTake.status == TakeStatus.APPROVED))
    return sorted(set(rows))


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
