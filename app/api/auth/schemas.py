from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from app.api.common_schemas import MeSchema
from app.api.validation import InputSchema, OutputSchema

_CODE = fields.String(required=True, validate=validate.Length(min=1, max=128))


class CodeSchema(InputSchema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=128),
                         metadata={"description": "wx.login 或 getPhoneNumber 按钮返回的 code"})


class PasswordLoginSchema(InputSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=50))
    password = fields.String(required=True, validate=validate.Length(min=1, max=128), load_only=True)


class PasswordChangeSchema(InputSchema):
    old_password = fields.String(required=True, validate=validate.Length(min=1, max=128), load_only=True)
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=128), load_only=True)


class PasswordChangedSchema(MeSchema):
    other_sessions_ended = fields.Integer(metadata={"description": "因修改密码而结束的本账号其他登录会话数"})
    bindings_ended = fields.Integer(metadata={"description": "用旧密码绑定本账号的微信（工作人员）因此解除的数量"})


class RefreshSchema(InputSchema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=10, max=200))


class PhoneResultSchema(OutputSchema):
    phone = fields.String(metadata={"description": "已脱敏的手机号"})


def _no_control_characters(value: str) -> None:
    # A plain function, not validate.Regexp: the spec would carry the pattern, and `\A…\Z` is not an
    # ECMA regex (OpenAPI validators refuse it) while `^…$` lets Python accept a trailing newline.
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValidationError("不能包含控制字符")


class OAuthStartArgs(InputSchema):
    # No control characters: the path ends up in the callback's Location header, where CR/LF cannot go.
    next = fields.String(load_default=None, validate=[validate.Length(max=500), _no_control_characters],
                         metadata={"description": "授权后回到的本站页面路径，如 /h5/needs"})


class OAuthCallbackArgs(InputSchema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=128))
    state = fields.String(required=True, validate=validate.Length(min=1, max=128))


class TicketSchema(InputSchema):
    ticket = fields.String(required=True, validate=validate.Length(min=10, max=100))


class WebLoginResultSchema(OutputSchema):
    """The browser's sign-in answer: the refresh token is in the HttpOnly cookie, never in the body."""
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    user = fields.Nested(MeSchema)
