"""Official-account endpoints: followers, template messages, JS-SDK tickets, parameter QR codes."""
from __future__ import annotations

import secrets
import time

from flask import Blueprint, request

from fakewechat import identities
from fakewechat.common import invalid_data, json_body, message_head_error, ok, plain, plain_values, state, wx_error

bp = Blueprint("fake_oa", __name__)

BATCH_MAX = 100
QR_DEFAULT_EXPIRE = 60
QR_MAX_EXPIRE = 2592000


def _user_info(openid: str, lang: str = "zh_CN") -> dict:
    name = state().follower_name(openid)
    if name is None:
        return {"subscribe": 0, "openid": openid}
    return {"subscribe": 1, "openid": openid, "nickname": name, "language": lang,
            "subscribe_time": int(time.time()), "unionid": identities.unionid_for(name),
            "remark": "", "groupid": 0, "tagid_list": [], "subscribe_scene": "ADD_SCENE_QR_CODE",
            "qr_scene": 0, "qr_scene_str": ""}


@bp.get("/cgi-bin/user/info")
def user_info():
    openid = request.args.get("openid")
    if not openid:
        return wx_error(40003, "invalid openid")
    return plain(**_user_info(openid, request.args.get("lang", "zh_CN")))


@bp.post("/cgi-bin/user/info/batchget")
def user_info_batch():
    users = (json_body() or {}).get("user_list")
    if not isinstance(users, list) or not users:
        return wx_error(47001, "data format error")
    if len(users) > BATCH_MAX:
        return wx_error(45035, "user_list size out of limit")
    infos = []
    for item in users:
        if not isinstance(item, dict) or not item.get("openid"):
            return wx_error(40003, "invalid openid")
        infos.append(_user_info(item["openid"], item.get("lang", "zh_CN")))
    return plain(user_info_list=infos)


@bp.post("/cgi-bin/message/template/send")
def template_send():
    body = json_body()
    if (error := message_head_error(body)) is not None:
        return error
    if not isinstance(body.get("data"), dict):
        return wx_error(47001, "data format error")
    problem = invalid_data(body["data"])
    if problem is not None:
        return problem
    miniprogram = body.get("miniprogram")
    if miniprogram is not None:
        if not isinstance(miniprogram, dict) or not miniprogram.get("appid"):
            return wx_error(47001, "data format error")
        if miniprogram["appid"] != state().mp_appid:
            # The real check is "linked to this account"; the fake links exactly its own MP.
            return wx_error(40013, "invalid appid: miniprogram.appid is not linked to this account")
    # Following is not checked (the fake answers 43004 only when a fault injects it).
    record = {"kind": "template", "openid": body["touser"], "template_id": body["template_id"],
              "data": plain_values(body["data"]), "url": body.get("url"), "miniprogram": miniprogram,
              "client_msg_id": body.get("client_msg_id")}
    return ok(msgid=state().deliver_template(record, body["touser"], body.get("client_msg_id")))


@bp.get("/cgi-bin/ticket/getticket")
def get_ticket():
    kind = request.args.get("type", "jsapi")
    if kind not in ("jsapi", "wx_card"):
        return wx_error(40097, "invalid args")
    return ok(ticket=f"FAKETICKET_{kind}_{secrets.token_urlsafe(16)}", expires_in=7200)


@bp.post("/cgi-bin/qrcode/create")
def qrcode_create():
    body = json_body() or {}
    action = body.get("action_name")
    if action not in ("QR_SCENE", "QR_STR_SCENE", "QR_LIMIT_SCENE", "QR_LIMIT_STR_SCENE"):
        return wx_error(40053, "invalid action name")
    if not isinstance(body.get("action_info"), dict) or "scene" not in body["action_info"]:
        return wx_error(47001, "data format error")
    ticket = f"FAKEQR_{secrets.token_urlsafe(24)}"
    result = {"ticket": ticket, "url": f"http://weixin.qq.com/q/{ticket}"}
    if "LIMIT" not in action:
        result["expire_seconds"] = min(int(body.get("expire_seconds") or QR_DEFAULT_EXPIRE), QR_MAX_EXPIRE)
    return plain(**result)
