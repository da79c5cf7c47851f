"""Response pieces several features share."""
from __future__ import annotations

from marshmallow import fields

from app.accounts.models import Gender, MemberRole, OrgKind, RegionLevel
from app.api.validation import OutputSchema


def _parent_code(region) -> str | None:
    # The path (/440100/440106/) names every ancestor, so the parent costs no query in any list.
    codes = region.path.strip("/").split("/")
    return codes[-2] if len(codes) > 1 else None


class RegionBriefSchema(OutputSchema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    level = fields.Enum(RegionLevel, by_value=True)
    parent_code = fields.Function(_parent_code, dump_only=True, metadata={
        "type": "string", "nullable": True, "description": "上级区域代码（市级为空），如社工站所在街道的上级区"})


class OrganisationSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.Enum(OrgKind, by_value=True, metadata={"description": "association 市志愿者协会 / station 社工站 / "
                                                         "community 社区 / league 团组织 / volunteer_org 志愿服务组织"})
    region = fields.Nested(RegionBriefSchema)
    is_active = fields.Boolean()


class MembershipSchema(OutputSchema):
    organisation = fields.Nested(OrganisationSchema)
    role = fields.Enum(MemberRole, by_value=True)
    is_active = fields.Boolean()
    bound_via_account = fields.Function(lambda m: m.via_account_id is not None, dump_only=True,
                                        metadata={"type": "boolean", "description": "是否通过绑定机构账号获得"})


class MeSchema(OutputSchema):
    id = fields.Integer()
    real_name = fields.String(allow_none=True)
    gender = fields.Enum(Gender, by_value=True)
    is_party_member = fields.Boolean()
    work_unit = fields.String(allow_none=True)
    # "Community" names two things: a community committee (社区机构, an organisation: every community_id) and
    # the community-level region it sits at (this field). Each field's description says which.
    service_community = fields.Nested(RegionBriefSchema, allow_none=True, metadata={
        "description": "服务社区所在的区域（社区级区域：id、code 为区域的，不是社区机构）；社区机构见 "
                       "GET /community/membership 的 community（其 id 即各处 community_id 所指，region 即本区域）"})
    phone = fields.String(allow_none=True, metadata={"description": "已脱敏，如 138****5678"})
    has_phone = fields.Boolean()
    username = fields.String(allow_none=True)
    must_change_password = fields.Boolean()
    is_platform_admin = fields.Boolean()
    memberships = fields.List(fields.Nested(MembershipSchema))


class TokenSchema(OutputSchema):
    access_token = fields.String()
    refresh_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class LoginResultSchema(TokenSchema):
    user = fields.Nested(MeSchema)
    is_new_user = fields.Boolean()


class CommunityEventActorSchema(OutputSchema):
    id = fields.Integer(allow_none=True, metadata={"description": "操作人（非工作人员查看他人操作时为空）"})
    name = fields.String(metadata={
        "description": "姓名；“系统”为定时任务；非工作人员查看他人操作时为角色（社区工作人员 / 志愿者）"})


class CommunityEventSchema(OutputSchema):
    """One step of a community subject's audit trail (处理记录)."""
    id = fields.Integer()
    subject_type = fields.String(metadata={"description": "application / report / help_request / star"})
    subject_label = fields.String()
    subject_id = fields.Integer()
    action = fields.String()
    action_label = fields.String()
    from_status = fields.String(allow_none=True)
    from_status_label = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    to_status_label = fields.String(allow_none=True)
    reason = fields.String(allow_none=True, metadata={"description": "原因（不通过、不予受理）或推荐理由（之星调整）"})
    at = fields.DateTime()
    actor = fields.Nested(CommunityEventActorSchema)
