"""The 志愿统计 export: a region's statistics, one sheet per breakdown (总计, 下级区域, 工作单位).

The synchronous `GET /community/stats/export` and the `community_stats` export job both write through
`write_stats`, with the figures of `statistics.region_statistics` (the same reach as the page)."""
from __future__ import annotations

from datetime import datetime

from app.core.timeutil import SHANGHAI
from app.exports.workbook import ExportWorkbook

PERMISSION = "community.view_stats"
FALLBACK_NAME = "statistics.xlsx"
FIGURES = ("志愿者人数", "党员人数", "本月新增", "服务次数", "服务时长（小时）")


def _figures(row: dict) -> list:
    return [row["volunteers"], row["party_members"], row["new_this_month"], row["services"], float(row["hours"])]


def row_count(stats: dict) -> int:
    return 1 + len(stats["children"]) + len(stats["work_units"])


def filename(stats: dict, at: datetime) -> str:
    return f"志愿统计_{stats['region']['name']}_{at.astimezone(SHANGHAI).strftime('%Y%m%d%H%M%S')}.xlsx"


def write_stats(workbook: ExportWorkbook, stats: dict) -> int:
    """The three sheets; returns the number of data rows written."""
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
    return row_count(stats)
