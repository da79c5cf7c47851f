"""Schemas of the needs core: zones, formal and initial needs, claims, organisation profiles and pages."""
from __future__ import annotations

from marshmallow import fields, validate

from app.accounts.models import OrgKind
from app.api.uploads.links import content_url
from app.api.validation import InputSchema, OutputSchema
from app.core.timeutil import SHANGHAI
from app.needs.models import ClaimStatus, InitialNeedStatus, NeedStatus

_ID = validate.Range(min=1, max=2147483647)
_CODE = validate.Regexp(r"^\d{6,12}$", error="区域代码应为 6-12 位数字")


def _text(maximum: int, description: str, *, required: bool = True, minimum: int = 1, **kwargs):
    return fields.String(required=required, validate=validate.Length(min=minimum, max=maximum),
                         metadata={"description": description}, **kwargs)


def _time(description: str):
    return fields.AwareDateTime(required=True, default_timezone=SHANGHAI,
                                metadata={"description": f"{description}（ISO 8601，无时区按北京时间）"})


def _org_id():
    return fields.Integer(load_default=None, allow_none=True, validate=_ID,
                          metadata={"description": "代表哪个组织操作（属于多个组织时必填）"})


# -- zones -------------------------------------------------------------------------------------------
class ZoneCreateSchema(InputSchema):
    name = _text(20, "专区名称，如 七彩假期", minimum=2)
    description = _text(500, "简介", required=False, load_default=None, allow_none=True)
    starts_on = fields.Date(required=True, metadata={"description": "开始日期"})
    ends_on = fields.Date(required=True, metadata={"description": "结束日期"})
    is_active = fields.Boolean(load_default=True)


class ZoneUpdateSchema(InputSchema):
    name = _text(20, "专区名称", required=False, minimum=2)
    description = _text(500, "简介", required=False, allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    is_active = fields.Boolean()


class ZoneSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    title_prefix = fields.String(metadata={"description": "需求与活动标题的前缀，如【七彩假期】"})
    description = fields.String(allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    is_active = fields.Boolean()


class ZoneQuery(InputSchema):
    active = fields.Boolean(load_default=False, metadata={"description": "只看启用的专区"})


# -- needs -------------------------------------------------------------------------------------------
class NeedFieldsSchema(InputSchema):
    zone_id = fields.Integer(load_default=None, allow_none=True, validate=_ID, metadata={"description": "专区"})
    region_code = fields.String(required=True, validate=_CODE, metadata={"description": "需求所在区域代码"})
    starts_at = _time("服务开始时间")
    ends_at = _time("服务结束时间")
    headcount = fields.Integer(required=True, validate=validate.Range(min=1, max=1000),
                               metadata={"description": "需求人数"})
    leader_name = _text(30, "团组织负责人姓名")
    leader_mobile = _text(11, "负责人手机号码（同意认领前不对外展示）", minimum=11)
    leader_landline = _text(20, "固定电话", required=False, load_default=None, allow_none=True)


class NeedCreateSchema(NeedFieldsSchema):
    organisation_id = _org_id()
    title = _text(100, "需求标题（平台自动加上专区前缀，如【七彩假期】）", minimum=2)
    content = _text(5000, "需求内容")


class AdoptSchema(NeedFieldsSchema):
    organisation_id = _org_id()
    title = _text(100, "需求标题（不填沿用初始需求）", required=False, minimum=2)
    content = _text(5000, "需求内容（不填沿用初始需求）", required=False)
    region_code = fields.String(required=False, validate=_CODE,
                                metadata={"description": "需求所在区域代码（不填沿用初始需求）"})


class NeedReasonSchema(InputSchema):
    reason = _text(200, "原因")


class NeedWithdrawSchema(InputSchema):
    reason = _text(200, "原因", required=False, load_default=None, allow_none=True)


class NeedListQuery(InputSchema):
    zone_id = fields.Integer(load_default=None, validate=_ID)
    region_code = fields.String(load_default=None, validate=_CODE)
    status = fields.Enum(NeedStatus, by_value=True, load_default=None)
    keyword = fields.String(load_default=None, validate=validate.Length(max=50))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class MyNeedsQuery(InputSchema):
    status = fields.Enum(NeedStatus, by_value=True, load_default=None)


class NeedEventSchema(OutputSchema):
    action = fields.String()
    action_label = fields.String()
    subject_type = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    at = fields.DateTime()


class NeedSchema(OutputSchema):
    id = fields.Integer()
    title = fields.String()
    zone_id = fields.Integer(allow_none=True)
    zone_name = fields.String(allow_none=True)
    league_org_id = fields.Integer()
    league_name = fields.String()
    region_name = fields.String()
    region_code = fields.String(metadata={"description": "需求所在区域代码（发布需求活动时的默认区域）"})
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    headcount = fields.Integer()
    status = fields.Enum(NeedStatus, by_value=True)
    status_label = fields.String(metadata={"description": "待认领 / 已认领 / 已完成 / 已撤回"})
    created_at = fields.DateTime()
    content = fields.String()
    leader_name = fields.String()
    phones_visible = fields.Boolean(metadata={
        "description": "是否可见负责人联系电话（发布需求的团组织、认领成功的组织与平台管理员）"})
    leader_mobile = fields.String(allow_none=True, metadata={
        "description": "负责人手机；团组织同意认领前不对外展示："
                       "无权查看者（公众、志愿者、其他组织、待确认或被退回的认领组织）得到 null"})
    leader_landline = fields.String(allow_none=True, metadata={
        "description": "固定电话（选填）；无权查看者得到 null，与负责人手机同一规则"})
    accepted_org_id = fields.Integer(allow_none=True)
    accepted_org_name = fields.String(allow_none=True)
    origin_initial_need_id = fields.Integer(allow_none=True, metadata={
        "description": "由初始需求采纳而来时，该初始需求的 id；直接发布的需求为 null"})
    claim_count = fields.Integer()
    pending_claim_count = fields.Integer()


class ClaimSchema(OutputSchema):
    id = fields.Integer()
    need_id = fields.Integer()
    need_title = fields.String()
    org_id = fields.Integer()
    org_name = fields.String()
    message = fields.String()
    status = fields.Enum(ClaimStatus, by_value=True)
    status_label = fields.String(metadata={"description": "待确认 / 认领成功 / 认领失败 / 撤销认领"})
    reason = fields.String(allow_none=True, metadata={"description": "退回原因"})
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    league_scored = fields.Boolean()
    claimer_scored = fields.Boolean()


class LeagueNeedSchema(NeedSchema):
    events = fields.List(fields.Nested(NeedEventSchema), metadata={"description": "处理进度（仅发布方可见）"})


class NeedDetailSchema(LeagueNeedSchema):
    is_favourite = fields.Boolean(metadata={"description": "我是否已收藏该需求（未登录为 false）"})
    my_claim = fields.Nested(ClaimSchema, allow_none=True, metadata={
        "description": "本组织（我所在的志愿服务组织）对该需求最近的一次认领，含状态、退回原因与双方是否已评分；"
                       "没有认领或不属于志愿服务组织时为 null"})


class NeedPageSchema(OutputSchema):
    items = fields.List(fields.Nested(NeedSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class NeedListSchema(OutputSchema):
    items = fields.List(fields.Nested(LeagueNeedSchema), metadata={"description": "含认领数与处理进度"})


# -- initial needs -------------------------------------------------------------------------------------
class InitialNeedCreateSchema(InputSchema):
    title = _text(100, "需求标题", minimum=2)
    content = _text(5000, "需求内容")
    region_code = fields.String(required=True, validate=_CODE, metadata={"description": "所在区域代码"})
    contact_name = _text(30, "联系人")
    contact_phone = _text(20, "联系电话（手机或固定电话）", minimum=7)


class InitialNeedQuery(InputSchema):
    status = fields.Enum(InitialNeedStatus, by_value=True, load_default=None)


class InitialNeedSchema(OutputSchema):
    id = fields.Integer()
    title = fields.String()
    content = fields.String()
    region_name = fields.String()
    contact_name = fields.String()
    contact_phone = fields.String(metadata={"description": "发布人本人与区域内团组织可见完整号码"})
    status = fields.Enum(InitialNeedStatus, by_value=True)
    status_label = fields.String()
    decision_reason = fields.String(allow_none=True)
    need_id = fields.Integer(allow_none=True, metadata={"description": "采纳后转化成的正式需求"})
    created_at = fields.DateTime()


class InitialNeedListSchema(OutputSchema):
    items = fields.List(fields.Nested(InitialNeedSchema))


# -- claims --------------------------------------------------------------------------------------------
class ClaimCreateSchema(InputSchema):
    organisation_id = _org_id()
    message = _text(500, "认领说明")


class ClaimQuery(InputSchema):
    status = fields.Enum(ClaimStatus, by_value=True, load_default=None)


class ClaimListSchema(OutputSchema):
    items = fields.List(fields.Nested(ClaimSchema))


# -- organisation profiles and pages ------------------------------------------------------------------------
class ProfileSchemaIn(InputSchema):
    registration_no = _text(30, "统一社会信用代码 / 登记证号", required=False, allow_none=True)
    registered_with = _text(100, "登记（备案）机关或背书组织", required=False, allow_none=True)
    contact_name = _text(30, "联系人", required=False, allow_none=True)
    contact_phone = _text(20, "联系电话", required=False, allow_none=True)
    service_areas = fields.List(fields.String(validate=validate.Length(min=1, max=20)),
                                validate=validate.Length(max=10), load_default=list,
                                metadata={"description": "服务领域"})
    introduction = _text(2000, "组织简介", required=False, allow_none=True)
    logo_upload_id = fields.Integer(load_default=None, allow_none=True, validate=_ID)


class ProfileSchema(OutputSchema):
    organisation_id = fields.Integer()
    registration_no = fields.String(allow_none=True)
    registered_with = fields.String(allow_none=True)
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    service_areas = fields.List(fields.String())
    introduction = fields.String(allow_none=True)
    logo_upload_id = fields.Integer(allow_none=True)
    logo_url = fields.Method("_logo_url", metadata={
        "type": "string", "nullable": True,
        "description": "组织标志图片地址（带签名的绝对地址，一小时内有效，可直接用于 <image src>）；未上传为 null"})
    complete = fields.Boolean(metadata={"description": "志愿服务组织须完善后才能认领"})

    def _logo_url(self, item) -> str | None:
        upload_id = item["logo_upload_id"]
        return content_url(upload_id) if upload_id else None


class OrgWorkSchema(OutputSchema):
    need_id = fields.Integer()
    title = fields.String()
    status = fields.String()
    status_label = fields.String()


class OrgPageSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.Enum(OrgKind, by_value=True)
    region_name = fields.String()
    registration_no = fields.String(allow_none=True)
    registered_with = fields.String(allow_none=True)
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True, metadata={"description": "打码"})
    service_areas = fields.List(fields.String())
    introduction = fields.String(allow_none=True)
    logo_upload_id = fields.Integer(allow_none=True, metadata={"description": "组织标志图片（登录后可查看）"})
    profile_complete = fields.Boolean()
    score_average = fields.Float(allow_none=True, metadata={"description": "收到评分的平均星级"})
    score_count = fields.Integer()
    works = fields.List(fields.Nested(OrgWorkSchema), metadata={"description": "认领成功的需求（团组织：发布的需求）"})
    is_favourite = fields.Boolean(metadata={"description": "我是否已收藏该组织（未登录为 false）"})


class OrgDirectoryQuery(InputSchema):
    name = fields.String(load_default=None, validate=validate.Length(max=50),
                         metadata={"description": "组织名称（包含）"})
    region = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9]{6,12}$", error="区域代码格式有误"),
                           metadata={"description": "区域编码（含其下属区域）"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    page_size = fields.Integer(load_default=12, validate=validate.Range(min=1, max=50))


class OrgDirectoryRowSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    region_name = fields.String()
    service_areas = fields.List(fields.String())
    introduction = fields.String(allow_none=True)
    score_average = fields.Float(allow_none=True, metadata={"description": "收到评分的平均星级"})
    score_count = fields.Integer()


class OrgDirectoryPageSchema(OutputSchema):
    items = fields.List(fields.Nested(OrgDirectoryRowSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()
