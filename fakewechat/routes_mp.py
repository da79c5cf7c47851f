"""Server access tokens and the mini-program endpoints: login, phone number, subscribe messages."""
from __future__ import annotations

import time

from flask import Blueprint, request

from fakewechat import identities
from fakewechat.common import invalid_data, json_body, message_head_error, ok, plain, plain_values, state, wx_error

bp = Blueprint("fake_mp", __name__)

OTHER_APPID = "wxotherappid00000"
MINIPROGRAM_STATES = {"developer", "trial", "formal"}


def _known_appid(appid: str | None) -> bool:
    st = state()
    return appid in (st.mp_appid, st.oa_appid)


@bp.get("/cgi-bin/token")
def token():
    args = request.args
    if args.get("grant_type") != "client_credential":
        return wx_error(40002, "invalid grant_type")
    if not _known_appid(args.get("appid")):
        return wx_error(40013, "invalid appid")
    if not args.get("secret"):
        return wx_error(40125, "invalid appsecret")
    return plain(access_token=state().issue_token(args["appid"]), expires_in=7200)


@bp.post("/cgi-bin/stable_token")
def stable_token():
    body = json_body() or {}
    if body.get("grant_type") != "client_credential":
        return wx_error(40002, "invalid grant_type")
    if not _known_appid(body.get("appid")):
        return wx_error(40013, "invalid appid")
    if not body.get("secret"):
        return wx_error(40125, "invalid appsecret")
    access_token, expires_in = state().stable_token(body["appid"], bool(body.get("force_refresh")))
    return plain(access_token=access_token, expires_in=expires_in)


@bp.get("/sns/jscode2session")
def jscode2session():
    st, args = state(), request.args
    if args.get("appid") != st.mp_appid:
        return wx_error(40013, "invalid appid")
    if not args.get("secret"):
        return wx_error(40125, "invalid appsecret")
    if args.get("grant_type") != "authorization_code":
        return wx_error(40002, "invalid grant_type")
    code = args.get("js_code") or ""
    kind, _, name = code.partition("-")
    if not name or kind not in ("dev", "nounion", "once", "risky"):
        return wx_error(40029, "invalid code")
    if kind == "risky":
        return wx_error(40226, "high risk level user, code2Session forbidden")
    if kind == "once" and not st.use_code(code):
        return wx_error(40163, "code been used")
    result = {"openid": identities.openid_for(st.mp_appid, name), "session_key": identities.session_key()}
    if kind != "nounion":
        result["unionid"] = identities.unionid_for(name)
        # The same person is then known to the official account (user/info answers subscribe=1),
        # which is what the staff flow "log into the MP, then follow the OA" needs.
        st.remember_person(name)
    return plain(**result)


@bp.post("/wxa/business/getuserphonenumber")
def get_user_phone_number():
    st = state()
    code = str((json_body() or {}).get("code") or "")
    appid = st.mp_appid
    if code.startswith("phone-otherapp-"):
        digits, appid = code.removeprefix("phone-otherapp-"), OTHER_APPID
    elif code.startswith("phone-"):
        digits = code.removeprefix("phone-")
    else:
        digits = ""
    if not digits.isdigit():
        if not (st.lenient and code):
            return wx_error(40029, "invalid code")
        digits = identities.lenient_phone(code)
    return ok(phone_info={
        "phoneNumber": digits,
        "purePhoneNumber": digits,
        "countryCode": "86",
        "watermark": {"timestamp": _now(), "appid": appid},
    })


@bp.post("/cgi-bin/message/subscribe/send")
def subscribe_send():
    body = json_body()
    if (error := message_head_error(body)) is not None:
        return error
    state_name = body.get("miniprogram_state")
    if state_name is not None and state_name not in MINIPROGRAM_STATES:
        return wx_error(47003, "argument invalid! miniprogram_state")
    problem = invalid_data(body.get("data"))
    if problem is not None:
        return problem
    # No per-template credit is modelled: a test injects 43101 with a fault instead.
    msgid = state().deliver({"kind": "subscribe", "openid": body["touser"], "template_id": body["template_id"],
                             "data": plain_values(body["data"]), "page": body.get("page"),
                             "miniprogram_state": body.get("miniprogram_state", "formal"),
                             "lang": body.get("lang", "zh_CN")})
    return ok(msgid=msgid)


def _now() -> int:
    return int(time.time())
