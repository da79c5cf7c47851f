"""Sign-in: mini-program login and phone, organisation passwords, official-account OAuth, tokens."""
from __future__ import annotations

from flask import current_app, redirect
from flask.views import MethodView

from app.accounts import oa_oauth, passwords, sessions, wechat_login
from app.api import presenters
from app.api.auth.schemas import (
    CodeSchema,
    OAuthCallbackArgs,
    OAuthStartArgs,
    PasswordChangedSchema,
    PasswordChangeSchema,
    PasswordLoginSchema,
    PhoneResultSchema,
    RefreshSchema,
    TicketSchema,
)
from app.api.blueprint import Blueprint
from app.api.common_schemas import LoginResultSchema, TokenSchema
from app.api.ratelimits import sign_in_limit
from app.api.security import bearer_token, current_user, password_pending_ok, public, signed_in
from app.core.unit_of_work import unit_of_work
from app.extensions import limiter

blp = Blueprint("auth", __name__, description="登录与令牌")


@blp.route("/mp/login")
class MiniProgramLogin(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @public
    @password_pending_ok
    @blp.arguments(CodeSchema)
    @blp.response(200, LoginResultSchema)
    @blp.alt_response(400, description="code 无效（40029）或已使用（40163）")
    @blp.alt_response(403, description="微信判定为风险用户（40226）")
    @blp.alt_response(429, description="登录过于频繁（45011）")
    @blp.alt_response(503, description="微信服务繁忙（-1）或不可达")
    @blp.errors(400, "code_used", "invalid_code")
    @blp.errors(403, "risky_user")
    @blp.errors(429, "wechat_rate_limited")
    @blp.errors(503, "wechat_unavailable")
    def post(self, body):
        """小程序登录：wx.login 的 code 换取本平台令牌"""
        with unit_of_work():
            user, tokens, created = wechat_login.login_with_code(body["code"])
            return presenters.login_result(user, tokens, created)


@blp.route("/mp/phone")
class MiniProgramPhone(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @signed_in
    @blp.arguments(CodeSchema)
    @blp.response(200, PhoneResultSchema)
    @blp.errors(400, "invalid_code", "phone_watermark_mismatch")
    def post(self, body):
        """绑定手机号：getPhoneNumber 按钮的 code"""
        with unit_of_work():
            user = current_user()
            return {"phone": wechat_login.bind_phone(user, body["code"])}


@blp.route("/password/login")
class PasswordLogin(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @public
    @password_pending_ok
    @blp.arguments(PasswordLoginSchema)
    @blp.response(200, LoginResultSchema)
    @blp.alt_response(401, description="账号或密码错误 / 账号已停用")
    @blp.alt_response(429, description="失败次数过多，账号暂时锁定")
    @blp.errors(401, "invalid_credentials")
    @blp.errors(429, "account_locked")
    def post(self, body):
        """机构账号密码登录（首次登录须修改初始密码）"""
        with unit_of_work():
            user = passwords.verify_account(body["username"], body["password"])
            tokens = sessions.start_session(user, "password")
            return presenters.login_result(user, tokens)


@blp.route("/password/change")
class PasswordChange(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @signed_in
    @password_pending_ok
    @blp.arguments(PasswordChangeSchema)
    @blp.response(200, PasswordChangedSchema)
    @blp.alt_response(429, description="失败次数过多，账号暂时锁定（原密码错误与登录失败合并计数）")
    @blp.errors(429, "account_locked")
    @blp.errors(422, "no_password", "weak_password", "wrong_password")
    def post(self, body):
        """修改密码（初始密码 000000 等必须先修改）：本账号的其他登录会话与用旧密码绑定的微信随即失效"""
        with unit_of_work():
            user = current_user()
            sessions_ended, bindings_ended = passwords.change_password(
                user, body["old_password"], body["new_password"], session_id=sessions.session_id_of(bearer_token()))
            return {**presenters.me(user), "other_sessions_ended": sessions_ended, "bindings_ended": bindings_ended}


@blp.route("/refresh")
class Refresh(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @public
    @password_pending_ok
    @blp.arguments(RefreshSchema)
    @blp.response(200, TokenSchema)
    @blp.alt_response(401, description="刷新令牌无效、已过期或已被撤销")
    @blp.errors(401, "invalid_refresh_token")
    def post(self, body):
        """刷新令牌（每次刷新都会换新的 refresh_token）"""
        with unit_of_work():
            return sessions.refresh_session(body["refresh_token"])


@blp.route("/logout")
class Logout(MethodView):
    @signed_in
    @password_pending_ok
    @blp.response(204)
    def post(self):
        """退出登录：当前会话立即失效"""
        with unit_of_work():
            sessions.revoke_session(sessions.session_id_of(bearer_token()))


@blp.route("/oa/authorize")
class OAuthAuthorize(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @public
    @password_pending_ok
    @blp.arguments(OAuthStartArgs, location="query")
    @blp.response(302, description="跳转到微信网页授权")
    @blp.errors(422, "invalid_next")
    def get(self, args):
        """公众号网页授权入口（城市服务 H5 页面）"""
        redirect_uri = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/api/v1/auth/oa/callback"
        return redirect(oa_oauth.start(args["next"], redirect_uri), code=302)


@blp.route("/oa/callback")
class OAuthCallback(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @public
    @password_pending_ok
    @blp.arguments(OAuthCallbackArgs, location="query")
    @blp.response(302, description="回到 H5 页面，地址片段中带一次性票据 #ticket=…")
    @blp.alt_response(400, description="state 无效或已使用，或 code 无效")
    @blp.alt_response(403, description="快照页模式的虚拟用户")
    @blp.errors(400, "invalid_code", "invalid_state")
    @blp.errors(403, "snapshot_user")
    def get(self, args):
        """公众号网页授权回调"""
        with unit_of_work():
            target, ticket = oa_oauth.finish(args["code"], args["state"])
        return redirect(f"{target}#ticket={ticket}", code=302)


@blp.route("/oa/exchange")
class OAuthExchange(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @public
    @password_pending_ok
    @blp.arguments(TicketSchema)
    @blp.response(200, LoginResultSchema)
    @blp.alt_response(404, description="票据无效或已过期")
    @blp.errors(404, "invalid_ticket")
    def post(self, body):
        """用一次性票据换取令牌（H5 页面）"""
        with unit_of_work():
            user, tokens = oa_oauth.exchange(body["ticket"])
            return presenters.login_result(user, tokens)
