"""The V订单记录 export (seed 000's V订单管理 → 导出): its columns, its cells, its filters as JSON.

The synchronous `GET /orders/export` and the `orders` export job both write through `write_orders`, so the
columns and the masking (the list's: ID numbers in clear only for the owning station) are the same."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import date, datetime

from app.accounts.policy import Actor
from app.core.errors import InvalidInput
from app.core.timeutil import SHANGHAI
from app.exports.workbook import ExportWorkbook
from app.timebank.models import OrderStatus
from app.timebank.order_queries import OrderFilters, count_orders, export_rows

PERMISSION = "order.view"
SHEET = "V订单记录"
FALLBACK_NAME = "orders.xlsx"
# A sheet past this size helps nobody and ties up a worker: narrow the filters instead.
EXPORT_MAX_ROWS = 100_000
COLUMNS = ("订单号", "需求标题", "需求类型", "身份证号码", "服务项目", "所属街道", "服务开始时间", "服务结束时间",
           "收到捐赠积分", "订单状态", "创建人", "最后修改时间")


def _when(value: datetime | None) -> str:
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def cells(row: dict) -> list:
    """One order of `export_rows` as the sheet's cells, in COLUMNS order."""
    return [row["number"], row["title"], row["need_type_label"], row["id_card_number"] or "",
            row["service_item"]["name"], row["street"]["name"], _when(row["starts_at"]), _when(row["ends_at"]),
            row["donated_points"], row["status_label"], row["creator"], _when(row["updated_at"])]


def filename(at: datetime) -> str:
    return f"V订单记录_{at.astimezone(SHANGHAI).strftime('%Y%m%d%H%M%S')}.xlsx"


def checked_total(actor: Actor, filters: OrderFilters) -> int:
    """How many rows the export will hold; an unknown street or too many rows is a 422."""
    total = count_orders(actor, filters)
    if total > EXPORT_MAX_ROWS:
        raise InvalidInput(f"导出数量超过 {EXPORT_MAX_ROWS} 条，请缩小筛选范围")
    return total


def write_orders(workbook: ExportWorkbook, actor: Actor, filters: OrderFilters,
                 progress: Callable[[int], None] | None = None) -> int:
    """Stream the rows from the database straight into the sheet (constant memory); `progress(rows so far)` is
    called after every row — the caller decides how often that is worth recording. Returns the row count."""
    sheet = workbook.sheet(SHEET)
    sheet.append(list(COLUMNS))
    written = 0
    for row in export_rows(actor, filters):
        sheet.append(cells(row))
        written += 1
        if progress is not None:
            progress(written)
    return written


# -- the filters as stored on an export job (JSON) ---------------------------------------------------------
def filters_to_json(filters: OrderFilters) -> dict:
    values = asdict(filters)
    return {name: (value.isoformat() if isinstance(value, date) else
                   value.value if isinstance(value, OrderStatus) else value)
            for name, value in values.items() if value is not None}


def filters_from_json(data: dict) -> OrderFilters:
    known = {f.name for f in fields(OrderFilters)}
    values = {name: value for name, value in data.items() if name in known}
    for name in ("service_from", "service_to"):
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    if values.get("status"):
        values["status"] = OrderStatus(values["status"])
    return OrderFilters(**values)
