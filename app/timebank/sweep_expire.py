"""The take deadline passes (DOMAIN.md §3.2): recruitment closes by itself.

An open order nobody was approved for is `expired`; one with approved takers goes `in_progress` (完成招募,
action "fill") with the takers it has. Either way the takes still waiting for review lapse (未录用)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Organisation, Region
from app.core.timeutil import SHANGHAI
from app.extensions import db
from app.notify.batch import publish_summary
from app.notify.publish import publish
from app.timebank.models import OrderStatus
from app.timebank.notices import lapsed_takers, order_context, tell_lapsed
from app.timebank.states import ORDER
from app.timebank.sweep_core import (
    CHUNK_SIZE,
    ORDERS,
    claim_orders,
    lapse_pending_takes,
    load_orders,
    target,
    write_events,
)

OPEN = OrderStatus.OPEN.value
# Up to this many orders of one station expiring in one run: one message per order (each names its order).
# More: one summary per station, so a mass expiry costs a few dozen publishes, not one per order.
SUMMARY_ABOVE = 3
SUMMARY_PAGE = "packages/station/orders/index?status=expired"


@dataclass
class _StationTally:
    count: int = 0
    first_ids: list[int] = field(default_factory=list)  # enough to publish per order below the threshold
    lowest_id: int | None = None
    publisher_ids: set[int] = field(default_factory=set)  # the station's staff who published: few


def expire_overdue_orders(now: datetime, *, chunk_size: int = CHUNK_SIZE,
                          summary_above: int = SUMMARY_ABOVE) -> dict[str, int]:
    """Close recruitment of every open order whose take deadline has passed (see the module docstring).
    Returns the counts {"expired", "filled", "lapsed", "published"}. Safe to run twice or concurrently."""
    overdue = (ORDERS.c.status == OPEN, ORDERS.c.take_deadline <= now)
    counts = {"expired": 0, "filled": 0, "lapsed": 0, "published": 0}
    tallies: dict[int, _StationTally] = {}
    # With no approved taker, approved_count is 0, so the places held drop to none.
    for rows in claim_orders((*overdue, ORDERS.c.approved_count == 0),
                             {"status": target(ORDER, OPEN, "expire"), "places_held": ORDERS.c.approved_count,
                              "updated_at": now},
                             (ORDERS.c.id, ORDERS.c.station_id, ORDERS.c.created_by_id), chunk_size=chunk_size):
        ids = [row.id for row in rows]
        write_events(ORDERS, ids, "expire", OPEN, now)
        counts["published"] += _tell_lapsed(lapse_pending_takes(ids, now), "expire", counts)
        counts["expired"] += len(ids)
        for row in rows:
            tally = tallies.setdefault(row.station_id, _StationTally())
            tally.count += 1
            tally.lowest_id = row.id if tally.lowest_id is None else min(tally.lowest_id, row.id)
            tally.publisher_ids.add(row.created_by_id)
            if len(tally.first_ids) <= summary_above:
                tally.first_ids.append(row.id)
    for rows in claim_orders((*overdue, ORDERS.c.approved_count > 0),
                             {"status": target(ORDER, OPEN, "fill"), "places_held": ORDERS.c.approved_count,
                              "updated_at": now},
                             (ORDERS.c.id,), chunk_size=chunk_size):
        ids = [row.id for row in rows]
        write_events(ORDERS, ids, "fill", OPEN, now)
        counts["published"] += _tell_lapsed(lapse_pending_takes(ids, now), "fill", counts)
        counts["filled"] += len(ids)
        # Recruitment completing is news to each order's own takers: one event per order (few at a time).
        for order in load_orders(ids):
            counts["published"] += bool(publish("order.recruitment_complete", ("order", order.id),
                                                order_context(order)))
    counts["published"] += _announce_expiries(tallies, now, summary_above)
    return counts


def _tell_lapsed(take_ids: list[int], action: str, counts: dict[str, int]) -> int:
    """take.lapsed to the takers of each order whose waiting takes just lapsed: one event per such order
    (only orders that had takes waiting, few of a mass expiry). Returns the number published."""
    counts["lapsed"] += len(take_ids)
    by_order = lapsed_takers(take_ids)
    if not by_order:
        return 0
    return sum(bool(tell_lapsed(order, by_order[order.id], action)) for order in load_orders(list(by_order)))


def _announce_expiries(tallies: dict[int, _StationTally], now: datetime, summary_above: int) -> int:
    """order.expired to the publisher and the station (an expired order has no approved takers)."""
    published = 0
    few = [order_id for tally in tallies.values() if tally.count <= summary_above for order_id in tally.first_ids]
    for order in load_orders(few) if few else ():
        published += bool(publish("order.expired", ("order", order.id), order_context(order)))
    many = {station_id: tally for station_id, tally in tallies.items() if tally.count > summary_above}
    if not many:
        return published
    paths = dict(db.session.execute(sa.select(Organisation.id, Region.path).join(Region, Organisation.region)
                                    .where(Organisation.id.in_(many))).all())
    hour = now.astimezone(SHANGHAI).strftime("%Y%m%d%H")
    for station_id, tally in many.items():
        # The route's body reads "{title} 已过接单截止时间": "12 个订单 已过接单截止时间".
        context = {"title": f"{tally.count} 个订单", "count": tally.count, "region_path": paths[station_id],
                   "publisher_id": sorted(tally.publisher_ids), "taker_ids": [], "at": now}
        # An order expires in one run only (the UPDATE decides), so the summary's orders are never summarised
        # again; the key (the run's hour and its lowest order id) only makes publishing the same summary twice
        # a no-op, while a later run in the same hour, with other orders, still gets its own.
        published += bool(publish_summary("order.expired", ("station", station_id), context,
                                          key=f"{hour}:{tally.lowest_id}", page=SUMMARY_PAGE))
    return published
