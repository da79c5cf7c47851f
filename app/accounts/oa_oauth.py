"""Official-account web OAuth for H5 pages opened from the city-services menu.

WeChat's in-app browser often drops cookies between the authorize redirect and the callback, so the
one-time `state` lives server-side. The callback hands the page a one-time ticket in the URL fragment
(never sent to servers or logs), which the page exchanges for tokens.
"""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from app.accounts import sessions
from app.accounts.identities import user_for_identity
from app.accounts.models import User
from app.accounts.wechat_errors import translate
from app.core.errors import Forbidden, InvalidInput, NotFound
from app.core.runtime import kv, wechat
from app.extensions import db
from app.wechat.errors import WeChatError

STATE_TTL = 600
TICKET_TTL = 60
DEFAULT_NEXT = "/site/"


def safe_next(next_path: str | None) -> str:
    """Only a path on our own site: an OAuth callback must never become an open redirect."""
    if not next_path:
        return DEFAULT_NEXT
    parts = urlsplit(next_path)
    if parts.scheme or parts.netloc or not next_path.startswith("/") or next_path.startswith("//") \
            or "\\" in next_path:
        raise InvalidInput("跳转地址无效", error="invalid_next", errors={"next": ["只能跳转到本站页面"]})
    return next_path


def start(next_path: str | None, redirect_uri: str) -> str:
    target = safe_next(next_path)
    state = secrets.token_urlsafe(24)
    kv().set(f"oauth:state:{state}", target, ex=STATE_TTL)
    return wechat().oauth_authorize_url(redirect_uri, state, scope="snsapi_base")


def finish(code: str, state: str) -> tuple[str, str]:
    """Returns (next path, one-time ticket)."""
    target = kv().getdel(f"oauth:state:{state}")
    if target is None:
        raise InvalidInput("授权已失效，请重新打开页面", error="invalid_state", status_code=400)
    try:
        token = wechat().oauth_fetch_token(code)
    except WeChatError as exc:
        raise translate(exc) from exc
    if token.get("is_snapshotuser"):
        # A "snapshot mode" visitor is a virtual account: binding it would create a ghost user.
        raise Forbidden("请点击页面底部的“使用完整服务”后再进入", error="snapshot_user")
    user, _created = user_for_identity(channel="oa", openid=token["openid"], unionid=token.get("unionid"))
    if not user.is_active:
        raise Forbidden("账号已被停用，请联系管理员", error="account_disabled")
    ticket = secrets.token_urlsafe(32)
    kv().set(f"oauth:ticket:{ticket}", str(user.id), ex=TICKET_TTL)
    return target, ticket


def exchange(ticket: str) -> tuple[User, dict]:
    user_id = kv().getdel(f"oauth:ticket:{ticket}")
    if user_id is None:
        raise NotFound("登录票据无效或已过期，请重新打开页面", error="invalid_ticket")
    user = db.session.get(User, int(user_id))
    if user is None:
        raise NotFound("登录票据无效或已过期，请重新打开页面", error="invalid_ticket")
    return user, sessions.start_session(user, "oa")
