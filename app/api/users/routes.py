"""Disabling and re-enabling accounts (平台管理员，或机构管理员对本机构成员)."""
from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields

from app.accounts import organisations
from app.api.blueprint import Blueprint
from app.api.security import current_actor, requires
from app.api.validation import OutputSchema
from app.core.unit_of_work import unit_of_work

blp = Blueprint("users", __name__, description="用户管理")
ID = "<int(max=2147483647):user_id>"


class UserStatusSchema(OutputSchema):
    id = fields.Integer()
    is_active = fields.Boolean()


@blp.route(f"/{ID}/disable")
class DisableUser(MethodView):
    @requires("user.manage")
    @blp.response(200, UserStatusSchema)
    @blp.errors(404, "user_not_found")
    @blp.errors(409, "cannot_disable_self")
    def post(self, user_id):
        """停用账号：其所有登录会话与通过它绑定的微信立即失效"""
        with unit_of_work():
            return organisations.set_user_active(current_actor(), user_id, False)


@blp.route(f"/{ID}/enable")
class EnableUser(MethodView):
    @requires("user.manage")
    @blp.response(200, UserStatusSchema)
    @blp.errors(404, "user_not_found")
    def post(self, user_id):
        """重新启用账号"""
        with unit_of_work():
            return organisations.set_user_active(current_actor(), user_id, True)
