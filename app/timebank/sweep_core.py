"""The machinery of the time bank's beat sweeps (app/timebank/sweeps.py): rows move in bounded chunks, one
UPDATE … RETURNING each, and their audit events are written set-based — memory stays flat however many
orders fall due at once, and the statement's WHERE, not a prior read, decides which run moves a row."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from app.extensions import db
from app.timebank.models import OrderTake, TakeStatus, TimebankEvent, WishOrder
from app.timebank.states import ORDER, TAKE, next_status

CHUNK_SIZE = 5_000
ORDERS = WishOrder.__table__
TAKES = OrderTake.__table__
EVENTS = TimebankEvent.__table__


def target(table: dict, current: str, action: str) -> str:
    """The status `action` leads to, from the transition table (the sweeps act as the `system` role)."""
    return str(next_status(table, current, action).to)


def claim_orders(conditions: Sequence, values: dict, returning: Sequence, *,
                 chunk_size: int = CHUNK_SIZE) -> Iterator[list[sa.Row]]:
    """Yield chunks of orders matching `conditions`, each changed by `values` in one UPDATE … RETURNING.

    Rows are picked FOR UPDATE SKIP LOCKED: a concurrent run of the same sweep (two beats, a redelivered
    task) neither waits for nor moves a row the other holds, and the UPDATE repeats the conditions. `values`
    must make `conditions` false (a new status, a marker column set): that ends the loop, and it is why a
    second run finds nothing to do. SQLite ignores the lock clause; it has a single writer anyway."""
    while True:
        picked = (sa.select(ORDERS.c.id).where(*conditions).limit(chunk_size)
                  .with_for_update(skip_locked=True))
        rows = db.session.execute(sa.update(ORDERS).where(ORDERS.c.id.in_(picked), *conditions)
                                  .values(**values).returning(*returning)).all()
        if not rows:
            return
        yield rows


def among(column, ids: Sequence[int]):
    """`column IN ids`: on PostgreSQL one array parameter (5,000 ids as an IN list would be 5,000 bind
    parameters, each processed in Python), on SQLite an IN list."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, list(ids), type_=postgresql.ARRAY(sa.Integer)))
    return column.in_(ids)


def write_events(table: sa.Table, ids: Sequence[int], action: str, from_status: str, at: datetime) -> None:
    """The audit event of each row of `table` (orders or takes) that `action` just moved, in one
    INSERT … SELECT (actor None: the platform)."""
    subject_type, workflow, order_id = (("order", ORDER, table.c.id) if table is ORDERS
                                        else ("take", TAKE, table.c.order_id))
    db.session.execute(sa.insert(EVENTS).from_select(
        ["subject_type", "subject_id", "order_id", "action", "from_status", "to_status", "at"],
        sa.select(sa.literal(subject_type), table.c.id, order_id, sa.literal(action), sa.literal(from_status),
                  sa.literal(target(workflow, from_status, action)), sa.literal(at, EVENTS.c.at.type))
        .where(among(table.c.id, ids))))


def lapse_pending_takes(order_ids: Sequence[int], at: datetime) -> list[int]:
    """Recruitment of these orders is over: their takes still waiting for review lapse (未录用), set-based.
    Returns the lapsed take ids.

    The caller's order UPDATE sets places_held = approved_count in the same transaction: with every
    pending take gone, the places held are exactly the approved ones (see app/timebank/places.py)."""
    pending = TakeStatus.PENDING.value
    lapsed = db.session.scalars(
        sa.update(TAKES).where(among(TAKES.c.order_id, order_ids), TAKES.c.status == pending)
        .values(status=target(TAKE, pending, "lapse"), reviewed_at=at).returning(TAKES.c.id)).all()
    if lapsed:
        write_events(TAKES, lapsed, "lapse", pending, at)
    return list(lapsed)


def load_orders(order_ids: Sequence[int]) -> list[WishOrder]:
    """The orders as objects, for notices.order_context; fresh from the row (the sweep just changed it)."""
    return list(db.session.scalars(
        sa.select(WishOrder).where(among(WishOrder.id, order_ids)).order_by(WishOrder.id)
        .execution_options(populate_existing=True)))
