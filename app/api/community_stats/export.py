"""导出: a region's statistics as an .xlsx file, one sheet per breakdown (总计, 下级区域, 工作单位)."""
from __future__ import annotations

from flask.views import MethodView

from app.api.community_stats.routes import blp
from app.api.community_stats.schemas import StatsQuery
from app.api.files import BINARY_SCHEMA, XLSX, ExportWorkbook, xlsx_response
from app.api.security import current_actor, requires
from app.community import statistics
from app.core.timeutil import SHANGHAI, utcnow

FIGURES = ("志愿者人数", "党员人数", "本月新增", "服务次数", "服务时长（小时）")


def _figures(row: dict) -> list:
    return [row["volunteers"], row["party_members"], row["new_this_month"], row["services"], float(row["hours"])]


def workbook_for(stats: dict) -> ExportWorkbook:
    workbook = ExportWorkbook()
    totals = workbook.sheet("总计")
    totals.append(["区域", *FIGURES, "活动数", "求助数"])
    region, figures = stats["region"], stats["totals"]
    totals.append([region["name"], *_figures(figures), figures["activities"]["total"],
                   figures["help_requests"]["total"]])
    children = workbook.sheet("下级区域")
    children.append(["区域编码", "区域", *FIGURES, "活动数", "求助数"])
    for child in stats["children"]:
        children.append([child["code"], child["name"], *_figures(child), child["activities"], child["help_requests"]])
    units = workbook.sheet("工作单位")
    units.append(["工作单位", *FIGURES])
    for unit in stats["work_units"]:
        units.append([unit["work_unit"], *_figures(unit)])
    return workbook


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
        stamp = utcnow().astimezone(SHANGHAI).strftime("%Y%m%d%H%M%S")
        return xlsx_response(workbook_for(stats), f"志愿统计_{stats['region']['name']}_{stamp}.xlsx", "statistics.xlsx")
