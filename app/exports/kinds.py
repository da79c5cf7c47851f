"""What each export kind does: the permission it needs (the synchronous export's), how its filters are
checked and pinned when a job starts, and how its rows are written when the job runs."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.accounts.policy import Actor
from app.community import statistics
from app.exports import community_stats as stats_export
from app.exports import orders as order_export
from app.exports.models import ExportKind
from app.exports.workbook import ExportWorkbook


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def __call__(self, done: int) -> None: ...


@dataclass(frozen=True)
class Kind:
    label: str
    permission: str
    fallback: str  # the ASCII download name for clients that cannot read the Chinese one (RFC 6266)
    # (actor, filters as loaded by the endpoint's schema, JSON-shaped) -> the filters to store: checked
    # against the data (unknown street, region out of reach, too many rows) and with defaults made explicit.
    pin: Callable[[Actor, dict], dict]
    # (workbook, actor, stored filters, progress, now) -> (rows written, download file name)
    write: Callable[[ExportWorkbook, Actor, dict, Progress, datetime], tuple[int, str]]


def _pin_orders(actor: Actor, filters: dict) -> dict:
    parsed = order_export.filters_from_json(filters)
    order_export.checked_total(actor, parsed)
    return order_export.filters_to_json(parsed)


def _write_orders(workbook, actor, filters, progress, now) -> tuple[int, str]:
    parsed = order_export.filters_from_json(filters)
    progress.start(order_export.checked_total(actor, parsed))
    return order_export.write_orders(workbook, actor, parsed, progress), order_export.filename(now)


def _pin_stats(actor: Actor, filters: dict) -> dict:
    # "No region" means the caller's own region: pinned now, so the job reads what the caller meant.
    region = statistics.region_in_reach(actor, filters.get("region_code"))
    pinned = {"region_code": region.code}
    if filters.get("work_unit"):
        pinned["work_unit"] = filters["work_unit"]
    return pinned


def _write_stats(workbook, actor, filters, progress, now) -> tuple[int, str]:
    stats = statistics.region_statistics(actor, filters["region_code"], work_unit=filters.get("work_unit"))
    progress.start(stats_export.row_count(stats))
    rows = stats_export.write_stats(workbook, stats)
    progress(rows)
    return rows, stats_export.filename(stats, now)


KINDS: dict[ExportKind, Kind] = {
    ExportKind.ORDERS: Kind("V订单记录", order_export.PERMISSION, order_export.FALLBACK_NAME,
                            _pin_orders, _write_orders),
    ExportKind.COMMUNITY_STATS: Kind("志愿统计", stats_export.PERMISSION, stats_export.FALLBACK_NAME,
                                     _pin_stats, _write_stats),
}
