"""Request and response shapes of export jobs (导出任务)."""
from __future__ import annotations

from marshmallow import fields

from app.api.validation import InputSchema, OutputSchema
from app.exports.models import ExportKind, ExportStatus

KIND_NOTE = ("orders V订单记录（筛选同 GET /orders/export）/ "
             "community_stats 志愿统计（筛选同 GET /community/stats/export）")


class ExportStartSchema(InputSchema):
    kind = fields.Enum(ExportKind, by_value=True, required=True, metadata={"description": KIND_NOTE})
    filters = fields.Dict(keys=fields.String(), load_default=dict,
                          metadata={"description": "筛选条件：与该导出的同步接口的查询参数相同（字段、取值、校验）"})


class ExportJobSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.Enum(ExportKind, by_value=True)
    kind_label = fields.String(metadata={"description": "导出内容"})
    status = fields.Enum(ExportStatus, by_value=True,
                         metadata={"description": "queued 排队中 / running 导出中 / done 已完成 / failed 导出失败 / "
                                                  "expired 已过期（文件已删除）"})
    status_label = fields.String()
    rows_done = fields.Integer(metadata={"description": "已写入行数"})
    rows_total = fields.Integer(allow_none=True, metadata={"description": "总行数（开始导出后才知道）"})
    percent = fields.Integer(metadata={"description": "进度百分比（0–100；文件生成后才为 100）"})
    filters = fields.Dict(metadata={"description": "导出时固定下来的筛选条件（默认区域已填入）"})
    error = fields.String(allow_none=True, metadata={"description": "失败原因"})
    filename = fields.String(allow_none=True, metadata={"description": "下载文件名"})
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True, metadata={"description": "文件删除时间（完成后 24 小时）"})


class ExportJobListSchema(OutputSchema):
    items = fields.List(fields.Nested(ExportJobSchema), metadata={"description": "我最近的 20 个导出"})
