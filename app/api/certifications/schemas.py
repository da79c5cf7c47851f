"""Request and response shapes of hours certification (订单时数认证)."""
from __future__ import annotations

from marshmallow import fields, validate

from app.api.orders.schemas import ActionSchema
from app.api.uploads.schemas import UploadSchema
from app.api.validation import InputSchema, OutputSchema
from app.timebank.models import CertificationStatus, OrderStatus

_ID = validate.Range(min=1, max=2147483647)
_COUNT = validate.Range(min=0, max=100000)
_STARS = validate.Range(min=1, max=5)
_TEXT = validate.Length(min=1, max=500)


def _count(label: str):
    return fields.Integer(required=True, strict=True, validate=_COUNT, metadata={"description": label})


def _stars(label: str):
    return fields.Integer(required=True, strict=True, validate=_STARS, metadata={"description": f"{label}（1–5 星）"})


class CertifiedHoursInputSchema(InputSchema):
    take_id = fields.Integer(required=True, strict=True, validate=_ID,
                             metadata={"description": "本订单审核通过的接单记录 id"})
    # Range is checked by the service (> 0, at most 24 per certified day): a Decimal bound in the schema
    # would also land in the OpenAPI document, which JSON cannot carry.
    hours = fields.Decimal(required=True,
                           metadata={"description": "服务时数（小时，大于 0，最多一位小数，每天不超过 24 小时）"})


class CertificationFileSchema(InputSchema):
    service_date_start = fields.Date(required=True, metadata={"description": "服务开始日期"})
    service_date_end = fields.Date(required=True, metadata={"description": "服务结束日期"})
    hours = fields.List(fields.Nested(CertifiedHoursInputSchema), required=True,
                        validate=validate.Length(min=1, max=200), metadata={"description": "每位接单人的服务时数"})
    beneficiary_person_times = _count("服务对象人次")
    beneficiary_headcount = _count("服务对象人数（不多于人次）")
    volunteer_person_times = _count("服务人员人次")
    volunteer_headcount = _count("服务人员人数（不多于人次）")
    service_summary = fields.String(required=True, validate=_TEXT, metadata={"description": "服务情况纪要"})
    effect_summary = fields.String(required=True, validate=_TEXT, metadata={"description": "成效小结"})
    photo_ids = fields.List(fields.Integer(strict=True, validate=_ID), required=True,
                            validate=validate.Length(min=1, max=9),
                            metadata={"description": "服务照片（必填：上传后的图片 id，1 到 9 张）"})
    rating_overall = _stars("订单服务总体评价")
    rating_arrangement = _stars("订单服务安排内容")
    rating_effect = _stars("订单服务服务效果")
    rating_attitude = _stars("服务人员服务态度")
    rating_skill = _stars("服务人员服务技能")
    rating_efficiency = _stars("服务人员服务效率")


class CertificationRejectSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "不通过的原因（退回社工站）"})


class CertificationQuery(InputSchema):
    status = fields.Enum(CertificationStatus, by_value=True, load_default=None,
                         metadata={"description": "pending 待审核 / approved 审核通过 / rejected 审核不通过"})
    number = fields.String(load_default=None,
                           validate=validate.Regexp(r"^\d{1,20}$", error="订单号应为 1 到 20 位数字"),
                           metadata={"description": "订单号（前缀匹配）"})
    street_code = fields.String(load_default=None,
                                validate=validate.Regexp(r"^\d{9}$", error="街道代码应为 9 位数字"),
                                metadata={"description": "所属街道代码"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class CertificationListItemSchema(OutputSchema):
    id = fields.Integer()
    order_id = fields.Integer()
    order_number = fields.String(metadata={"description": "订单号"})
    title = fields.String(metadata={"description": "需求标题"})
    street = fields.String(metadata={"description": "所属街道"})
    service_date_start = fields.Date()
    service_date_end = fields.Date()
    volunteer_headcount = fields.Integer(metadata={"description": "服务人员人数"})
    total_hours = fields.Float(metadata={"description": "认证总时数"})
    status = fields.Enum(CertificationStatus, by_value=True)
    status_label = fields.String()
    filed_at = fields.DateTime(metadata={"description": "提交时间"})
    filed_by = fields.String(allow_none=True, metadata={"description": "提交人"})


class CertificationPageSchema(OutputSchema):
    items = fields.List(fields.Nested(CertificationListItemSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class CertifiedHoursSchema(OutputSchema):
    take_id = fields.Integer()
    taker_type = fields.String(metadata={"description": "volunteer 志愿者 / provider 接单服务商"})
    volunteer_id = fields.Integer(allow_none=True)
    provider_org_id = fields.Integer(allow_none=True)
    name = fields.String(allow_none=True, metadata={"description": "志愿者姓名或服务商名称"})
    phone = fields.String(allow_none=True, metadata={"description": "志愿者手机号（已脱敏）"})
    hours = fields.Float(metadata={"description": "认证时数"})
    points = fields.Integer(allow_none=True, metadata={"description": "审核通过后到账的积分"})


class CertificationSchema(OutputSchema):
    id = fields.Integer()
    order_id = fields.Integer()
    order_number = fields.String()
    title = fields.String()
    street = fields.String()
    order_status = fields.Enum(OrderStatus, by_value=True)
    service_starts_at = fields.DateTime(metadata={"description": "订单服务开始时间"})
    service_ends_at = fields.DateTime(metadata={"description": "订单服务结束时间"})
    service_date_start = fields.Date()
    service_date_end = fields.Date()
    beneficiary_person_times = fields.Integer()
    beneficiary_headcount = fields.Integer()
    volunteer_person_times = fields.Integer()
    volunteer_headcount = fields.Integer()
    total_hours = fields.Float()
    hours = fields.List(fields.Nested(CertifiedHoursSchema))
    service_summary = fields.String()
    effect_summary = fields.String()
    photos = fields.List(fields.Nested(UploadSchema))
    rating_overall = fields.Integer()
    rating_arrangement = fields.Integer()
    rating_effect = fields.Integer()
    rating_attitude = fields.Integer()
    rating_skill = fields.Integer()
    rating_efficiency = fields.Integer()
    status = fields.Enum(CertificationStatus, by_value=True)
    status_label = fields.String()
    status_reason = fields.String(allow_none=True, metadata={"description": "不通过的原因"})
    filed_at = fields.DateTime()
    filed_by = fields.String(allow_none=True)
    reviewed_at = fields.DateTime(allow_none=True)
    reviewed_by = fields.String(allow_none=True)
    actions = fields.List(fields.Nested(ActionSchema),
                          metadata={"description": "当前用户现在可执行的操作：协会在待审核时可 approve 审核通过 / "
                                                   "reject 审核不通过（POST /certifications/{id}/<动作>）"})
