from __future__ import annotations

from marshmallow import fields, validate

from app.accounts.models import MemberRole, OrgKind
from app.api.common_schemas import MembershipSchema
from app.api.validation import InputSchema, OutputSchema


class OrganisationCreateSchema(InputSchema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=100))
    kind = fields.Enum(OrgKind, by_value=True, required=True)
    region_code = fields.String(required=True, validate=validate.Regexp(r"^\d{6,12}$", error="区域代码格式有误"))


class OrganisationQuery(InputSchema):
    kind = fields.Enum(OrgKind, by_value=True, load_default=None)


class AccountCreateSchema(InputSchema):
    username = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9_.@-]{3,50}$", error="账号名应为 3 到 50 位字母、数字或 _ . @ -"))
    role = fields.Enum(MemberRole, by_value=True, load_default=MemberRole.STAFF)
    real_name = fields.String(load_default=None, validate=validate.Length(min=1, max=30))
    initial_password = fields.String(load_default=None, load_only=True, validate=validate.Length(min=6, max=64),
                                     metadata={"description": "不填则团组织为 000000，其他机构随机生成"})


class MemberSchema(MembershipSchema):
    user_id = fields.Integer()
    username = fields.Function(lambda m: m.user.username, dump_only=True, metadata={"type": "string"})
    real_name = fields.Function(lambda m: m.user.real_name, dump_only=True, metadata={"type": "string"})
    user_active = fields.Function(lambda m: m.user.is_active, dump_only=True, metadata={"type": "boolean"})


class AccountCreatedSchema(OutputSchema):
    user_id = fields.Integer()
    username = fields.String()
    initial_password = fields.String(metadata={"description": "仅此一次显示，首次登录须修改"})
