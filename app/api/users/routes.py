"""Acting on a person's access: disable, re-enable, reset an account's password (平台或机构管理员)."""
from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields, validate

from app.accounts import user_admin
from app.api.blueprint import Blueprint
from app.api.security import current_actor, requires
from app.api.validation import InputSchema, OutputSchema
from app.core.unit_of_work import unit_of_work

blp = Blueprint("users", __name__, description="用户管理")
ID = "<int(max=2147483647):user_id>"


class UserStatusSchema(OutputSchema):
    id = fields.Integer()
    is_active = fields.Boolean(metadata={"description": "账号在全平台是否可用（仅平台管理员可停用/启用）"})
    organisation_ids = fields.List(fields.Integer(), metadata={
        "description": "机构管理员操作时：本次结束或恢复成员身份的机构；平台管理员操作时为空"})


class PasswordResetSchema(InputSchema):
    initial_password = fields.String(load_default=None, load_only=True, validate=validate.Length(min=6, max=64),
                                     metadata={"description": "不填则随机生成；登录后须修改"})


class PasswordResetResultSchema(OutputSchema):
    user_id = fields.Integer()
    username = fields.String()
    initial_password = fields.String(metadata={"description": "仅此一次显示，下次登录须修改"})
    sessions_ended = fields.Integer(metadata={"description": "随之结束的登录会话数"})
    bindings_ended = fields.Integer(metadata={"description": "用旧密码绑定本账号的微信（工作人员）解除数"})


@blp.route(f"/{ID}/disable")
class DisableUser(MethodView):
    @requires("user.manage")
    @blp.response(200, UserStatusSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="用户不存在，或不是本机构的在职成员")
    @blp.errors(404, "user_not_found")
    @blp.errors(409, "cannot_disable_self")
    def post(self, user_id):
        """停用：平台管理员停用账号（全平台，其所有登录会话与通过它绑定的微信立即失效）；机构管理员结束其在本机构的成员身份（及经此账号绑定到本机构的微信）"""
        with unit_of_work():
            return user_admin.set_user_active(current_actor(), user_id, False)


@blp.route(f"/{ID}/enable")
class EnableUser(MethodView):
    @requires("user.manage")
    @blp.response(200, UserStatusSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="用户不存在，或不是本机构成员")
    @blp.errors(404, "user_not_found")
    def post(self, user_id):
        """启用：平台管理员重新启用账号；机构管理员恢复其在本机构的成员身份（已解除的微信绑定须重新绑定）"""
        with unit_of_work():
            return user_admin.set_user_active(current_actor(), user_id, True)


@blp.route(f"/{ID}/password-reset")
class ResetPassword(MethodView):
    @requires("user.manage")
    @blp.arguments(PasswordResetSchema)
    @blp.response(200, PasswordResetResultSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="用户不存在，或不是本机构的在职成员")
    @blp.alt_response(409, response="DEFAULT_ERROR", description="不是机构账号 / 不能重置自己的密码")
    @blp.errors(404, "user_not_found")
    @blp.errors(409, "cannot_reset_self", "no_password")
    @blp.errors(422, "weak_password")
    def post(self, body, user_id):
        """重置机构账号密码：设置新的初始密码（下次登录须修改），其所有登录会话与用旧密码绑定的微信立即失效，并解除登录锁定"""
        with unit_of_work():
            return user_admin.reset_password(current_actor(), user_id, body["initial_password"])
