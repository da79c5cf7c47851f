"""Request bodies for the message APIs wechatpy cannot send in full, and what their error codes mean.

wechatpy's `wxa.send_subscribe_message` has no `miniprogram_state`/`lang` (wechatpy#817) and its
`message.send_template` has no `client_msg_id`, so the gateway posts these bodies itself
(notes/wechat.md §4). Data is taken as plain {"thing1": "text"}; run it through
`template_values.sanitize_data` first, because WeChat rejects a value outside its type's limits (47003).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from app.wechat.errors import WeChatError, WeChatUnavailable

MINIPROGRAM_STATES = frozenset({"developer", "trial", "formal"})
LANGS = frozenset({"zh_CN", "en_US", "zh_HK", "zh_TW"})
SCENE_STR_MAX = 64          # QR_STR_SCENE scene_str: 1 to 64 characters
QR_EXPIRE_MAX = 2592000     # temporary QR codes live at most 30 days

# Error codes the message APIs answer (WeChat's numbers; the gateway keeps them on WeChatError.errcode).
ERR_SYSTEM_BUSY = -1
ERR_INVALID_OPENID = 40003
ERR_INVALID_TEMPLATE = 40037
ERR_INVALID_PAGE = 41030
ERR_NOT_FOLLOWER = 43004      # OA template message to someone who does not follow the account
ERR_NO_CREDIT = 43101         # subscribe message: user refused, or no one-time credit left
ERR_QUOTA = 45009             # daily API quota reached
ERR_INVALID_DATA = 47003      # a template value breaks its type's rules; errmsg names the field
ERR_UNAUTHORIZED = 48001

# How a failed send should be handled (GUIDE §5): retry later, or never.
RETRY = "retry"               # network, timeout, 5xx, -1, 45009: back off and try again
NO_CREDIT = "no_credit"       # 43101: mark the credit used up; fall back to the inbox
NOT_FOLLOWER = "not_follower"  # 43004: the staff member must follow the OA first
INVALID = "invalid"           # 47003 and friends: our bug; log the field, do not retry
FATAL = "fatal"               # anything else (configuration, permissions): do not retry

_FIELD = re.compile(r"data\.([A-Za-z_]+\d*)(?:\.value)?")


def wrap_data(data: Mapping[str, object]) -> dict[str, dict[str, str]]:
    """{"thing1": "text"} -> {"thing1": {"value": "text"}}, the shape both message APIs want."""
    return {str(key): {"value": "" if value is None else str(value)} for key, value in data.items()}


def subscribe_body(openid: str, template_id: str, data: Mapping[str, object], page: str | None, *,
                   state: str = "formal", lang: str = "zh_CN") -> dict:
    if state not in MINIPROGRAM_STATES:
        raise ValueError(f"miniprogram_state must be one of {sorted(MINIPROGRAM_STATES)}, not {state!r}")
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {sorted(LANGS)}, not {lang!r}")
    body = {"touser": openid, "template_id": template_id, "miniprogram_state": state, "lang": lang,
            "data": wrap_data(data)}
    if page:
        # Without a page the card does not open the mini-program at all.
        body["page"] = page
    return body


def template_body(openid: str, template_id: str, data: Mapping[str, object], *, mp_appid: str,
                  mp_pagepath: str | None, client_msg_id: str) -> dict:
    if not client_msg_id:
        # The whole point of the id is that a redelivered job cannot message a person twice.
        raise ValueError("client_msg_id is required")
    body = {"touser": openid, "template_id": template_id, "data": wrap_data(data),
            "client_msg_id": client_msg_id}
    if mp_pagepath is not None:
        body["miniprogram"] = {"appid": mp_appid, "pagepath": mp_pagepath}
    return body


def bind_qrcode_body(scene: str, expire_seconds: int) -> dict:
    if not 1 <= len(scene) <= SCENE_STR_MAX:
        raise ValueError(f"scene must be 1 to {SCENE_STR_MAX} characters")
    if not 60 <= expire_seconds <= QR_EXPIRE_MAX:
        raise ValueError(f"expire_seconds must be between 60 and {QR_EXPIRE_MAX}")
    return {"action_name": "QR_STR_SCENE", "expire_seconds": int(expire_seconds),
            "action_info": {"scene": {"scene_str": scene}}}


def failure_kind(error: WeChatError) -> str:
    """RETRY, NO_CREDIT, NOT_FOLLOWER, INVALID or FATAL for an error a send raised."""
    if isinstance(error, WeChatUnavailable) or error.errcode in (ERR_SYSTEM_BUSY, ERR_QUOTA):
        return RETRY
    if error.errcode == ERR_NO_CREDIT:
        return NO_CREDIT
    if error.errcode == ERR_NOT_FOLLOWER:
        return NOT_FOLLOWER
    if error.errcode in (ERR_INVALID_DATA, ERR_INVALID_OPENID, ERR_INVALID_TEMPLATE, ERR_INVALID_PAGE):
        return INVALID
    return FATAL


def invalid_field(error: WeChatError) -> str | None:
    """The data key a 47003 complains about ("thing3" from "data.thing3.value is empty"), if named."""
    if error.errcode != ERR_INVALID_DATA:
        return None
    match = _FIELD.search(error.errmsg or "")
    return match.group(1) if match else None
