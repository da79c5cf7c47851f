"""导出任务：开始导出、查看进度、下载文件（员工后台）"""
from __future__ import annotations

from flask import send_file
from flask.views import MethodView
from marshmallow import ValidationError

from app.api.blueprint import Blueprint
from app.api.community_stats.schemas import StatsQuery
from app.api.exports.schemas import ExportJobListSchema, ExportJobSchema, ExportStartSchema
from app.api.files import BINARY_SCHEMA, XLSX, content_disposition
from app.api.orders.schemas import OrderFilterQuery
from app.api.security import current_actor, requires
from app.core.errors import InvalidInput
from app.core.unit_of_work import unit_of_work
from app.exports import jobs
from app.exports.models import ExportKind
from app.exports.orders import filters_to_json
from app.tasks.exports import dispatch
from app.timebank.order_queries import OrderFilters

blp = Blueprint("exports", __name__, description="导出任务：开始导出、查看进度、下载文件（员工后台）")
ID = "<int(max=2147483647):job_id>"


def _orders_filters(data: dict) -> dict:
    return filters_to_json(OrderFilters(**OrderFilterQuery().load(data)))


def _stats_filters(data: dict) -> dict:
    return {name: value for name, value in StatsQuery().load(data).items() if value is not None}


# Each kind's filters go through the schema of its synchronous endpoint: the same fields, values and checks.
FILTERS = {ExportKind.ORDERS: _orders_filters, ExportKind.COMMUNITY_STATS: _stats_filters}


def _filters(kind: ExportKind, data: dict) -> dict:
    try:
        return FILTERS[kind](data)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        errors = {f"filters.{name}": value for name, value in messages.items()}
        raise InvalidInput("筛选条件有误", errors=errors) from None


@blp.route("")
class ExportCollection(MethodView):
    @requires("export.run")
    @blp.arguments(ExportStartSchema)
    @blp.response(202, ExportJobSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="区域不存在或不在本机构范围内（志愿统计）")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="筛选条件有误或导出数量过多")
    @blp.alt_response(429, response="DEFAULT_ERROR", description="进行中的导出已达上限（每人 3 个）")
    @blp.errors(404, "region_not_found")
    @blp.errors(429, "export_limit_reached")
    def post(self, body):
        """开始导出：检查权限与筛选条件后排队，由后台生成 Excel 文件（202；用 GET /exports/{id} 查看进度）"""
        actor = current_actor()
        filters = _filters(body["kind"], body["filters"])
        with unit_of_work():
            job = jobs.start_export(actor, body["kind"], filters)
        # Only once the row is committed can a worker see it.
        dispatch(job.id)
        return jobs.present(jobs.own_job(actor, job.id))

    @requires("export.run")
    @blp.response(200, ExportJobListSchema)
    def get(self):
        """我的导出（最近 20 个，新的在前）"""
        return {"items": [jobs.present(job) for job in jobs.my_jobs(current_actor())]}


@blp.route(f"/{ID}")
class ExportItem(MethodView):
    @requires("export.run")
    @blp.response(200, ExportJobSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="导出任务不存在（或不是本人发起的）")
    @blp.errors(404, "export_not_found")
    def get(self, job_id):
        """导出进度：状态、已写入行数与百分比、失败原因"""
        return jobs.present(jobs.own_job(current_actor(), job_id))


@blp.route(f"/{ID}/retry")
class ExportRetry(MethodView):
    @requires("export.run")
    @blp.response(202, ExportJobSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="导出任务不存在（或不是本人发起的）")
    @blp.alt_response(409, response="DEFAULT_ERROR", description="只有导出失败的任务可以重试")
    @blp.alt_response(429, response="DEFAULT_ERROR", description="进行中的导出已达上限（每人 3 个）")
    @blp.errors(404, "export_not_found")
    @blp.errors(409, "export_not_retryable")
    @blp.errors(429, "export_limit_reached")
    def post(self, job_id):
        """重试失败的导出（沿用发起时的筛选条件与数据范围）"""
        actor = current_actor()
        with unit_of_work():
            jobs.retry_export(actor, job_id)
        dispatch(job_id)
        return jobs.present(jobs.own_job(actor, job_id))


@blp.route(f"/{ID}/file")
class ExportFile(MethodView):
    @requires("export.run")
    @blp.response(200, BINARY_SCHEMA, content_type=XLSX, description="Excel 文件（仅发起人可下载）")
    @blp.alt_response(404, response="DEFAULT_ERROR", description="导出任务不存在（或不是本人发起的）")
    @blp.alt_response(409, response="DEFAULT_ERROR", description="导出尚未完成或已失败")
    @blp.alt_response(410, response="DEFAULT_ERROR", description="文件已过期（完成后保留 24 小时）")
    @blp.errors(404, "export_not_found")
    @blp.errors(409, "export_not_ready")
    @blp.errors(410, "export_expired")
    def get(self, job_id):
        """下载导出文件（.xlsx，中文文件名）"""
        path, filename, fallback = jobs.downloadable(current_actor(), job_id)
        response = send_file(path, mimetype=XLSX, max_age=0, conditional=False)
        response.headers["Content-Disposition"] = content_disposition(filename, fallback)
        # Exports carry personal information or figures for staff only: never in a shared cache.
        response.headers["Cache-Control"] = "private, no-store"
        return response
