"""Request and response shapes of the V订单 endpoints (DOMAIN.md §3.2 and the seed's 我要发单 form,
V订单记录列表 and 订单审核 columns)."""
from __future__ import annotations

from datetime import date

from marshmallow import ValidationError, fields, validate, validates_schema

from app.accounts.models import Gender
from app.api.validation import InputSchema, OutputSchema
from app.core.timeutil import SHANGHAI
from app.timebank.models import CertificationStatus, NeedType, OrderStatus, TakeStatus
from app.timebank.order_form import ADDRESS_MAX, CONTENT_MAX, NOTES_MAX, RECRUIT_MAX, RECRUIT_MIN, TITLE_MAX
from app.timebank.order_labels import REVIEW_TABS

_ID = validate.Range(min=1, max=2147483647)
_CODE = validate.Regexp(r"^[0-9A-Za-z_-]{1,30}$", error="编码格式不正确")
_REGION = validate.Regexp(r"^[0-9]{6,12}$", error="区域编码格式不正确")
_TIME_NOTE = "带时区的 ISO 8601 时间；不带时区时按北京时间理解"


def _text(maximum: int, description: str, **kwargs):
    return fields.String(validate=validate.Length(min=1, max=maximum), metadata={"description": description},
                         **kwargs)


def _time(description: str, **kwargs):
    return fields.AwareDateTime(default_timezone=SHANGHAI, metadata={"description": f"{description}（{_TIME_NOTE}）"},
                                **kwargs)


class OrderFormSchema(InputSchema):
    """我要发单 / V订单记录添加: every field of the form."""
    title = _text(TITLE_MAX, "需求标题", required=True)
    need_type = fields.Enum(NeedType, by_value=True, required=True,
                            metadata={"description": "需求类型：for_others 为他人下单 / for_self 为自己下单"})
    beneficiary_id = fields.Integer(required=True, validate=_ID, metadata={"description": "服务对象（启用中）"})
    service_item_code = fields.String(required=True, validate=_CODE, metadata={"description": "服务项目编码"})
    service_type_code = fields.String(required=True, validate=_CODE, metadata={"description": "服务类型编码"})
    district_code = fields.String(required=True, validate=_REGION, metadata={"description": "所属区域（区）编码"})
    street_code = fields.String(required=True, validate=_REGION, metadata={"description": "所属街道编码"})
    latitude = fields.Float(required=True, allow_nan=False, validate=validate.Range(min=-90, max=90),
                            metadata={"description": "选择地点：纬度"})
    longitude = fields.Float(required=True, allow_nan=False, validate=validate.Range(min=-180, max=180),
                             metadata={"description": "选择地点：经度"})
    address = _text(ADDRESS_MAX, "详细地址", required=True)
    starts_at = _time("服务开始时间", required=True)
    ends_at = _time("服务结束时间", required=True)
    take_deadline = _time("接单截止日期，须早于服务开始时间", required=True)
    recruit_count = fields.Integer(required=True, strict=True,
                                   validate=validate.Range(min=RECRUIT_MIN, max=RECRUIT_MAX),
                                   metadata={"description": "招募人数"})
    taker_notes = _text(NOTES_MAX, "接单须知", required=True)
    traffic_guide = _text(NOTES_MAX, "交通指引", required=True)
    content = _text(CONTENT_MAX, "服务内容", required=True)


class OrderEditSchema(OrderFormSchema):
    """修改: any fields of the form (load it with partial=True); the whole order is checked again."""


class OrderReasonSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "原因（查看原因时显示）"})


class OrderFilterQuery(InputSchema):
    title = fields.String(load_default=None, validate=validate.Length(max=TITLE_MAX),
                          metadata={"description": "需求标题（包含）"})
    service_item = fields.String(load_default=None, validate=_CODE, metadata={"description": "服务项目编码"})
    street = fields.String(load_default=None, validate=_REGION,
                           metadata={"description": "所属街道（区域编码，含其下级）"})
    service_from = fields.Date(load_default=None, validate=validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31)),
                               metadata={"description": "服务时间起（北京时间日期）"})
    service_to = fields.Date(load_default=None, validate=validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31)),
                             metadata={"description": "服务时间止（北京时间日期）"})
    status = fields.Enum(OrderStatus, by_value=True, load_default=None, metadata={"description": "订单状态"})
    tab = fields.String(load_default="all", validate=validate.OneOf(list(REVIEW_TABS)),
                        metadata={"description": "订单审核页签：pending 待审核 / first_approved 初审已通过 / "
                                                 "approved 审核通过 / rejected 审核不通过 / all 全部"})
    has_pending_takes = fields.Boolean(load_default=None,
                                       metadata={"description": "true 只看有待审核接单（接单人待审核）的订单 / "
                                                                "false 只看没有的；不传则不限"})

    @validates_schema
    def dates_ordered(self, data, **_kwargs):
        if data.get("service_from") and data.get("service_to") and data["service_from"] > data["service_to"]:
            raise ValidationError("服务时间止不能早于服务时间起", field_name="service_to")


class OrderListQuery(OrderFilterQuery):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    page_size = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))


class CodeNameSchema(OutputSchema):
    code = fields.String()
    name = fields.String()


class ActionSchema(OutputSchema):
    action = fields.String(metadata={"description": "edit / first_approve / ... ：对应 POST /orders/{id}/<动作>"})
    label = fields.String()


class OrderRowSchema(OutputSchema):
    id = fields.Integer()
    number = fields.String(metadata={"description": "订单号"})
    title = fields.String(metadata={"description": "需求标题"})
    need_type = fields.Enum(NeedType, by_value=True)
    need_type_label = fields.String(metadata={"description": "需求类型"})
    id_card_number = fields.String(allow_none=True, metadata={"description": "服务对象身份证号码（非本站脱敏）"})
    beneficiary_name = fields.String(metadata={"description": "服务对象姓名（与订单详情相同，本辖区工作人员可见）"})
    service_item = fields.Nested(CodeNameSchema)
    street = fields.Nested(CodeNameSchema, metadata={"description": "所属街道"})
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    donated_points = fields.Integer(metadata={"description": "收到捐赠积分"})
    recruit_count = fields.Integer(metadata={"description": "招募人数"})
    approved_count = fields.Integer(metadata={"description": "已录用人数（审核通过的接单）"})
    status = fields.Enum(OrderStatus, by_value=True)
    status_label = fields.String(metadata={"description": "订单状态"})
    creator = fields.String(metadata={"description": "创建人（发单社工站）"})
    created_by = fields.String(allow_none=True, metadata={"description": "发单账号"})
    updated_at = fields.DateTime(metadata={"description": "最后修改时间"})
    actions = fields.List(fields.Nested(ActionSchema), metadata={"description": "操作（当前用户可执行的）"})


class OrderPageSchema(OutputSchema):
    items = fields.List(fields.Nested(OrderRowSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class BeneficiarySummarySchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    gender = fields.Enum(Gender, by_value=True)
    age = fields.Integer()
    id_card_number = fields.String(allow_none=True, metadata={"description": "非本站脱敏"})
    phone = fields.String(allow_none=True, metadata={"description": "非本站脱敏"})


class StationBriefSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()


class OrderMyTakeSchema(OutputSchema):
    id = fields.Integer(metadata={"description": "接单记录 id（撤回接单用）"})
    status = fields.Enum(TakeStatus, by_value=True,
                         metadata={"description": "pending 待审核 / approved 审核通过 / rejected 审核不通过 / "
                                                  "withdrawn 已撤回 / lapsed 未录用"})
    status_label = fields.String(metadata={"description": "接单状态"})
    status_reason = fields.String(allow_none=True, metadata={"description": "不通过原因"})
    provider_org_id = fields.Integer(allow_none=True, metadata={"description": "以接单服务商身份接单时：组织 id"})
    provider_org_name = fields.String(allow_none=True, metadata={"description": "以接单服务商身份接单时：组织名称"})


class OrderCertificationBriefSchema(OutputSchema):
    id = fields.Integer(metadata={"description": "时数认证 id（GET /certifications/{id}）"})
    status = fields.Enum(CertificationStatus, by_value=True,
                         metadata={"description": "pending 待审核 / approved 审核通过 / rejected 审核不通过"})
    status_label = fields.String(metadata={"description": "认证状态"})


_TAKERS_ONLY = "订单进行中、待评价、已完成时，仅接单人（审核通过）、本辖区工作人员可见；其他人为空"


class OrderDetailSchema(OutputSchema):
    id = fields.Integer()
    number = fields.String()
    title = fields.String()
    need_type = fields.Enum(NeedType, by_value=True)
    need_type_label = fields.String()
    service_item = fields.Nested(CodeNameSchema)
    service_type = fields.Nested(CodeNameSchema)
    district = fields.Nested(CodeNameSchema)
    street = fields.Nested(CodeNameSchema)
    latitude = fields.Float(allow_none=True, metadata={"description": _TAKERS_ONLY})
    longitude = fields.Float(allow_none=True, metadata={"description": _TAKERS_ONLY})
    address = fields.String(allow_none=True, metadata={"description": _TAKERS_ONLY})
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    take_deadline = fields.DateTime()
    recruit_count = fields.Integer()
    places_held = fields.Integer(metadata={"description": "已占名额（待审核与已通过的接单）"})
    approved_count = fields.Integer()
    places_left = fields.Integer()
    taker_notes = fields.String(allow_none=True, metadata={"description": _TAKERS_ONLY})
    traffic_guide = fields.String(allow_none=True, metadata={"description": _TAKERS_ONLY})
    content = fields.String(allow_none=True, metadata={"description": _TAKERS_ONLY})
    status = fields.Enum(OrderStatus, by_value=True)
    status_label = fields.String()
    status_reason = fields.String(allow_none=True, metadata={"description": "查看原因（审核不通过、取消、中止）"})
    donated_points = fields.Integer(metadata={"description": "收到捐赠积分"})
    station = fields.Nested(StationBriefSchema)
    created_by = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    beneficiary = fields.Nested(BeneficiarySummarySchema, allow_none=True,
                                metadata={"description": "服务对象（仅工作人员可见）"})
    actions = fields.List(fields.Nested(ActionSchema))
    my_take = fields.Nested(OrderMyTakeSchema, allow_none=True,
                            metadata={"description": "我的接单（本人或我所在接单服务商的）："
                                                     "有效的（待审核、已通过）优先，否则最近一次；未接过为空"})
    certification = fields.Nested(OrderCertificationBriefSchema, allow_none=True,
                                  metadata={"description": "该订单最近一次时数认证（仅工作人员可见；未提交过为空）"})


class EventActorSchema(OutputSchema):
    id = fields.Integer(allow_none=True)
    name = fields.String()


class OrderEventSchema(OutputSchema):
    id = fields.Integer()
    subject_type = fields.String(metadata={"description": "order / take / certification"})
    subject_label = fields.String()
    subject_id = fields.Integer()
    action = fields.String()
    action_label = fields.String()
    from_status = fields.String(allow_none=True)
    from_status_label = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    to_status_label = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    at = fields.DateTime()
    actor = fields.Nested(EventActorSchema)
