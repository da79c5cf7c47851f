from __future__ import annotations

from marshmallow import fields, validate

from app.api.validation import InputSchema, OutputSchema
from app.notify.models import Channel, DeliveryStatus

_ID = validate.Range(min=1, max=2147483647)


class InboxQuery(InputSchema):
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页最后一条的 id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    unread_only = fields.Boolean(load_default=False)


class InboxItemSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.String(attribute="event.kind")
    title = fields.String(attribute="event.title")
    body = fields.String(attribute="event.body")
    page = fields.String(attribute="event.page", allow_none=True, metadata={"description": "小程序页面路径"})
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class UnreadSchema(OutputSchema):
    unread = fields.Integer()


class CountSchema(OutputSchema):
    updated = fields.Integer()


class SubscriptionReportSchema(InputSchema):
    results = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=100)),
                          values=fields.String(validate=validate.Length(min=1, max=20)), required=True,
                          validate=validate.Length(min=1, max=10),
                          metadata={"description":
                                    "wx.requestSubscribeMessage 的结果：模板 id → accept/reject/ban/filter"})


class SubscriptionStateSchema(OutputSchema):
    templates = fields.Dict(keys=fields.String(), values=fields.String(),
                            metadata={"description": "用途 → 订阅消息模板 id，供 wx.requestSubscribeMessage 使用"})
    credits = fields.Dict(keys=fields.String(), values=fields.Integer(),
                          metadata={"description": "模板 id → 剩余可发次数"})


class DeliveryQuery(InputSchema):
    status = fields.Enum(DeliveryStatus, by_value=True, load_default=DeliveryStatus.FAILED)
    before_id = fields.Integer(load_default=None, validate=_ID)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class DeliverySchema(OutputSchema):
    id = fields.Integer()
    event_kind = fields.String(attribute="event.kind")
    event_title = fields.String(attribute="event.title")
    recipient_id = fields.Integer()
    channel = fields.Enum(Channel, by_value=True)
    template_id = fields.String()
    status = fields.Enum(DeliveryStatus, by_value=True)
    attempts = fields.Integer()
    last_errcode = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    next_attempt_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)
