"""Places on an order (招募名额): the counters every take movement goes through.

`places_held` counts pending and approved takes. Holding a place is one conditional UPDATE
(`places_held < recruit_count`), never read-check-write, and a CHECK backs it up: under any concurrency
the places held cannot exceed the recruit count.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.core.timeutil import utcnow
from app.extensions import db
from app.timebank.events import record
from app.timebank.models import OrderStatus, OrderTake, TakeStatus, WishOrder

ORDERS = WishOrder.__table__


def hold_place(order_id: int) -> bool:
    """Take one place on an open order; False when the order is full (or no longer open)."""
    result = db.session.execute(
        sa.update(ORDERS)
        .where(ORDERS.c.id == order_id, ORDERS.c.status == OrderStatus.OPEN.value,
               ORDERS.c.places_held < ORDERS.c.recruit_count)
        .values(places_held=ORDERS.c.places_held + 1).returning(ORDERS.c.id))
    return result.first() is not None


def free_place(order_id: int, *, was_approved: bool = False) -> None:
    values = {"places_held": ORDERS.c.places_held - 1}
    if was_approved:
        values["approved_count"] = ORDERS.c.approved_count - 1
    db.session.execute(sa.update(ORDERS).where(ORDERS.c.id == order_id).values(**values))


def count_approval(order_id: int) -> tuple[int, int]:
    """Record one more approved taker; returns (approved_count, recruit_count) after the change."""
    row = db.session.execute(
        sa.update(ORDERS).where(ORDERS.c.id == order_id)
        .values(approved_count=ORDERS.c.approved_count + 1)
        .returning(ORDERS.c.approved_count, ORDERS.c.recruit_count)).one()
    return row[0], row[1]


def release_pending_takes(order_id: int, *, actor_id: int | None = None) -> list[int]:
    """Recruitment is over (complete, cancelled, expired): takes still waiting for review lapse
    (未录用) and give their places back. Set-based; returns the lapsed take ids."""
    takes = OrderTake.__table__
    lapsed = [row.id for row in db.session.execute(
        sa.update(takes).where(takes.c.order_id == order_id, takes.c.status == TakeStatus.PENDING.value)
        .values(status=TakeStatus.LAPSED.value, reviewed_at=utcnow()).returning(takes.c.id))]
    if lapsed:
        db.session.execute(sa.update(ORDERS).where(ORDERS.c.id == order_id)
                           .values(places_held=ORDERS.c.places_held - len(lapsed)))
        for take_id in lapsed:
            record("take", take_id, "lapse", order_id=order_id, from_status=TakeStatus.PENDING.value,
                   to_status=TakeStatus.LAPSED.value, actor_id=actor_id)
    return lapsed
