"""Request and response shapes of the activity endpoints (志愿活动、报名、我的活动、需求的活动)."""
from __future__ import annotations

from marshmallow import fields, validate

from app.accounts.models import OrgKind
from app.activities.models import ActivityStatus, SignupStatus
from app.activities.publishing import HEADCOUNT_MAX, TEXT_LIMITS
from app.activities.queries import MY_TABS
from app.api.attendance.schemas import FeedbackSchema, MyAttendanceSchema
from app.api.uploads.links import content_url
from app.api.validation import InputSchema, OutputSchema
from app.core.timeutil import SHANGHAI

_ID = validate.Range(min=1, max=2147483647)
_CODE = validate.Regexp(r"^[0-9A-Za-z_-]{1,30}$", error="编码格式不正确")
_REGION = validate.Regexp(r"^[0-9]{6,12}$", error="区域编码格式不正确")
_TIME_NOTE = "带时区的 ISO 8601 时间；不带时区时按北京时间理解"
_ACTIVITY_STATUS = "recruiting 进行中（招募中，可报名）/ ended 已结束 / cancelled 已取消"
_SIGNUP_STATUS = "signed_up 已报名 / cancelled 已取消"


def _text(maximum: int, description: str, **kwargs):
    return fields.String(validate=validate.Length(min=1, max=maximum), metadata={"description": description},
                         **kwargs)


def _time(description: str, **kwargs):
    return fields.AwareDateTime(default_timezone=SHANGHAI, metadata={"description": f"{description}（{_TIME_NOTE}）"},
                                **kwargs)


class ActivityFormSchema(InputSchema):
    """发布活动: every field of the form."""
    title = _text(100, "活动标题（七彩假期需求的活动由平台加上【专区】前缀）", required=True)
    category_code = fields.String(required=True, validate=_CODE,
                                  metadata={"description": "活动类别编码（字典 activity_category，如 助老助残）"})
    type_code = fields.String(required=True, validate=_CODE,
                              metadata={"description": "活动类型编码（字典 activity_type，如 日常服务、专项活动）"})
    region_code = fields.String(load_default=None, validate=_REGION,
                                metadata={"description": "活动区域编码；不填时为本社区（或需求）的区域"})
    place = _text(TEXT_LIMITS["place"], "活动地点", required=True)
    latitude = fields.Float(load_default=None, allow_nan=False, validate=validate.Range(min=-90, max=90),
                            metadata={"description": "纬度（与经度同时填写）"})
    longitude = fields.Float(load_default=None, allow_nan=False, validate=validate.Range(min=-180, max=180),
                             metadata={"description": "经度（与纬度同时填写）"})
    starts_at = _time("开始时间，须晚于当前时间", required=True)
    ends_at = _time("结束时间，须晚于开始时间", required=True)
    headcount = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=HEADCOUNT_MAX),
                               metadata={"description": "招募人数"})
    content = _text(TEXT_LIMITS["content"], "活动内容", required=True)
    cover_upload_id = fields.Integer(load_default=None, validate=_ID,
                                     metadata={"description": "封面图片（先上传，本人的上传）"})


class CommunityActivityFormSchema(ActivityFormSchema):
    organisation_id = fields.Integer(load_default=None, validate=_ID,
                                     metadata={"description": "发布活动的社区；只属于一个社区时可不填"})


class ActivityCancelSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "取消原因（报名的志愿者可见）"})


class ActivityListQuery(InputSchema):
    category = fields.String(load_default=None, validate=_CODE, metadata={"description": "活动类别编码"})
    type = fields.String(load_default=None, validate=_CODE, metadata={"description": "活动类型编码"})
    region = fields.String(load_default=None, validate=_REGION, metadata={"description": "地域编码（含其下属区域）"})
    status = fields.Enum(ActivityStatus, by_value=True, load_default=None, metadata={"description": _ACTIVITY_STATUS})
    organisation_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "发布方机构"})
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页的 next_before_id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class NewestByCategoryQuery(InputSchema):
    per_category = fields.Integer(load_default=4, validate=validate.Range(min=1, max=20),
                                  metadata={"description": "每个类别显示的最新活动数"})
    type = fields.String(load_default=None, validate=_CODE, metadata={"description": "活动类型编码"})
    region = fields.String(load_default=None, validate=_REGION, metadata={"description": "地域编码（含其下属区域）"})
    status = fields.Enum(ActivityStatus, by_value=True, load_default=None,
                         metadata={"description": f"{_ACTIVITY_STATUS}；不填时为进行中与已结束（不含已取消）"})


class PageQuery(InputSchema):
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页的 next_before_id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class MyActivitiesQuery(PageQuery):
    tab = fields.String(load_default="ongoing", validate=validate.OneOf(MY_TABS),
                        metadata={"description": "ongoing 进行中（招募中、未结束）/ ended 已结束"})


class SignupQuery(InputSchema):
    status = fields.Enum(SignupStatus, by_value=True, load_default=None, metadata={"description": _SIGNUP_STATUS})


class _Named(OutputSchema):
    code = fields.String()
    name = fields.String()


class _Publisher(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.Enum(OrgKind, by_value=True, metadata={"description": "community 社区 / volunteer_org 志愿服务组织"})


class ActivitySchema(OutputSchema):
    id = fields.Integer()
    title = fields.String()
    status = fields.Enum(ActivityStatus, by_value=True, metadata={"description": _ACTIVITY_STATUS})
    status_label = fields.String()
    status_reason = fields.String(allow_none=True, metadata={"description": "取消原因"})
    category = fields.Nested(_Named, metadata={"description": "活动类别"})
    type = fields.Nested(_Named, metadata={"description": "活动类型"})
    region = fields.Nested(_Named, metadata={"description": "活动区域"})
    publisher = fields.Nested(_Publisher, metadata={"description": "发布方"})
    place = fields.String()
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    headcount = fields.Integer(metadata={"description": "招募人数"})
    signed_up_count = fields.Integer(metadata={"description": "已报名人数"})
    places_left = fields.Integer(metadata={"description": "剩余名额"})
    cover_upload_id = fields.Integer(allow_none=True)
    cover_url = fields.Method("_cover_url", metadata={"type": "string", "nullable": True,
                                                      "description": "封面图片地址（需携带登录凭证访问）"})
    created_at = fields.DateTime()

    def _cover_url(self, item) -> str | None:
        upload_id = item["cover_upload_id"]
        return content_url(upload_id) if upload_id else None


class ActivityDetailSchema(ActivitySchema):
    content = fields.String()
    my_signup_id = fields.Integer(allow_none=True, metadata={"description": "我的报名（已登录且已报名时）"})
    feedback = fields.Nested(FeedbackSchema, allow_none=True, metadata={"description": "活动反馈（尚未填写时为空）"})


class ActivityPageSchema(OutputSchema):
    items = fields.List(fields.Nested(ActivitySchema))
    next_before_id = fields.Integer(allow_none=True, metadata={"description": "下一页的 before_id；为空表示没有更多"})


class CategoryNewestSchema(OutputSchema):
    category = fields.Nested(_Named, metadata={"description": "活动类别"})
    items = fields.List(fields.Nested(ActivitySchema), metadata={"description": "该类别最新的活动（最新在前；可为空）"})


class SignupSchema(OutputSchema):
    id = fields.Integer()
    activity_id = fields.Integer()
    volunteer_id = fields.Integer()
    status = fields.Enum(SignupStatus, by_value=True, metadata={"description": _SIGNUP_STATUS})
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    created_at = fields.DateTime()
    cancelled_at = fields.DateTime(allow_none=True)


class SignupRowSchema(OutputSchema):
    id = fields.Integer()
    volunteer_id = fields.Integer()
    name = fields.String(allow_none=True, metadata={"description": "姓名"})
    phone = fields.String(allow_none=True, metadata={"description": "联系电话（已脱敏）"})
    status = fields.Enum(SignupStatus, by_value=True, metadata={"description": _SIGNUP_STATUS})
    status_label = fields.String()
    created_at = fields.DateTime(metadata={"description": "报名时间"})
    cancelled_at = fields.DateTime(allow_none=True)


class MyActivitySchema(OutputSchema):
    signup_id = fields.Integer()
    signed_up_at = fields.DateTime()
    activity = fields.Nested(ActivitySchema)
    attendance = fields.Nested(MyAttendanceSchema,
                               metadata={"description": "我的活动确认：未确认 / 已到（时长、积分）/ 未到"})


class MyActivityPageSchema(OutputSchema):
    items = fields.List(fields.Nested(MyActivitySchema))
    next_before_id = fields.Integer(allow_none=True, metadata={"description": "下一页的 before_id；为空表示没有更多"})
