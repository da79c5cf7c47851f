from __future__ import annotations

from marshmallow import ValidationError, fields, missing, validate

from app.accounts.models import Gender
from app.accounts.profile import SERVICE_COMMUNITY_FIXED
from app.api.validation import InputSchema

_NAME = r"^[\u4e00-\u9fa5A-Za-z·\s]{2,30}$"


class _Refused(fields.Field):
    """A field the profile no longer takes, kept by name so sending it answers why (not just "unknown")."""

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if value is missing:
            return missing
        raise ValidationError(SERVICE_COMMUNITY_FIXED)


class ProfileUpdateSchema(InputSchema):
    real_name = fields.String(validate=validate.Regexp(_NAME, error="姓名应为 2 到 30 个汉字或字母"))
    gender = fields.Enum(Gender, by_value=True)
    is_party_member = fields.Boolean(metadata={"description": "是否党员"})
    work_unit = fields.String(allow_none=True, validate=validate.Length(max=100),
                              metadata={"description": "工作单位"})
    service_community_id = _Refused(load_only=True, metadata={
        "description": "不可修改：服务社区（区域）须通过“申请加入社区”变更（POST /api/v1/community/applications），"
                       "审核通过后自动更新；提交此字段返回 422"})


class BindAccountSchema(InputSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=50))
    password = fields.String(required=True, validate=validate.Length(min=1, max=128), load_only=True)
