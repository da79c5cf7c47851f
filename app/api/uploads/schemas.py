"""Request and response shapes of the upload endpoints."""
from __future__ import annotations

from flask_smorest.fields import Upload as FileField
from marshmallow import fields

from app.api.uploads.links import content_url
from app.api.validation import InputSchema, OutputSchema


class UploadCreateSchema(InputSchema):
    file = FileField(required=True, error_messages={"required": "请选择要上传的图片"},
                     metadata={"description": "图片文件：gif、bmp、jpeg、jpg、png，不超过 10 MB"})


class UploadSchema(OutputSchema):
    id = fields.Integer()
    url = fields.Method("content_url", metadata={
        "type": "string", "description": "图片内容地址（带签名，约一小时内有效，可直接用于 image 组件）"})
    content_type = fields.String(metadata={"description": "按文件内容识别的类型，如 image/png"})
    size = fields.Integer(metadata={"description": "字节数"})
    width = fields.Integer(metadata={"description": "宽度（像素）"})
    height = fields.Integer(metadata={"description": "高度（像素）"})
    created_at = fields.DateTime()

    def content_url(self, upload) -> str:
        return content_url(upload.id)
