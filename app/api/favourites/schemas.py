from __future__ import annotations

from marshmallow import fields, validate

from app.api.validation import InputSchema, OutputSchema
from app.needs.models import FavouriteKind

_ID = validate.Range(min=1, max=2147483647)
_KIND = "need 需求 / organisation 组织（团组织或志愿服务组织）"


class FavouriteCreateSchema(InputSchema):
    kind = fields.Enum(FavouriteKind, by_value=True, required=True, metadata={"description": _KIND})
    target_id = fields.Integer(required=True, strict=True, validate=_ID, metadata={"description": "需求或组织的 id"})


class FavouritesQuery(InputSchema):
    kind = fields.Enum(FavouriteKind, by_value=True, load_default=None, metadata={"description": _KIND})
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页最后一条的 id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class FavouriteSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.Enum(FavouriteKind, by_value=True, metadata={"description": _KIND})
    target_id = fields.Integer()
    title = fields.String(metadata={"description": "需求标题或组织名称"})
    status = fields.String(allow_none=True, metadata={
        "description": "需求的状态（unclaimed 待认领 / claimed 已认领 / completed 已完成 / withdrawn 已撤回），"
                       "或组织的类型（league 团组织 / volunteer_org 志愿服务组织）"})
    created_at = fields.DateTime()


class FavouritesPageSchema(OutputSchema):
    items = fields.List(fields.Nested(FavouriteSchema))
    next_before_id = fields.Integer(allow_none=True, metadata={"description": "下一页的 before_id；没有更多时为 null"})
