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
    day = fields.Date(metadata={"description": "数据截止至该日（北京时间）结束"})
    taken_at = fields.DateTime(metadata={"description": "统计时间"})
    needs_published = fields.Integer(metadata={"description": "平台需求数（已发布、未撤回）"})
    needs_claimed = fields.Integer(metadata={"description": "平台认领数（已认领成功的需求）"})
    zones = fields.List(fields.Nested(ZoneFiguresSchema), metadata={"description": "各专区合计"})
