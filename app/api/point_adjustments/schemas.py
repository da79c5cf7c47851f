"""Request and response schemas of 积分调整 (points adjustments) and their audit list."""
from __future__ import annotations

from marshmallow import ValidationError, fields, pre_dump, validate, validates, validates_schema

from app.api.validation import InputSchema, OutputSchema
from app.ledger.adjustments import MAX_ADJUSTMENT, MAX_REASON, TARGET_TYPES

_ID = validate.Range(min=1, max=2147483647)
_TYPES = validate.OneOf([t.value for t in TARGET_TYPES])
_TYPE_DOC = "user 个人 / organisation 组织（团组织、志愿服务组织）"


class AdjustmentCreateSchema(InputSchema):
    account_type = fields.String(required=True, validate=_TYPES, metadata={"description": _TYPE_DOC})
    account_id = fields.Integer(required=True, strict=True, validate=_ID,
                                metadata={"description": "用户 id 或组织 id（按 account_type）"})
    amount = fields.Integer(required=True, strict=True, validate=[
        validate.Range(min=-MAX_ADJUSTMENT, max=MAX_ADJUSTMENT), validate.NoneOf([0], error="调整积分不能为 0")],
        metadata={"description": f"调整的积分：正数增加，负数扣减（不为 0，绝对值不超过 {MAX_ADJUSTMENT}）"})
    reason = fields.String(required=True, validate=validate.Length(min=1, max=MAX_REASON),
                           metadata={"description": f"调整原因（必填，最多 {MAX_REASON} 字），显示在双方积分明细中"})
    request_id = fields.UUID(required=True, error_messages={"invalid_uuid": "应为 UUID"},
                             metadata={"description": "客户端生成的请求编号（UUID）；重试时原样提交，不会重复调整"})

    @validates("reason")
    def reason_not_blank(self, value, **_kwargs):
        if not value.strip():
            raise ValidationError("请填写调整原因")


class AdjustmentQuery(InputSchema):
    account_type = fields.String(load_default=None, validate=_TYPES, metadata={"description": _TYPE_DOC})
    account_id = fields.Integer(load_default=None, validate=_ID,
                                metadata={"description": "只看这个账户（须同时填写 account_type）"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))

    @validates_schema
    def id_needs_type(self, data, **_kwargs):
        if data.get("account_id") is not None and data.get("account_type") is None:
            raise ValidationError("按账户筛选须同时填写 account_type", field_name="account_type")


class _Nesting:
    """The record, with `account` and `booked_by` pointing back at it for the Nested schemas."""

    def __init__(self, row):
        self._row = row

    def __getattr__(self, name):
        return self._row if name in ("account", "booked_by") else getattr(self._row, name)


class AccountBriefSchema(OutputSchema):
    type = fields.String(attribute="account_type", validate=_TYPES, metadata={"description": _TYPE_DOC})
    id = fields.Integer(attribute="account_id")
    name = fields.String(attribute="account_name")


class BookerSchema(OutputSchema):
    id = fields.Integer(attribute="booked_by_id", allow_none=True)
    name = fields.String(attribute="booked_by_name", allow_none=True)


class AdjustmentSchema(OutputSchema):
    id = fields.Integer(metadata={"description": "调整记录（积分流水）编号"})
    account = fields.Nested(AccountBriefSchema, metadata={"description": "被调整的账户"})
    amount = fields.Integer(metadata={"description": "正数为增加，负数为扣减"})
    reason = fields.String()
    booked_by = fields.Nested(BookerSchema, metadata={"description": "经办人"})
    created_at = fields.DateTime()

    @pre_dump
    def nest(self, row, **_kwargs):
        # The adjustment is one flat record: its account and booker fields are read from the record itself,
        # through Nested schemas so the spec (and the console's generated types) name their fields.
        return _Nesting(row)


class AdjustmentBookedSchema(AdjustmentSchema):
    balance = fields.Integer(metadata={"description": "调整后该账户的积分余额"})
    replayed = fields.Boolean(metadata={"description": "true 表示这是对同一请求编号的重复提交，未再次调整"})


class AdjustmentPageSchema(OutputSchema):
    items = fields.List(fields.Nested(AdjustmentSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()
