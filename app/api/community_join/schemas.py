"""Request and response shapes of joining a community (志愿者申请、审核、我的服务社区)."""
from __future__ import annotations

from marshmallow import fields, validate

from app.api.validation import InputSchema, OutputSchema
from app.community.membership import REAL_NAME_MAX, WORK_UNIT_MAX
from app.community.models import ApplicationStatus

_ID = validate.Range(min=1, max=2147483647)
_REGION = validate.Regexp(r"^[0-9]{6,12}$", error="区域编码格式不正确")
_STATUS = "pending 待审核 / approved 审核通过 / rejected 审核不通过 / withdrawn 已撤回"


class CommunityListQuery(InputSchema):
    region = fields.String(load_default=None, validate=_REGION,
                           metadata={"description": "区或街道编码（含其下属社区）"})
    name = fields.String(load_default=None, validate=validate.Length(min=1, max=50),
                         metadata={"description": "社区名称包含的文字"})
    after_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页的 next_after_id"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class ApplicationFormSchema(InputSchema):
    """志愿者申请表: every field required; the service checks each (ID checksum, lengths)."""
    community_id = fields.Integer(required=True, strict=True, validate=_ID,
                                  metadata={"description": "申请加入的服务社区：社区机构（organisation）id，即 "
                                                           "GET /community/communities 中的 id；不是区域 id 或编码"})
    real_name = fields.String(required=True, validate=validate.Length(min=1, max=REAL_NAME_MAX),
                              metadata={"description": "真实姓名（2 到 30 个汉字或字母）"})
    id_card_number = fields.String(required=True, validate=validate.Length(min=1, max=30),
                                   metadata={"description": "身份证号码（18 位，末位可为 X；加密保存）"})
    work_unit = fields.String(required=True, validate=validate.Length(min=1, max=WORK_UNIT_MAX),
                              metadata={"description": "工作单位"})
    is_party_member = fields.Boolean(required=True, metadata={"description": "是否党员"})


class ApplicationRejectSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "不通过的原因（申请人可见）"})


class ApplicationQueueQuery(InputSchema):
    organisation_id = fields.Integer(load_default=None, validate=_ID,
                                     metadata={"description": "社区（平台管理员必填；只属于一个社区时可不填）"})
    status = fields.Enum(ApplicationStatus, by_value=True, load_default=None, metadata={"description": _STATUS})
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页的 next_before_id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class JoinOrganisationSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()


class JoinRegionSchema(OutputSchema):
    code = fields.String()
    name = fields.String()


class ServiceCommunityBriefSchema(OutputSchema):
    id = fields.Integer(metadata={"description": "社区机构（organisation）id：community_id 所指"})
    name = fields.String()
    region = fields.Nested(JoinRegionSchema, metadata={
        "description": "社区机构所在的社区级区域：成为其志愿者后即 /me 的 service_community"})


class ServiceCommunitySchema(ServiceCommunityBriefSchema):
    street_name = fields.String(allow_none=True, metadata={"description": "所属街道"})
    district_name = fields.String(allow_none=True, metadata={"description": "所属区"})


class ServiceCommunityPageSchema(OutputSchema):
    items = fields.List(fields.Nested(ServiceCommunitySchema))
    next_after_id = fields.Integer(allow_none=True, metadata={"description": "下一页的 after_id；为空表示没有更多"})


class ApplicationSchema(OutputSchema):
    id = fields.Integer()
    community = fields.Nested(JoinOrganisationSchema)
    real_name = fields.String()
    id_card_number = fields.String(metadata={"description": "已脱敏，如 440***********1234"})
    work_unit = fields.String()
    is_party_member = fields.Boolean()
    status = fields.Enum(ApplicationStatus, by_value=True, metadata={"description": _STATUS})
    status_label = fields.String()
    status_reason = fields.String(allow_none=True, metadata={"description": "不通过的原因"})
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True, metadata={"description": "审核或撤回时间"})


class ApplicantSchema(OutputSchema):
    user_id = fields.Integer()
    real_name = fields.String()
    phone = fields.String(allow_none=True, metadata={"description": "已脱敏，如 138****5678"})


class QueueApplicationSchema(ApplicationSchema):
    applicant = fields.Nested(ApplicantSchema)
    current_community = fields.Nested(JoinOrganisationSchema, allow_none=True,
                                      metadata={"description": "申请人目前所在的社区（转入申请时有值）"})


class ApplicationPageSchema(OutputSchema):
    items = fields.List(fields.Nested(QueueApplicationSchema))
    next_before_id = fields.Integer(allow_none=True, metadata={"description": "下一页的 before_id；为空表示没有更多"})


class CommunityMembershipSchema(OutputSchema):
    is_volunteer = fields.Boolean(metadata={"description": "是否已是社区志愿者"})
    community = fields.Nested(ServiceCommunityBriefSchema, allow_none=True,
                              metadata={"description": "目前所在的服务社区"})
    joined_at = fields.DateTime(allow_none=True)
    work_unit = fields.String(allow_none=True)
    is_party_member = fields.Boolean(allow_none=True)
    pending_application = fields.Nested(ApplicationSchema, allow_none=True, metadata={"description": "待审核的申请"})
