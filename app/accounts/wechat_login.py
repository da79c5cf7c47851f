"""Mini-program login and phone binding."""
from __future__ import annotations

from app.accounts import sessions
from app.accounts.identities import user_for_identity
from app.accounts.models import User
from app.accounts.wechat_errors import translate
from app.core.crypto import mask_phone
from app.core.runtime import kv, pii, setting, wechat
from app.wechat.errors import WeChatError

PHONE_CONTEXT = "users.phone"


def session_key_name(user_id: int) -> str:
    return f"mp:sk:{user_id}"


def login_with_code(code: str) -> tuple[User, dict, bool]:
    """wx.login code -> our tokens. WeChat's session_key stays in the server-side store only."""
    try:
        result = wechat().code_to_session(code)
    except WeChatError as exc:
        raise translate(exc) from exc
    user, created = user_for_identity(channel="mp", openid=result["openid"], unionid=result.get("unionid"))
    tokens = sessions.start_session(user, "mp")
    kv().set(session_key_name(user.id), result["session_key"], ex=setting("SESSION_KEY_TTL"))
    return user, tokens, created


def bind_phone(user: User, code: str) -> str:
    """getPhoneNumber button code -> the user's phone, stored encrypted; returns it masked."""
    try:
        info = wechat().get_phone_number(code, openid=user.mp_openid)
    except WeChatError as exc:
        raise translate(exc) from exc
    set_phone(user, info["phone"])
    return mask_phone(info["phone"])


def set_phone(user: User, phone: str) -> None:
    user.phone_enc = pii().encrypt(phone, context=PHONE_CONTEXT)
    user.phone_index = pii().blind_index(phone, context=PHONE_CONTEXT)


def phone_of(user: User) -> str | None:
    return pii().decrypt(user.phone_enc, context=PHONE_CONTEXT) if user.phone_enc else None
