"""Request and response shapes of the help-request endpoints (公众求助)."""
from __future__ import annotations

from marshmallow import fields, validate

from app.api.validation import InputSchema, OutputSchema
from app.community.help_requests import ASSIGN_MAX, RESULT_MAX, SUMMARY_MAX, TEXT_LIMITS
from app.community.models import HelpRequestStatus
from app.core.timeutil import SHANGHAI

_ID = validate.Range(min=1, max=2147483647)
_STATUS = "pending 待安排 / assigned 已安排 / closed 已办结 / declined 不予受理 / withdrawn 已撤回"
_VIEWPOINT = "requester 求助人 / staff 社区工作人员 / volunteer 被安排的志愿者 / public 公开（已办结）"


def _text(name: str, **kwargs):
    label, limit = TEXT_LIMITS[name]
    return fields.String(required=True, validate=validate.Length(min=1, max=limit),
                         metadata={"description": f"{label}（不超过 {limit} 字）"}, **kwargs)


class HelpRequestCreateSchema(InputSchema):
    community_id = fields.Integer(required=True, strict=True, validate=_ID,
                                  metadata={"description": "求助的服务社区：社区机构（organisation）id，即 "
                                                           "GET /community/communities 中的 id；不是区域"})
    title = _text("title")
    content = _text("content")
    place = _text("place")
    wanted_at = fields.AwareDateTime(required=True, default_timezone=SHANGHAI, metadata={
        "description": "期望服务时间（晚于当前、一年以内；带时区的 ISO 8601，不带时区时按北京时间理解）"})
    contact_name = _text("contact_name")
    contact_phone = fields.String(required=True, validate=validate.Length(min=1, max=20),
                                  metadata={"description": "联系电话（手机号码或带区号的固定电话；加密保存）"})


class HelpAssignSchema(InputSchema):
    volunteer_ids = fields.List(fields.Integer(strict=True, validate=_ID), required=True,
                                validate=validate.Length(min=1, max=ASSIGN_MAX),
                                metadata={"description": "本社区志愿者的用户 id；再次安排为追加"})


class HelpDeclineSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "不予受理的原因（求助人可见）"})


class HelpResultSchema(InputSchema):
    result = fields.String(required=True, validate=validate.Length(min=1, max=RESULT_MAX),
                           metadata={"description": "服务结果"})


class HelpHoursInputSchema(InputSchema):
    volunteer_id = fields.Integer(required=True, strict=True, validate=_ID, metadata={"description": "被安排的志愿者"})
    # The range is checked by the service (0.1–24, tenths): a Decimal bound would land in the OpenAPI
    # document, which JSON cannot carry.
    hours = fields.Decimal(required=True, metadata={"description": "服务时长（小时，0.1–24，最多一位小数）"})


class HelpCloseSchema(InputSchema):
    summary = fields.String(required=True, validate=validate.Length(min=1, max=SUMMARY_MAX),
                            metadata={"description": "办理情况（公开显示）"})
    hours = fields.List(fields.Nested(HelpHoursInputSchema), load_default=list, validate=validate.Length(max=100),
                        metadata={"description": "各志愿者的服务时长（可选；计入服务时长与积分，每人只记一次）"})


class HelpPageQuery(InputSchema):
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页的 next_before_id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class HelpQueueQuery(HelpPageQuery):
    status = fields.Enum(HelpRequestStatus, by_value=True, load_default=None, metadata={"description": _STATUS})
    organisation_id = fields.Integer(load_default=None, validate=_ID,
                                     metadata={"description": "社区；不填时为本人所属的全部社区"})


class HelpPublicQuery(InputSchema):
    cursor = fields.String(load_default=None, validate=validate.Length(min=1, max=300),
                           metadata={"description": "上一页的 next_cursor"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class HelpCommunitySchema(OutputSchema):
    id = fields.Integer(metadata={"description": "社区机构（organisation）id"})
    name = fields.String()


class HelpAssignmentSchema(OutputSchema):
    volunteer_id = fields.Integer()
    name = fields.String(metadata={"description": "志愿者姓名"})
    assigned_at = fields.DateTime()
    result = fields.String(allow_none=True, metadata={"description": "服务结果"})
    reported_at = fields.DateTime(allow_none=True)
    credited_hours = fields.Float(allow_none=True, metadata={"description": "办结时记入的服务时长"})
    mine = fields.Boolean(metadata={"description": "是否为当前用户本人的安排（志愿者据此找到自己之前反馈的结果）"})


class PublicHelpRequestSchema(OutputSchema):
    id = fields.Integer()
    title = fields.String()
    community = fields.Nested(HelpCommunitySchema)
    summary = fields.String(metadata={"description": "求助内容摘要"})
    close_summary = fields.String(allow_none=True, metadata={"description": "办理情况"})
    closed_at = fields.DateTime(allow_none=True, metadata={"description": "办结时间"})


class HelpRequestBriefSchema(OutputSchema):
    id = fields.Integer()
    title = fields.String()
    status = fields.Enum(HelpRequestStatus, by_value=True, metadata={"description": _STATUS})
    status_label = fields.String()
    status_reason = fields.String(allow_none=True, metadata={"description": "不予受理的原因"})
    community = fields.Nested(HelpCommunitySchema)
    place = fields.String()
    wanted_at = fields.DateTime(metadata={"description": "期望服务时间"})
    created_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    close_summary = fields.String(allow_none=True)


class HelpRequestRowSchema(HelpRequestBriefSchema):
    contact_name = fields.String(metadata={"description": "联系人（社区工作人员可见）"})
    contact_phone = fields.String(metadata={"description": "联系电话（列表中已脱敏；详情中为完整号码）"})
    assignments = fields.List(fields.Nested(HelpAssignmentSchema))


class HelpRequestDetailSchema(HelpRequestRowSchema):
    """One shape for every reader: the public (已办结) view carries only id, title, community, summary,
    close_summary, closed_at and viewpoint."""
    viewpoint = fields.String(metadata={"description": _VIEWPOINT})
    content = fields.String()
    summary = fields.String(metadata={"description": "求助内容摘要（公开视图）"})


class HelpRequestPageSchema(OutputSchema):
    items = fields.List(fields.Nested(HelpRequestRowSchema))
    next_before_id = fields.Integer(allow_none=True, metadata={"description": "下一页的 before_id；为空表示没有更多"})


class MyAssignmentSchema(OutputSchema):
    assignment_id = fields.Integer()
    assigned_at = fields.DateTime()
    result = fields.String(allow_none=True)
    reported_at = fields.DateTime(allow_none=True)
    credited_hours = fields.Float(allow_none=True)
    request = fields.Nested(HelpRequestBriefSchema)


class MyAssignmentPageSchema(OutputSchema):
    items = fields.List(fields.Nested(MyAssignmentSchema))
    next_before_id = fields.Integer(allow_none=True)


class PublicHelpRequestPageSchema(OutputSchema):
    items = fields.List(fields.Nested(PublicHelpRequestSchema))
    next_cursor = fields.String(allow_none=True, metadata={"description": "下一页的 cursor；为空表示没有更多"})


