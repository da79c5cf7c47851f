"""Linking official-account followers to our users, so staff can receive template messages.

A subscribe push names only the OA openid. With an Open Platform binding, `user/info` gives the
unionid that ties it to the person who signed into the mini-program; without one, the person scans a
binding QR code whose scene names a one-time token we issued to them."""
from __future__ import annotations

import secrets

import sqlalchemy as sa

from app.accounts.models import User
from app.core.runtime import kv, wechat
from app.extensions import db

BIND_TTL = 600
_BIND_PREFIX = "bind:"


def start_binding(user: User) -> dict:
    """A QR code that, scanned in WeChat, follows the official account and links it to `user`."""
    token = secrets.token_urlsafe(12)
    kv().set(f"oa:bind:{token}", str(user.id), ex=BIND_TTL)
    return wechat().create_bind_qrcode(f"{_BIND_PREFIX}{token}", expire_seconds=BIND_TTL)


def _user_for(oa_openid: str, scene: str | None) -> User | None:
    if scene and scene.startswith(_BIND_PREFIX):
        user_id = kv().getdel(f"oa:bind:{scene[len(_BIND_PREFIX):]}")
        if user_id is not None:
            return db.session.get(User, int(user_id))
    info = wechat().oa_user_info(oa_openid)  # WeChatError propagates: the task retries
    if info.get("unionid"):
        return db.session.scalar(sa.select(User).where(User.unionid == info["unionid"]))
    return None


def link_follower(oa_openid: str, scene: str | None) -> int | None:
    """Returns the linked user's id, or None when the follower is nobody we know."""
    user = _user_for(oa_openid, scene)
    if user is None:
        return None
    # One OA identity, one user: take it from whoever had it before (a re-bind).
    db.session.execute(sa.update(User).where(User.oa_openid == oa_openid, User.id != user.id)
                       .values(oa_openid=None))
    user.oa_openid = oa_openid
    db.session.flush()
    return user.id


def unlink_follower(oa_openid: str) -> int:
    return db.session.execute(sa.update(User).where(User.oa_openid == oa_openid).values(oa_openid=None)).rowcount
