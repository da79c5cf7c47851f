"""Mini-program login, phone binding, refresh, logout and revocation, against the fake WeChat over HTTP."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import User
from app.extensions import db
from tests.factories import auth, make_admin, token_for


def mp_login(client, code):
    return client.post("/api/v1/auth/mp/login", json={"code": code})


def test_dev_code_always_yields_the_same_user_and_keeps_session_key_server_side(client, app_ctx, fake_wechat):
    first = mp_login(client, "dev-alice")
    assert first.status_code == 200, first.json
    assert first.json["is_new_user"] is True
    second = mp_login(client, "dev-alice")
    assert second.json["is_new_user"] is False
    assert first.json["user"]["id"] == second.json["user"]["id"]
    assert "session_key" not in str(first.json) and "secret" not in str(first.json)

    call = fake_wechat.requests_to("/sns/jscode2session")[-1]
    assert call["query"]["js_code"] == "dev-alice"
    assert call["query"]["appid"] == app_ctx.config["WECHAT_MP_APPID"]
    stored = app_ctx.extensions["timebank.kv"].get(f"mp:sk:{first.json['user']['id']}")
    assert stored and len(stored) >= 20

    me = client.get("/api/v1/me", headers=auth(second.json["access_token"]))
    assert me.status_code == 200
    assert me.json["id"] == first.json["user"]["id"]


def test_user_is_keyed_by_unionid_else_openid(client, app_ctx):
    with_union = mp_login(client, "dev-bob").json["user"]["id"]
    without = mp_login(client, "nounion-carol").json["user"]["id"]
    users = {u.id: u for u in db.session.scalars(sa.select(User))}
    assert users[with_union].unionid and users[with_union].mp_openid
    assert users[without].unionid is None and users[without].mp_openid


def test_wechat_errors_become_clear_answers(client, fake_wechat):
    cases = [("nonsense", None, 400, "invalid_code"), ("risky-dan", None, 403, "risky_user")]
    for code, _fault, status, error in cases:
        response = mp_login(client, code)
        assert (response.status_code, response.json["error"]) == (status, error)
        assert response.json["message"]
    assert mp_login(client, "once-erin").status_code == 200
    reused = mp_login(client, "once-erin")
    assert (reused.status_code, reused.json["error"]) == (400, "code_used")

    for errcode, status, error in [(45011, 429, "wechat_rate_limited"), (-1, 503, "wechat_unavailable")]:
        fake_wechat.fault("/sns/jscode2session", errcode=errcode)
        response = mp_login(client, "dev-frank")
        assert (response.status_code, response.json["error"]) == (status, error)
    fake_wechat.fault("/sns/jscode2session", http_status=502)
    assert mp_login(client, "dev-frank").status_code == 503
    assert mp_login(client, "dev-frank").status_code == 200


def test_slow_wechat_is_a_503_not_a_hang(client, app_ctx, fake_wechat):
    fake_wechat.fault("/sns/jscode2session", delay=app_ctx.config["WECHAT_TIMEOUT"] + 1)
    response = mp_login(client, "dev-gina")
    assert response.status_code == 503
    assert response.json["error"] == "wechat_unavailable"


def test_phone_binding_checks_the_watermark_and_stores_the_number_encrypted(client, app_ctx, fake_wechat):
    login = mp_login(client, "dev-helen").json
    headers = auth(login["access_token"])
    bound = client.post("/api/v1/auth/mp/phone", json={"code": "phone-13812345678"}, headers=headers)
    assert bound.status_code == 200
    assert bound.json == {"phone": "138****5678"}
    body = fake_wechat.requests_to("/wxa/business/getuserphonenumber")[-1]["body"]
    user = db.session.get(User, login["user"]["id"])
    assert body == {"code": "phone-13812345678", "openid": user.mp_openid}
    assert "13812345678" not in user.phone_enc
    assert client.get("/api/v1/me", headers=headers).json["phone"] == "138****5678"

    other = client.post("/api/v1/auth/mp/phone", json={"code": "phone-otherapp-13900001111"}, headers=headers)
    assert other.status_code == 400
    assert other.json["error"] == "phone_watermark_mismatch"
    db.session.expire_all()
    assert client.get("/api/v1/me", headers=headers).json["phone"] == "138****5678"


def test_refresh_rotates_and_a_replayed_refresh_token_revokes_the_session(client):
    login = mp_login(client, "dev-ivan").json
    rotated = client.post("/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]})
    assert rotated.status_code == 200
    assert rotated.json["refresh_token"] != login["refresh_token"]
    assert client.get("/api/v1/me", headers=auth(rotated.json["access_token"])).status_code == 200

    replay = client.post("/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]})
    assert replay.status_code == 401
    assert replay.json["error"] == "invalid_refresh_token"
    # The replay means the old token leaked: the thief's and the owner's copies both stop working.
    assert client.get("/api/v1/me", headers=auth(rotated.json["access_token"])).status_code == 401
    assert client.post("/api/v1/auth/refresh",
                       json={"refresh_token": rotated.json["refresh_token"]}).status_code == 401


def test_logout_ends_the_session_at_once(client):
    login = mp_login(client, "dev-jane").json
    headers = auth(login["access_token"])
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    gone = client.get("/api/v1/me", headers=headers)
    assert gone.status_code == 401
    assert gone.json["error"] == "session_revoked"
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]}).status_code == 401


def test_disabling_a_user_revokes_every_session_immediately(client, app_ctx):
    first = mp_login(client, "dev-kate").json
    second = mp_login(client, "dev-kate").json
    admin = token_for(make_admin())
    disabled = client.post(f"/api/v1/users/{first['user']['id']}/disable", headers=auth(admin))
    assert disabled.status_code == 200 and disabled.json["is_active"] is False
    for login in (first, second):
        assert client.get("/api/v1/me", headers=auth(login["access_token"])).status_code == 401
        assert client.post("/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]}).status_code == 401
    again = mp_login(client, "dev-kate")
    assert again.status_code == 401
    assert again.json["error"] == "account_disabled"


def test_garbage_tokens_are_401_envelopes(client):
    for header in ("Bearer nonsense", "Bearer a.b.c", "Basic abc", "Bearer "):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.json["error"] in {"invalid_token", "unauthorized"}
