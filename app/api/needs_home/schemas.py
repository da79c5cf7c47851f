from __future__ import annotations

from marshmallow import fields

from app.api.validation import InputSchema, OutputSchema


class FiguresQuery(InputSchema):
    day = fields.Date(load_default=None,
                      metadata={"description": "统计日期 YYYY-MM-DD；不填为最近一次统计（截止至昨日）"})


class ZoneFiguresSchema(OutputSchema):
    zone_id = fields.Integer()
    zone_name = fields.String(metadata={"description": "专区名称，如 七彩假期"})
    needs_published = fields.Integer(metadata={"description": "该专区需求数"})
    needs_claimed = fields.Integer(metadata={"description": "该专区认领数"})


class FiguresSchema(OutputSchema):
    """该日没有统计数据（或平台尚无任何统计）时同样返回 200：各数为 null，zones 为空（与 /showcase/stars 一致）。"""
    day = fields.Date(allow_none=True, metadata={
        "description": "数据截止至该日（北京时间）结束；未指定日期且尚无任何统计时为 null"})
    taken_at = fields.DateTime(allow_none=True, metadata={"description": "统计时间；该日没有统计数据时为 null"})
    needs_published = fields.Integer(allow_none=True, metadata={
        "description": "平台需求数（已发布、未撤回）；该日没有统计数据时为 null"})
    needs_claimed = fields.Integer(allow_none=True, metadata={
        "description": "平台认领数（已认领成功的需求）；该日没有统计数据时为 null"})
    zones = fields.List(fields.Nested(ZoneFiguresSchema), metadata={"description": "各专区合计"})
