"""The signed-in person: profile, and binding an organisation account to their WeChat identity."""
from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields

from app.accounts import oa_followers, organisations, profile
from app.api import presenters
from app.api.blueprint import Blueprint
from app.api.common_schemas import MeSchema
from app.api.me.schemas import BindAccountSchema, ProfileUpdateSchema
from app.api.ratelimits import sign_in_limit
from app.api.security import current_user, password_pending_ok, signed_in
from app.api.validation import OutputSchema
from app.core.unit_of_work import unit_of_work
from app.extensions import limiter

blp = Blueprint("me", __name__, description="个人信息")


@blp.route("")
class Me(MethodView):
    @signed_in
    @password_pending_ok
    @blp.response(200, MeSchema)
    def get(self):
        """我的信息（手机号已脱敏）"""
        return presenters.me(current_user())

    @signed_in
    @blp.arguments(ProfileUpdateSchema)
    @blp.response(200, MeSchema)
    def patch(self, changes):
        """修改我的信息：姓名、性别、是否党员、工作单位（服务社区须通过申请加入社区变更）"""
        with unit_of_work():
            user = profile.update_profile(current_user(), changes)
            return presenters.me(user)


@blp.route("/bindings")
class Bindings(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @signed_in
    @blp.arguments(BindAccountSchema)
    @blp.response(200, MeSchema)
    @blp.alt_response(401, description="账号或密码错误")
    @blp.alt_response(409, description="账号需先修改初始密码 / 不属于任何机构")
    @blp.errors(401, "invalid_credentials")
    @blp.errors(403, "wechat_login_required")
    @blp.errors(409, "account_without_organisation", "bind_self", "password_change_required")
    def post(self, body):
        """工作人员绑定机构账号：此后用自己的微信代表机构操作并接收通知"""
        with unit_of_work():
            user = current_user()
            organisations.bind_account(user, body["username"], body["password"])
            return presenters.me(user)


class OABindingSchema(OutputSchema):
    ticket = fields.String()
    url = fields.String(metadata={"description": "二维码内容；微信扫码关注公众号即完成绑定"})
    expire_seconds = fields.Integer()


@blp.route("/oa-binding")
class OABinding(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @signed_in
    @blp.response(200, OABindingSchema)
    def post(self):
        """生成绑定公众号的二维码（扫码关注后即可接收模板消息）"""
        return oa_followers.start_binding(current_user())
