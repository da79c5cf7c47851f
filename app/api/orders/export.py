"""导出: the back-office order list as an .xlsx file with the seed's columns (V订单记录列表 → 导出).

Synchronous, for the mini-program and small sheets; the staff console starts an export job instead
(`POST /exports`, app/api/exports). Both write through app/exports/orders.py."""
from __future__ import annotations

from flask.views import MethodView

from app.api.files import BINARY_SCHEMA, XLSX, xlsx_response
from app.api.orders.routes import blp, filters_of
from app.api.orders.schemas import OrderFilterQuery
from app.api.security import current_actor, requires
from app.core.timeutil import utcnow
from app.exports import orders as order_export
from app.exports.workbook import ExportWorkbook


@blp.route("/export")
class OrderExport(MethodView):
    @requires("order.view")
    @blp.arguments(OrderFilterQuery, location="query")
    @blp.response(200, BINARY_SCHEMA, content_type=XLSX, description="Excel 文件（身份证号码按角色脱敏）")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="筛选条件有误或导出数量过多")
    def get(self, args):
        """导出 V订单记录列表（与列表相同的筛选条件）"""
        actor, filters = current_actor(), filters_of(args)
        order_export.checked_total(actor, filters)
        # Rows go straight to the file as they stream from the database (constant memory).
        workbook = ExportWorkbook()
        order_export.write_orders(workbook, actor, filters)
        return xlsx_response(workbook, order_export.filename(utcnow()), order_export.FALLBACK_NAME)
