from __future__ import annotations

from marshmallow import fields, validate

from app.accounts.models import Gender
from app.api.validation import InputSchema

_NAME = r"^[\u4e00-\u9fa5A-Za-z·\s]{2,30}$"


class ProfileUpdateSchema(InputSchema):
    real_name = fields.String(validate=validate.Regexp(_NAME, error="姓名应为 2 到 30 个汉字或字母"))
    gender = fields.Enum(Gender, by_value=True)
    is_party_member = fields.Boolean(metadata={"description": "是否党员"})
    work_unit = fields.String(allow_none=True, validate=validate.Length(max=100),
                              metadata={"description": "工作单位"})
    service_community_id = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=2147483647),
                                          metadata={"description": "服务社区（社区级区域 id）"})


class BindAccountSchema(InputSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=50))
    password = fields.String(required=True, validate=validate.Length(min=1, max=128), load_only=True)
