from __future__ import annotations

from marshmallow import fields, validate

from app.api.validation import InputSchema, OutputSchema
from app.catalogue.services import CODE_PATTERN, NAME_MAX, SORT_MAX

_NAME = validate.Length(min=1, max=NAME_MAX)
_SORT = validate.Range(min=0, max=SORT_MAX)
_CODE = validate.Regexp(CODE_PATTERN, error="编码只能包含字母、数字、下划线和连字符，最长 30 位")


class CatalogueEntrySchema(OutputSchema):
    code = fields.String()
    name = fields.String()


class ManagedCatalogueEntrySchema(CatalogueEntrySchema):
    sort_order = fields.Integer()
    is_active = fields.Boolean(metadata={"description": "停用的字典项不再出现在选择列表中，已有订单仍显示"})


class CatalogueEntryCreateSchema(InputSchema):
    name = fields.String(required=True, validate=_NAME, metadata={"description": "名称，1–50 字"})
    code = fields.String(load_default=None, validate=_CODE, metadata={"description": "编码，不填则自动编号"})
    sort_order = fields.Integer(load_default=None, validate=_SORT, metadata={"description": "排序，不填则排在最后"})


class CatalogueEntryUpdateSchema(InputSchema):
    name = fields.String(validate=_NAME)
    sort_order = fields.Integer(validate=_SORT)
    is_active = fields.Boolean(metadata={"description": "false 停用，true 重新启用"})
