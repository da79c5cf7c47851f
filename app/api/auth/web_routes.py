"""Sign-in for the browser surfaces (staff console, public website).

A browser must never hold a long-lived token where a script can read it: the refresh token lives in an
`HttpOnly`, `SameSite=Strict` cookie scoped to this blueprint's path (so it travels with nothing but
these endpoints and never to another site), and the short-lived access token only in the page's memory.
A reload costs one `POST /auth/web/refresh`. The mini-program keeps the JSON token pair (/auth/...).
"""
from __future__ import annotations

from flask import current_app, make_response, request
from flask.views import MethodView
from werkzeug.http import dump_cookie

from app.accounts import oa_oauth, passwords, sessions
from app.api import presenters
from app.api.auth.schemas import PasswordLoginSchema, TicketSchema, WebLoginResultSchema
from app.api.blueprint import Blueprint
from app.api.ratelimits import sign_in_limit
from app.api.security import password_pending_ok, public
from app.core.errors import Unauthorized
from app.core.unit_of_work import unit_of_work
from app.extensions import limiter

blp = Blueprint("web_auth", __name__, description="网页端登录（后台与网站前台）：刷新令牌只在 HttpOnly Cookie 中")

COOKIE = "tb_refresh"
COOKIE_PATH = "/api/v1/auth/web"


def _with_cookie(payload: dict):
    """The answer (serialised by the route's schema) without the refresh token, which goes into the
    cookie instead."""
    refresh_token = payload.pop("refresh_token")
    secure = current_app.config["PUBLIC_BASE_URL"].startswith("https://")
    cookie = dump_cookie(COOKIE, refresh_token, max_age=current_app.config["REFRESH_TOKEN_TTL"],
                         path=COOKIE_PATH, httponly=True, secure=secure, samesite="Strict")
    return payload, 200, {"Set-Cookie": cookie}


def _cleared(response):
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="Strict")
    return response


def _cookie_token() -> str:
    token = request.cookies.get(COOKIE, "")
    if not 10 <= len(token) <= 200:
        raise Unauthorized("登录已失效，请重新登录", error="invalid_refresh_token")
    return token


@blp.route("/login")
class WebPasswordLogin(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @public
    @password_pending_ok
    @blp.arguments(PasswordLoginSchema)
    @blp.response(200, WebLoginResultSchema, headers={"Set-Cookie": {
        "description": "tb_refresh：刷新令牌（HttpOnly; SameSite=Strict; Path=/api/v1/auth/web）",
        "schema": {"type": "string"}}})
    @blp.alt_response(401, description="账号或密码错误 / 账号已停用")
    @blp.errors(401, "invalid_credentials", "account_disabled")
    @blp.errors(429, "account_locked")
    def post(self, body):
        """网页端机构账号密码登录：返回 access_token，刷新令牌写入 HttpOnly Cookie"""
        with unit_of_work():
            user = passwords.verify_account(body["username"], body["password"])
            tokens = sessions.start_session(user, "password")
            return _with_cookie(presenters.login_result(user, tokens))


@blp.route("/oa-exchange")
class WebOAuthExchange(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @public
    @password_pending_ok
    @blp.arguments(TicketSchema)
    @blp.response(200, WebLoginResultSchema)
    @blp.errors(404, "invalid_ticket")
    @blp.errors(403, "snapshot_user")
    def post(self, body):
        """网站前台：公众号网页授权的一次性票据换取登录（刷新令牌写入 HttpOnly Cookie）"""
        with unit_of_work():
            user, tokens = oa_oauth.exchange(body["ticket"])
            return _with_cookie(presenters.login_result(user, tokens))


@blp.route("/refresh")
class WebRefresh(MethodView):
    decorators = [limiter.limit(sign_in_limit)]

    @public
    @password_pending_ok
    @blp.response(200, WebLoginResultSchema)
    @blp.alt_response(401, description="Cookie 中的刷新令牌无效、已过期或已被撤销")
    @blp.errors(401, "invalid_refresh_token")
    def post(self):
        """网页端刷新：凭 Cookie 换新的 access_token（同时轮换 Cookie），并返回当前用户"""
        # A refused cookie is left in place: it is useless, and the next sign-in overwrites it.
        with unit_of_work():
            user, tokens = sessions.refresh_session_of_user(_cookie_token())
            return _with_cookie(presenters.login_result(user, tokens))


@blp.route("/logout")
class WebLogout(MethodView):
    @public
    @password_pending_ok
    @blp.response(204)
    def post(self):
        """网页端退出：Cookie 对应的会话立即失效，Cookie 清除"""
        token = request.cookies.get(COOKIE, "")
        with unit_of_work():
            if 10 <= len(token) <= 200:
                sessions.revoke_by_refresh_token(token)
        return _cleared(make_response("", 204))
