"""Helpers shared by the fake's route modules."""
from __future__ import annotations

import json

from flask import current_app, jsonify, request

from fakewechat.state import FakeState

STATE_KEY = "fakewechat.state"

# Endpoints that need a server access token, and which account's token they accept. Using the
# official account's token on a mini-program API (or the reverse) is a bug in our code; the real
# platform answers 48001 for it, and so does the fake.
TOKEN_OWNER = {
    "/wxa/business/getuserphonenumber": "mp",
    "/cgi-bin/message/subscribe/send": "mp",
    "/cgi-bin/user/info": "oa",
    "/cgi-bin/user/info/batchget": "oa",
    "/cgi-bin/message/template/send": "oa",
    "/cgi-bin/ticket/getticket": "oa",
    "/cgi-bin/qrcode/create": "oa",
}
# Under /cgi-bin and /wxa these need no access token (they are how one is obtained).
TOKENLESS = {"/cgi-bin/token", "/cgi-bin/stable_token"}
THING_MAX = 20


def state() -> FakeState:
    return current_app.extensions[STATE_KEY]


def ok(**payload):
    return jsonify({"errcode": 0, "errmsg": "ok", **payload})


def plain(**payload):
    """Some endpoints (token, jscode2session, OAuth) answer without errcode on success."""
    return jsonify(payload)


def wx_error(errcode: int, errmsg: str):
    return jsonify({"errcode": errcode, "errmsg": errmsg})


def json_body() -> dict | None:
    """wechatpy posts JSON without a Content-Type header, so parse the raw bytes ourselves."""
    raw = request.get_data(cache=True)
    if not raw:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def message_head_error(body: dict | None):
    """What WeChat answers a message send whose body, recipient or template is missing; else None."""
    if body is None:
        return wx_error(47001, "data format error")
    if not body.get("touser"):
        return wx_error(40003, "invalid openid")
    if not body.get("template_id"):
        return wx_error(40037, "invalid template_id")
    return None


def account_appid(kind: str) -> str:
    st = state()
    return st.mp_appid if kind == "mp" else st.oa_appid


def invalid_data(data):
    """47003 for template data WeChat would refuse (missing, empty, or a too-long thing), else None."""
    if not isinstance(data, dict) or not data:
        return wx_error(47003, "argument invalid! data is empty")
    for key, item in data.items():
        value = item.get("value") if isinstance(item, dict) else None
        if value is None or str(value) == "":
            return wx_error(47003, f"argument invalid! data.{key}.value is empty")
        if key.startswith("thing") and len(str(value)) > THING_MAX:
            return wx_error(47003, f"argument invalid! data.{key}.value exceeds {THING_MAX} characters")
    return None


def plain_values(data: dict) -> dict:
    """{"thing1": {"value": "x"}} -> {"thing1": "x"}: what the phone shows."""
    return {key: str(item.get("value")) if isinstance(item, dict) else item for key, item in data.items()}
