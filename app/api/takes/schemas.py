from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from app.api.validation import InputSchema, OutputSchema
from app.timebank.models import OrderStatus, TakeStatus

_ID = validate.Range(min=1, max=2147483647)
_TAKE_STATUS = ("pending 待审核 / approved 审核通过 / rejected 审核不通过 / withdrawn 已撤回 / "
                "lapsed 未录用（招募结束时仍未审核）")
_REGION_CODE = validate.Regexp(r"^\d{6,12}$", error="区域代码格式有误")
_CODE = validate.Length(min=1, max=30)


class FeedQuery(InputSchema):
    memo_query = True  # depends on the query string alone (app/api/blueprint.py)

    district_code = fields.String(load_default=None, validate=_REGION_CODE, metadata={"description": "区，如 440106"})
    street_code = fields.String(load_default=None, validate=_REGION_CODE,
                                metadata={"description": "街道，如 440106001"})
    service_item_code = fields.String(load_default=None, validate=_CODE, metadata={"description": "服务项目代码"})
    service_type_code = fields.String(load_default=None, validate=_CODE, metadata={"description": "服务类型代码"})
    starts_from = fields.AwareDateTime(load_default=None, metadata={"description": "服务开始时间不早于（带时区）"})
    starts_to = fields.AwareDateTime(load_default=None, metadata={"description": "服务开始时间不晚于（带时区）"})
    sort = fields.String(load_default="start", validate=validate.OneOf(["start", "distance"]),
                         metadata={"description": "start 按开始时间 / distance 按距离（须传 lat、lng）"})
    lat = fields.Float(load_default=None, validate=validate.Range(min=-90, max=90), allow_nan=False)
    lng = fields.Float(load_default=None, validate=validate.Range(min=-180, max=180), allow_nan=False)
    cursor = fields.String(load_default=None, validate=validate.Length(min=1, max=300),
                           metadata={"description": "上一页返回的 next_cursor"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))

    @validates_schema
    def check(self, data, **_kwargs):
        if data["sort"] == "distance" and (data["lat"] is None or data["lng"] is None):
            raise ValidationError({field: ["按距离排序时必填"] for field in ("lat", "lng") if data[field] is None})
        if data["starts_from"] and data["starts_to"] and data["starts_from"] > data["starts_to"]:
            raise ValidationError({"starts_to": ["结束时间不能早于开始时间"]})


class FeedItemSchema(OutputSchema):
    id = fields.Integer()
    number = fields.String(metadata={"description": "订单号"})
    title = fields.String(metadata={"description": "需求标题"})
    service_item_name = fields.String(metadata={"description": "服务项目"})
    service_type_name = fields.String(metadata={"description": "服务类型"})
    street_name = fields.String(metadata={"description": "所属街道"})
    district_name = fields.String(metadata={"description": "所属区"})
    address = fields.String()
    latitude = fields.Float()
    longitude = fields.Float()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    take_deadline = fields.DateTime(metadata={"description": "接单截止时间"})
    recruit_count = fields.Integer(metadata={"description": "招募人数"})
    places_left = fields.Integer(metadata={"description": "剩余名额"})
    distance_km = fields.Float(allow_none=True, metadata={"description": "距离（公里），按距离排序时才有"})
    taken_by_me = fields.Boolean(metadata={"description": "我是否已接此单（待审核或已通过）"})


class FeedPageSchema(OutputSchema):
    items = fields.List(fields.Nested(FeedItemSchema))
    next_cursor = fields.String(allow_none=True, metadata={"description": "下一页的 cursor；为空表示没有更多"})


class TakeCreateSchema(InputSchema):
    as_organisation_id = fields.Integer(load_default=None, validate=_ID,
                                        metadata={"description": "以志愿服务组织（接单服务商）身份接单时填写"})


class TakeRejectSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "不通过原因（接单人可见）"})


class TakeSchema(OutputSchema):
    id = fields.Integer()
    order_id = fields.Integer()
    volunteer_id = fields.Integer(allow_none=True)
    provider_org_id = fields.Integer(allow_none=True, metadata={"description": "接单服务商（志愿服务组织）"})
    taken_by_id = fields.Integer(metadata={"description": "点击接单的人"})
    status = fields.Enum(TakeStatus, by_value=True, metadata={"description": _TAKE_STATUS})
    status_reason = fields.String(allow_none=True)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    created_at = fields.DateTime()
    reviewed_at = fields.DateTime(allow_none=True)


class TakerQuery(InputSchema):
    status = fields.Enum(TakeStatus, by_value=True, load_default=None, metadata={"description": _TAKE_STATUS})


class TakerSchema(OutputSchema):
    id = fields.Integer()
    order_id = fields.Integer()
    taker_type = fields.String(metadata={"description": "volunteer 接单人 / provider 接单服务商"})
    name = fields.String(allow_none=True, metadata={"description": "接单人姓名或服务商名称"})
    phone = fields.String(allow_none=True, metadata={"description": "联系电话（已脱敏）"})
    provider_org_id = fields.Integer(allow_none=True)
    provider_org_name = fields.String(allow_none=True)
    taken_by_name = fields.String(allow_none=True, metadata={"description": "操作接单的人"})
    status = fields.Enum(TakeStatus, by_value=True, metadata={"description": _TAKE_STATUS})
    status_reason = fields.String(allow_none=True)
    created_at = fields.DateTime(metadata={"description": "接单时间"})
    reviewed_at = fields.DateTime(allow_none=True)
    actions = fields.List(fields.String(), metadata={"description": "可进行的审核操作：approve / reject"})


class MyTakesQuery(InputSchema):
    status = fields.Enum(TakeStatus, by_value=True, load_default=None, metadata={"description": _TAKE_STATUS})
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页的 next_before_id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class TakenOrderSchema(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    title = fields.String()
    status = fields.Enum(OrderStatus, by_value=True)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    address = fields.String(allow_none=True, metadata={
        "description": "订单进行中、待评价、已完成时，仅接单审核通过者可见；其他为空"})
    service_item_name = fields.String()
    street_name = fields.String()


class MyTakeSchema(OutputSchema):
    id = fields.Integer()
    status = fields.Enum(TakeStatus, by_value=True, metadata={"description": _TAKE_STATUS})
    status_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    reviewed_at = fields.DateTime(allow_none=True)
    provider_org_id = fields.Integer(allow_none=True)
    provider_org_name = fields.String(allow_none=True)
    order = fields.Nested(TakenOrderSchema)


class MyTakesPageSchema(OutputSchema):
    items = fields.List(fields.Nested(MyTakeSchema))
    next_before_id = fields.Integer(allow_none=True, metadata={"description": "下一页的 before_id；为空表示没有更多"})
