"""Request and response shapes of the showcase endpoints (之星、专业志愿者、志愿者团队、服务基地)."""
from __future__ import annotations

from marshmallow import fields, validate

from app.accounts.models import OrgKind, RegionLevel
from app.api.validation import InputSchema, OutputSchema
from app.community.models import ShowcaseKind, StarKind
from app.community.showcase import PHOTO_MAX, SORT_ORDER_MAX, TEXT_LIMITS
from app.community.stars import CITATION_MAX

_ID = validate.Range(min=1, max=2147483647)
_REGION = validate.Regexp(r"^[0-9]{6,12}$", error="区域编码格式不正确")
_QUARTER = validate.Regexp(r"^[0-9]{4}Q[1-4]$", error="季度格式应为 2026Q3")
_ENTRY_KINDS = "professional 专业志愿者 / team 志愿者团队 / base 服务基地"
_STAR_KINDS = "team 团队之星 / volunteer 个人之星"


def _text(name: str, description: str, **kwargs):
    return fields.String(validate=validate.Length(max=TEXT_LIMITS[name]), metadata={"description": description},
                         **kwargs)


# --- stars -----------------------------------------------------------------------------------------------------

class StarQuery(InputSchema):
    region = fields.String(load_default=None, validate=_REGION,
                           metadata={"description": "区域编码（市、区或街道）；不填为全市"})
    quarter = fields.String(load_default=None, validate=_QUARTER,
                            metadata={"description": "季度，如 2026Q3；不填为最近一个已评出之星的季度"})


class ManagedStarQuery(InputSchema):
    quarter = fields.String(load_default=None, validate=_QUARTER,
                            metadata={"description": "季度，如 2026Q3；不填为刚结束的季度"})
    region = fields.String(load_default=None, validate=_REGION, metadata={"description": "区域编码（含其下属区域）"})


class StarOverrideSchema(InputSchema):
    user_id = fields.Integer(load_default=None, validate=_ID,
                             metadata={"description": "个人之星：服务社区在该区域内的党员志愿者"})
    organisation_id = fields.Integer(load_default=None, validate=_ID,
                                     metadata={"description": "团队之星：该区域内的社区或志愿服务组织"})
    citation = fields.String(required=True, validate=validate.Length(min=1, max=CITATION_MAX),
                             metadata={"description": "推荐理由（公开显示）"})


class _Region(OutputSchema):
    code = fields.String()
    name = fields.String()


class _Team(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.Enum(OrgKind, by_value=True, metadata={"description": "community 社区 / volunteer_org 志愿服务组织"})


class _Community(OutputSchema):
    id = fields.Integer()
    name = fields.String()


class _Volunteer(OutputSchema):
    name = fields.String(allow_none=True, metadata={"description": "姓名（公开页面脱敏为 张*）"})
    community = fields.Nested(_Community, allow_none=True, metadata={"description": "服务社区"})


class _ManagedVolunteer(_Volunteer):
    user_id = fields.Integer()


class StarSchema(OutputSchema):
    id = fields.Integer()
    quarter = fields.String()
    kind = fields.Enum(StarKind, by_value=True, metadata={"description": _STAR_KINDS})
    kind_label = fields.String()
    region = fields.Nested(_Region)
    hours = fields.String(metadata={"description": "本季度在该区域的服务时长（小时）"})
    citation = fields.String(allow_none=True, metadata={"description": "推荐理由（协会调整时填写）"})
    overridden = fields.Boolean(metadata={"description": "是否为协会调整"})
    team = fields.Nested(_Team, allow_none=True)
    volunteer = fields.Nested(_Volunteer, allow_none=True)


class ManagedStarSchema(StarSchema):
    volunteer = fields.Nested(_ManagedVolunteer, allow_none=True)


class _StarRegion(_Region):
    level = fields.Enum(RegionLevel, by_value=True)


class RegionStarsSchema(OutputSchema):
    region = fields.Nested(_StarRegion)
    quarter = fields.String(allow_none=True, metadata={"description": "季度；为空表示尚未评出之星"})
    team = fields.Nested(StarSchema, allow_none=True, metadata={"description": "团队之星"})
    volunteer = fields.Nested(StarSchema, allow_none=True, metadata={"description": "个人之星"})


# --- entries ---------------------------------------------------------------------------------------------------

class EntryChangeSchema(InputSchema):
    """修改展示: only the fields sent change; the result is checked as a whole."""
    region_code = fields.String(validate=_REGION, metadata={"description": "所在区域（本协会范围内）"})
    name = _text("name", "名称或姓名")
    profession = _text("profession", "专业（专业志愿者必填，如 律师）", allow_none=True)
    affiliation = _text("affiliation", "所属协会或单位（专业志愿者必填，如 市律师协会）", allow_none=True)
    introduction = _text("introduction", "简介")
    address = _text("address", "地址（服务基地必填；专业志愿者不填）", allow_none=True)
    contact = _text("contact", "公开联系方式（办公电话、邮箱等，不能是个人手机号）", allow_none=True)
    user_id = fields.Integer(allow_none=True, validate=_ID, metadata={"description": "关联的用户（专业志愿者，可选）"})
    organisation_id = fields.Integer(allow_none=True, validate=_ID,
                                     metadata={"description": "关联的社区或志愿服务组织（志愿者团队，可选）"})
    sort_order = fields.Integer(strict=True, validate=validate.Range(min=0, max=SORT_ORDER_MAX),
                                metadata={"description": "排序（小的在前）"})
    photo_upload_ids = fields.List(fields.Integer(validate=_ID), validate=validate.Length(max=PHOTO_MAX),
                                   metadata={"description": f"照片（先上传，最多 {PHOTO_MAX} 张，按此顺序提交）"})


class EntryCreateSchema(EntryChangeSchema):
    kind = fields.Enum(ShowcaseKind, by_value=True, required=True, metadata={"description": _ENTRY_KINDS})
    region_code = fields.String(required=True, validate=_REGION, metadata={"description": "所在区域（本协会范围内）"})
    name = _text("name", "名称或姓名", required=True)
    introduction = _text("introduction", "简介", required=True)


class EntryListQuery(InputSchema):
    kind = fields.Enum(ShowcaseKind, by_value=True, load_default=None, metadata={"description": _ENTRY_KINDS})
    region = fields.String(load_default=None, validate=_REGION, metadata={"description": "区域编码（含其下属区域）"})
    cursor = fields.String(load_default=None, validate=validate.Length(max=30),
                           metadata={"description": "上一页的 next_cursor"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class ManagedEntryListQuery(EntryListQuery):
    active = fields.Boolean(load_default=None, metadata={"description": "true 启用中 / false 已停用；不填为全部"})


class _Organisation(OutputSchema):
    id = fields.Integer()
    name = fields.String()


class EntrySchema(OutputSchema):
    id = fields.Integer()
    kind = fields.Enum(ShowcaseKind, by_value=True, metadata={"description": _ENTRY_KINDS})
    kind_label = fields.String()
    region = fields.Nested(_Region)
    name = fields.String()
    profession = fields.String(allow_none=True)
    affiliation = fields.String(allow_none=True)
    introduction = fields.String()
    address = fields.String(allow_none=True)
    contact = fields.String(allow_none=True, metadata={"description": "公开联系方式"})
    sort_order = fields.Integer()
    organisation = fields.Nested(_Organisation, allow_none=True, metadata={"description": "关联的社区或组织"})
    photo_upload_ids = fields.List(fields.Integer(), metadata={"description": "照片（通过图片接口查看）"})
    updated_at = fields.DateTime()


class ManagedEntrySchema(EntrySchema):
    user_id = fields.Integer(allow_none=True, metadata={"description": "关联的用户"})
    is_active = fields.Boolean()
    created_at = fields.DateTime()


class EntryPageSchema(OutputSchema):
    items = fields.List(fields.Nested(EntrySchema))
    next_cursor = fields.String(allow_none=True, metadata={"description": "下一页的 cursor；为空表示没有更多"})


class ManagedEntryPageSchema(EntryPageSchema):
    items = fields.List(fields.Nested(ManagedEntrySchema))
