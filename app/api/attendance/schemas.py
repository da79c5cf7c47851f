"""Request and response shapes of 活动确认 (attendance) and 活动反馈 (feedback)."""
from __future__ import annotations

from marshmallow import fields, validate

from app.activities.attendance import MAX_ITEMS
from app.activities.attendance_queries import STATE_LABELS
from app.activities.feedback import PHOTOS_MAX, SUMMARY_MAX
from app.api.uploads.links import content_url
from app.api.validation import InputSchema, OutputSchema

_ID = validate.Range(min=1, max=2147483647)
_STATE = "unconfirmed 未确认 / attended 已到 / absent 未到"
# Output only: OneOf documents the values as an enum, so clients and their fixtures are checked against them.
ATTENDANCE_STATES = validate.OneOf(tuple(STATE_LABELS))


class AttendanceItemSchema(InputSchema):
    volunteer_id = fields.Integer(required=True, strict=True, validate=_ID,
                                  metadata={"description": "报名的志愿者（确认名单中的 volunteer_id）"})
    attended = fields.Boolean(required=True, metadata={"description": "true 已到 / false 未到"})
    # Range and the half-hour step are checked by the service (at most the activity's length rounded up to
    # half an hour, and 24): a Decimal bound here would land in the OpenAPI document, which JSON cannot carry.
    hours = fields.Decimal(load_default=None, allow_none=True,
                           metadata={"description": "服务时长（小时，已到时必填：大于 0，以 0.5 为单位，不超过活动时长"
                                                    "向上取整到半小时，最多 24）；未到时不填或填 0"})


class AttendanceConfirmSchema(InputSchema):
    items = fields.List(fields.Nested(AttendanceItemSchema), required=True,
                        validate=validate.Length(max=MAX_ITEMS),
                        metadata={"description": "完整名单：每位报名的志愿者一项（已到或未到）"})


class AttendanceRowSchema(OutputSchema):
    signup_id = fields.Integer()
    volunteer_id = fields.Integer()
    name = fields.String(allow_none=True, metadata={"description": "姓名"})
    phone = fields.String(allow_none=True, metadata={"description": "联系电话（已脱敏）"})
    state = fields.String(validate=ATTENDANCE_STATES, metadata={"description": _STATE})
    state_label = fields.String()
    hours = fields.Float(allow_none=True, metadata={"description": "确认的服务时长（未确认时为空）"})
    points = fields.Integer(allow_none=True, metadata={"description": "已记入的积分（未确认时为空）"})
    revision = fields.Integer(allow_none=True, metadata={"description": "确认次数（更正后递增）"})
    confirmed_at = fields.DateTime(allow_none=True)


class AttendanceSheetSchema(OutputSchema):
    activity_id = fields.Integer()
    title = fields.String()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    confirmable = fields.Boolean(metadata={"description": "现在能否确认（活动已开始且未取消）"})
    not_confirmable_reason = fields.String(allow_none=True)
    max_hours = fields.Float(metadata={"description": "每人最多可确认的时长"})
    confirmed_count = fields.Integer(metadata={"description": "已确认人数"})
    attended_count = fields.Integer(metadata={"description": "已到人数"})
    total_hours = fields.Float(metadata={"description": "已到志愿者的服务时长合计"})
    items = fields.List(fields.Nested(AttendanceRowSchema))


class FeedbackFormSchema(InputSchema):
    summary = fields.String(required=True, validate=validate.Length(min=1, max=SUMMARY_MAX),
                            metadata={"description": "活动情况（必填）"})
    photo_upload_ids = fields.List(fields.Integer(strict=True, validate=_ID), load_default=list,
                                   validate=validate.Length(max=PHOTOS_MAX),
                                   metadata={"description": f"现场图片（上传后的图片 id，最多 {PHOTOS_MAX} 张；"
                                                            "重新提交时为完整列表）"})


class FeedbackSchema(OutputSchema):
    activity_id = fields.Integer()
    summary = fields.String(metadata={"description": "活动情况"})
    photo_upload_ids = fields.List(fields.Integer())
    photo_urls = fields.Method("_photo_urls", metadata={"type": "array", "items": {"type": "string"},
                                                        "description": "现场图片地址（需携带登录凭证访问）"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

    def _photo_urls(self, item) -> list[str]:
        return [content_url(upload_id) for upload_id in item["photo_upload_ids"]]


class MyAttendanceSchema(OutputSchema):
    state = fields.String(validate=ATTENDANCE_STATES, metadata={"description": _STATE})
    state_label = fields.String()
    hours = fields.Float(allow_none=True, metadata={"description": "确认的服务时长（未确认时为空）"})
    points = fields.Integer(allow_none=True, metadata={"description": "获得的积分（未确认时为空）"})
