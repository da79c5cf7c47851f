"""Request and response shapes of the league account import (团组织账号批量导入)."""
from __future__ import annotations

from flask_smorest.fields import Upload as FileField
from marshmallow import fields, validate

from app.api.common_schemas import RegionBriefSchema
from app.api.validation import InputSchema, OutputSchema


class ImportFileSchema(InputSchema):
    file = FileField(required=True, error_messages={"required": "请选择要导入的文件"},
                     metadata={"description": "按导入模板填写的 .xlsx 或 .csv 文件，不超过 2 MB、500 行"})


class PreviewRowSchema(OutputSchema):
    line = fields.Integer(metadata={"description": "表格中的行号（表头为第 1 行）"})
    name = fields.String(metadata={"description": "组织名称"})
    username = fields.String(metadata={"description": "账号"})
    region_code = fields.String(metadata={"description": "所属区域代码"})
    region_name = fields.String(allow_none=True, metadata={"description": "区域名称（代码有误时为空）"})
    contact_name = fields.String(metadata={"description": "联系人"})
    contact_phone = fields.String(allow_none=True, metadata={"description": "联系电话（脱敏）"})
    errors = fields.List(fields.String(), metadata={"description": "该行的错误，空表示可导入"})


class PreviewSchema(OutputSchema):
    token = fields.String(metadata={"description": "确认导入时提交的凭证（文件内容的摘要），一小时内有效"})
    filename = fields.String()
    total_rows = fields.Integer()
    error_rows = fields.Integer(metadata={"description": "有错误的行数；为 0 时方可确认导入"})
    can_commit = fields.Boolean()
    expires_in_seconds = fields.Integer()
    rows = fields.List(fields.Nested(PreviewRowSchema))


class CommitSchema(InputSchema):
    token = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$", error="导入凭证格式有误"),
                          metadata={"description": "预览返回的 token"})


class CreatedRowSchema(OutputSchema):
    line = fields.Integer()
    organisation_id = fields.Integer()
    name = fields.String()
    username = fields.String()
    user_id = fields.Integer()
    region = fields.Nested(RegionBriefSchema)


class CommitResultSchema(OutputSchema):
    batch_id = fields.Integer()
    filename = fields.String()
    organisation_count = fields.Integer()
    created_at = fields.DateTime()
    organisations = fields.List(fields.Nested(CreatedRowSchema))
