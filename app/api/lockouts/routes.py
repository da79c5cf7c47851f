"""Sign-in lockouts (平台管理员): see which account names are locked by failed passwords, and lift one."""
from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields

from app.accounts import passwords
from app.api.blueprint import Blueprint
from app.api.security import requires
from app.api.validation import OutputSchema

blp = Blueprint("lockouts", __name__, description="登录锁定")


class LockoutSchema(OutputSchema):
    username = fields.String(metadata={"description": "被锁定的账号名（小写）"})
    failures = fields.Integer(metadata={"description": "本轮计入的尝试次数"})
    unlocks_in_seconds = fields.Integer(allow_none=True, metadata={"description": "距自动解锁的秒数"})


@blp.route("")
class Lockouts(MethodView):
    @requires("account.unlock")
    @blp.response(200, LockoutSchema(many=True))
    def get(self):
        """当前因密码错误次数过多而锁定的账号"""
        return passwords.locked_accounts()


@blp.route("/<string(maxlength=50):username>")
class Lockout(MethodView):
    @requires("account.unlock")
    @blp.response(204)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="该账号未被锁定")
    @blp.errors(404, "lockout_not_found")
    def delete(self, username):
        """解除一个账号的登录锁定（失败计数清零）"""
        passwords.unlock_account(username)
