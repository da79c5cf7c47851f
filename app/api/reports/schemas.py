"""Request and response shapes of the volunteer-report endpoints (志愿者上报)."""
from __future__ import annotations

from marshmallow import fields, validate

from app.api.uploads.links import content_url
from app.api.validation import InputSchema, OutputSchema
from app.community.models import ReportKind, ReportStatus
from app.community.reports import CONTENT_MAX, PHOTOS_MAX, TITLE_MAX

_ID = validate.Range(min=1, max=2147483647)
_KIND = "experience 心得体会 / plan 活动计划"
_STATUS = "pending 待审核 / approved 审核通过 / rejected 审核不通过"


class ReportCreateSchema(InputSchema):
    kind = fields.Enum(ReportKind, by_value=True, required=True, metadata={"description": _KIND})
    title = fields.String(required=True, validate=validate.Length(min=1, max=TITLE_MAX),
                          metadata={"description": f"标题（不超过 {TITLE_MAX} 字）"})
    content = fields.String(required=True, validate=validate.Length(min=1, max=CONTENT_MAX),
                            metadata={"description": f"内容（不超过 {CONTENT_MAX} 字）"})
    photo_upload_ids = fields.List(fields.Integer(strict=True, validate=_ID), load_default=list,
                                   validate=validate.Length(max=PHOTOS_MAX),
                                   metadata={"description": f"图片（先上传，本人的上传，最多 {PHOTOS_MAX} 张）"})


class ReportApproveSchema(InputSchema):
    publish = fields.Boolean(load_default=False, metadata={"description": "审核通过的同时发布到“志愿者上报”栏目"})


class ReportRejectSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "不通过的原因（上报人可见）"})


class ReportPageQuery(InputSchema):
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页的 next_before_id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class ReportQueueQuery(ReportPageQuery):
    status = fields.Enum(ReportStatus, by_value=True, load_default=None, metadata={"description": _STATUS})
    organisation_id = fields.Integer(load_default=None, validate=_ID,
                                     metadata={"description": "社区；不填时为本人所属的全部社区"})


class ReportPublicQuery(InputSchema):
    cursor = fields.String(load_default=None, validate=validate.Length(min=1, max=300),
                           metadata={"description": "上一页的 next_cursor"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class ReportCommunitySchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()


class PublicReportSchema(OutputSchema):
    id = fields.Integer()
    kind = fields.Enum(ReportKind, by_value=True, metadata={"description": _KIND})
    kind_label = fields.String()
    title = fields.String()
    author_name = fields.String(metadata={"description": "上报人（公开栏目中已脱敏，如 张*）"})
    community = fields.Nested(ReportCommunitySchema, metadata={"description": "所在社区"})
    published_at = fields.DateTime(allow_none=True, metadata={"description": "发布时间"})
    created_at = fields.DateTime()
    photo_upload_ids = fields.List(fields.Integer(), metadata={"description": "图片的上传 id"})
    photos = fields.Method("_photos", metadata={
        "type": "array", "description": "图片：id 与地址（需携带登录凭证访问）",
        "items": {"type": "object", "properties": {"id": {"type": "integer"}, "url": {"type": "string"}}}})
    summary = fields.String(metadata={"description": "内容摘要（栏目列表）"})

    def _photos(self, item) -> list[dict]:
        return [{"id": upload_id, "url": content_url(upload_id)}
                for upload_id in item["photo_upload_ids"]]


class ReportSchema(PublicReportSchema):
    author_id = fields.Integer()
    status = fields.Enum(ReportStatus, by_value=True, metadata={"description": _STATUS})
    status_label = fields.String()
    status_reason = fields.String(allow_none=True, metadata={"description": "审核不通过的原因"})
    reviewed_at = fields.DateTime(allow_none=True)
    is_published = fields.Boolean(metadata={"description": "是否已发布到“志愿者上报”栏目"})


class ReportDetailSchema(ReportSchema):
    content = fields.String()


class ReportPageSchema(OutputSchema):
    items = fields.List(fields.Nested(ReportDetailSchema))
    next_before_id = fields.Integer(allow_none=True, metadata={"description": "下一页的 before_id；为空表示没有更多"})


class PublicReportPageSchema(OutputSchema):
    items = fields.List(fields.Nested(PublicReportSchema))
    next_cursor = fields.String(allow_none=True, metadata={"description": "下一页的 cursor；为空表示没有更多"})
