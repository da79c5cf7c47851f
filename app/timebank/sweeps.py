"""Time passing (DOMAIN.md §3.2, §6): what the beat jobs do to wish orders, without Celery.

Each sweep is a set-based UPDATE … RETURNING in bounded chunks (app/timebank/sweep_core.py) whose WHERE
names the current status or a still-NULL marker column, and sets it: a second run, or a concurrent one,
finds nothing left to move and so publishes nothing. The caller (app/tasks/timebank.py) owns the
transaction; each function takes `now` so tests and reruns are deterministic.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.notify.publish import publish
from app.timebank.models import OrderStatus
from app.timebank.notices import order_context
from app.timebank.states import ORDER
from app.timebank.sweep_core import CHUNK_SIZE, ORDERS, claim_orders, load_orders, target, write_events
from app.timebank.sweep_expire import expire_overdue_orders

__all__ = ["end_finished_services", "expire_overdue_orders", "remind_takers", "warn_near_deadlines"]

IN_PROGRESS, OPEN = OrderStatus.IN_PROGRESS.value, OrderStatus.OPEN.value
# The start reminders the schema keeps a marker for (config ORDER_REMINDER_HOURS names the same hours).
REMINDER_MARKERS = {24: ORDERS.c.reminded_24h_at, 1: ORDERS.c.reminded_1h_at}


def end_finished_services(now: datetime, *, chunk_size: int = CHUNK_SIZE) -> int:
    """Services past their end time wait for evaluation and hours certification (进行中 → 待评价); the
    station hears of each. Returns the number of orders moved."""
    moved = 0
    for rows in claim_orders((ORDERS.c.status == IN_PROGRESS, ORDERS.c.ends_at <= now),
                             {"status": target(ORDER, IN_PROGRESS, "end"), "updated_at": now},
                             (ORDERS.c.id,), chunk_size=chunk_size):
        ids = [row.id for row in rows]
        write_events(ORDERS, ids, "end", IN_PROGRESS, now)
        for order in load_orders(ids):
            publish("order.service_ended", ("order", order.id), order_context(order))
        moved += len(ids)
    return moved


def remind_takers(now: datetime, *, hours: tuple[int, ...] = (24, 1), chunk_size: int = CHUNK_SIZE) -> dict[str, int]:
    """Tell approved takers their service starts soon, once per window ("24h", "1h"). Returns the number
    of orders reminded per window."""
    windows = sorted(hours)
    reminded = {}
    for index, window in enumerate(windows):
        marker = REMINDER_MARKERS[window]
        # The nearest window goes first and also marks the wider ones: an order approved an hour before its
        # start gets the 1 h reminder alone, not a "24 h" one in the same minute.
        stamp = sa.literal(now, marker.type)
        values = {REMINDER_MARKERS[w].name: sa.func.coalesce(REMINDER_MARKERS[w], stamp) for w in windows[index:]}
        count = 0
        for rows in claim_orders((ORDERS.c.status.in_((OPEN, IN_PROGRESS)), ORDERS.c.approved_count > 0,
                                  marker.is_(None), ORDERS.c.starts_at > now,
                                  ORDERS.c.starts_at <= now + timedelta(hours=window)),
                                 values, (ORDERS.c.id,), chunk_size=chunk_size):
            for order in load_orders([row.id for row in rows]):
                publish("order.starts_soon", ("order", order.id), order_context(order), key=f"{window}h")
            count += len(rows)
        reminded[f"{window}h"] = count
    return reminded


def warn_near_deadlines(now: datetime, *, hours: int, chunk_size: int = CHUNK_SIZE) -> int:
    """Open orders whose take deadline is within `hours` and that still have places: the station is told
    (接单即将截止) and a second dispatch wave goes to the volunteers of the whole city. Once per order.
    Returns the number of orders warned."""
    warned = 0
    for rows in claim_orders((ORDERS.c.status == OPEN, ORDERS.c.deadline_warned_at.is_(None),
                              ORDERS.c.take_deadline > now, ORDERS.c.take_deadline <= now + timedelta(hours=hours),
                              ORDERS.c.places_held < ORDERS.c.recruit_count),
                             {"deadline_warned_at": now}, (ORDERS.c.id,), chunk_size=chunk_size):
        for order in load_orders([row.id for row in rows]):
            context = order_context(order)
            publish("order.deadline_near", ("order", order.id), context)
            publish("order.second_wave", ("order", order.id), context)
        warned += len(rows)
    return warned
