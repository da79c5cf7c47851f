"""导出: a region's statistics as an .xlsx file, one sheet per breakdown (总计, 下级区域, 工作单位).

Synchronous; the export job (`POST /exports` with kind community_stats) writes the same sheets through
app/exports/community_stats.py."""
from __future__ import annotations

from flask.views import MethodView

from app.api.community_stats.routes import blp
from app.api.community_stats.schemas import StatsQuery
from app.api.files import BINARY_SCHEMA, XLSX, xlsx_response
from app.api.security import current_actor, requires
from app.community import statistics
from app.core.timeutil import utcnow
from app.exports import community_stats as stats_export
from app.exports.workbook import ExportWorkbook


@blp.route("/stats/export")
class StatsExport(MethodView):
    @requires("community.view_stats")
    @blp.arguments(StatsQuery, location="query")
    @blp.response(200, BINARY_SCHEMA, content_type=XLSX, description="Excel 文件（总计、下级区域、工作单位三张表）")
    @blp.alt_response(404, description="区域不存在或不在本机构范围内")
    @blp.errors(404, "region_not_found")
    def get(self, args):
        """导出志愿统计（与统计相同的区域与工作单位条件）"""
        stats = statistics.region_statistics(current_actor(), args["region_code"], work_unit=args["work_unit"])
        workbook = ExportWorkbook()
        stats_export.write_stats(workbook, stats)
        return xlsx_response(workbook, stats_export.filename(stats, utcnow()), stats_export.FALLBACK_NAME)
