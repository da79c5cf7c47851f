"""导出: the back-office order list as an .xlsx file with the seed's columns (V订单记录列表 → 导出)."""
from __future__ import annotations

from datetime import datetime

from flask.views import MethodView

from app.api.files import BINARY_SCHEMA, XLSX, ExportWorkbook, xlsx_response
from app.api.orders.routes import blp, filters_of
from app.api.orders.schemas import OrderFilterQuery
from app.api.security import current_actor, requires
from app.core.errors import InvalidInput
from app.core.timeutil import SHANGHAI, utcnow
from app.timebank.order_queries import count_orders, export_rows

# A sheet past this size helps nobody and ties up a worker: narrow the filters instead.
EXPORT_MAX_ROWS = 100_000
COLUMNS = ("订单号", "需求标题", "需求类型", "身份证号码", "服务项目", "所属街道", "服务开始时间", "服务结束时间",
           "收到捐赠积分", "订单状态", "创建人", "最后修改时间")


def _when(value: datetime | None) -> str:
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _cells(row: dict) -> list:
    return [row["number"], row["title"], row["need_type_label"], row["id_card_number"] or "",
            row["service_item"]["name"], row["street"]["name"], _when(row["starts_at"]), _when(row["ends_at"]),
            row["donated_points"], row["status_label"], row["creator"], _when(row["updated_at"])]


@blp.route("/export")
class OrderExport(MethodView):
    @requires("order.view")
    @blp.arguments(OrderFilterQuery, location="query")
    @blp.response(200, BINARY_SCHEMA, content_type=XLSX, description="Excel 文件（身份证号码按角色脱敏）")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="筛选条件有误或导出数量过多")
    def get(self, args):
        """导出 V订单记录列表（与列表相同的筛选条件）"""
        actor, filters = current_actor(), filters_of(args)
        if count_orders(actor, filters) > EXPORT_MAX_ROWS:
            raise InvalidInput(f"导出数量超过 {EXPORT_MAX_ROWS} 条，请缩小筛选范围")
        # Rows go straight to the file as they stream from the database (constant memory).
        workbook = ExportWorkbook()
        sheet = workbook.sheet("V订单记录")
        sheet.append(list(COLUMNS))
        for row in export_rows(actor, filters):
            sheet.append(_cells(row))
        stamp = utcnow().astimezone(SHANGHAI).strftime("%Y%m%d%H%M%S")
        return xlsx_response(workbook, f"V订单记录_{stamp}.xlsx", "orders.xlsx")
