"""WeChat's pushes to us: verified, decrypted, de-duplicated, handled in a task."""
from __future__ import annotations

import time

from app.accounts.models import User
from app.extensions import db
from app.notify import quotas
from fakewechat.push import mp_popup_event, oa_push_request, sign
from tests.factories import auth
from tests.notify.helpers import REMINDER, TODO


def _oa(app, event, openid, **kw):
    c = app.config
    return oa_push_request(event, openid, token=c["WECHAT_OA_TOKEN"], aes_key=c["WECHAT_OA_AES_KEY"],
                           appid=c["WECHAT_OA_APPID"], **kw)


def _post(client, url, query, body):
    return client.post(url, query_string=query, data=body, content_type="text/xml")


def _user(user_id):
    db.session.rollback()  # end this session's snapshot: the task committed in its own session
    return db.session.get(User, user_id)


def test_url_verification_echoes_only_for_a_valid_signature(client, app_ctx):
    ts, nonce = str(int(time.time())), "n1"
    good = sign(app_ctx.config["WECHAT_OA_TOKEN"], ts, nonce)
    ok = client.get("/api/v1/wechat/oa/push", query_string={"signature": good, "timestamp": ts, "nonce": nonce,
                                                            "echostr": "hello"})
    assert ok.status_code == 200 and ok.data == b"hello"
    bad = client.get("/api/v1/wechat/oa/push", query_string={"signature": "0" * 40, "timestamp": ts,
                                                             "nonce": nonce, "echostr": "hello"})
    assert bad.status_code == 403 and bad.json["error"] == "push_rejected"


def test_following_links_the_staff_member_by_unionid_and_unfollowing_unlinks(client, app_ctx, fake_wechat):
    login = client.post("/api/v1/auth/mp/login", json={"code": "dev-zhao"}).json
    oa_openid = fake_wechat.follow("zhao")
    query, body = _oa(app_ctx, "subscribe", oa_openid)
    response = _post(client, "/api/v1/wechat/oa/push", query, body)
    assert response.status_code == 200 and response.data == b"success"
    assert query["encrypt_type"] == "aes"
    assert _user(login["user"]["id"]).oa_openid == oa_openid

    again = _post(client, "/api/v1/wechat/oa/push", query, body)  # WeChat's re-send
    assert again.data == b"success"
    assert len(fake_wechat.requests_to("/cgi-bin/user/info")) == 1

    query, body = _oa(app_ctx, "unsubscribe", oa_openid)
    _post(client, "/api/v1/wechat/oa/push", query, body)
    assert _user(login["user"]["id"]).oa_openid is None


def test_binding_qr_links_a_user_without_unionid(client, app_ctx, fake_wechat):
    login = client.post("/api/v1/auth/mp/login", json={"code": "nounion-qian"}).json
    qr = client.post("/api/v1/me/oa-binding", headers=auth(login["access_token"]))
    assert qr.status_code == 200 and qr.json["url"] and qr.json["expire_seconds"] == 600
    scene = fake_wechat.requests_to("/cgi-bin/qrcode/create")[-1]["body"]["action_info"]["scene"]["scene_str"]
    assert scene.startswith("bind:")
    oa_openid = fake_wechat.oa_openid("qian")
    query, body = _oa(app_ctx, "subscribe", oa_openid, scene=scene)
    assert _post(client, "/api/v1/wechat/oa/push", query, body).data == b"success"
    assert _user(login["user"]["id"]).oa_openid == oa_openid


def test_forged_stale_oversized_and_entity_pushes_are_refused(client, app_ctx, fake_wechat):
    query, body = _oa(app_ctx, "subscribe", "o-x", now=time.time() - 3600)
    assert _post(client, "/api/v1/wechat/oa/push", query, body).status_code == 403
    query, body = _oa(app_ctx, "subscribe", "o-x")
    assert _post(client, "/api/v1/wechat/oa/push", {**query, "msg_signature": "0" * 40}, body).status_code == 403
    assert _post(client, "/api/v1/wechat/oa/push", query, body + b" " * (70 * 1024)).status_code == 413
    c = app_ctx.config
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><xml><MsgType>&a;</MsgType></xml>'
    query, _ = oa_push_request("subscribe", "o-x", token=c["WECHAT_OA_TOKEN"], encrypted=False)
    assert _post(client, "/api/v1/wechat/oa/push", query, evil).status_code == 403


def test_mini_program_popup_event_is_the_authoritative_record(client, app_ctx, fake_wechat):
    login = client.post("/api/v1/auth/mp/login", json={"code": "dev-sun"}).json
    headers = auth(login["access_token"])
    client.post("/api/v1/subscriptions", headers=headers, json={"results": {TODO: "accept", REMINDER: "accept"}})
    c = app_ctx.config
    query, body = mp_popup_event(fake_wechat.mp_openid("sun"), [(TODO, "accept"), (REMINDER, "reject")],
                                 token=c["WECHAT_MP_PUSH_TOKEN"])
    response = client.post("/api/v1/wechat/mp/push", query_string=query, data=body, content_type="application/json")
    assert response.status_code == 200 and response.data == b"success"
    db.session.rollback()
    assert quotas.credits_of(login["user"]["id"]) == {TODO: 1, REMINDER: 0}
    again = client.post("/api/v1/wechat/mp/push", query_string=query, data=body, content_type="application/json")
    assert again.data == b"success"
    db.session.rollback()
    assert quotas.credits_of(login["user"]["id"]) == {TODO: 1, REMINDER: 0}
