"""What each fake endpoint answers: the test codes, validations and identities."""
from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from fakewechat import FakeWeChat
from tests.conftest import MP_APPID, OA_APPID

LOGIN = "/sns/jscode2session"


def login(wire, code, appid=MP_APPID):
    return wire.get(LOGIN, appid=appid, secret="s", js_code=code, grant_type="authorization_code").json()


# -- jscode2session ---------------------------------------------------------------------------
def test_dev_codes_are_reusable_and_deterministic(fake_wechat, wire):
    first, second = login(wire, "dev-alice"), login(wire, "dev-alice")

    assert first["openid"] == second["openid"] == fake_wechat.mp_openid("alice")
    assert len(first["openid"]) == 28
    assert first["unionid"] == fake_wechat.unionid("alice") != fake_wechat.unionid("bob")
    assert first["session_key"] != second["session_key"]
    assert len(base64.b64decode(first["session_key"])) == 16


@pytest.mark.parametrize("code, errcode", [
    ("risky-eve", 40226), ("nonsense", 40029), ("dev-", 40029), ("other-alice", 40029)])
def test_login_errors(wire, code, errcode):
    assert login(wire, code)["errcode"] == errcode


def test_login_variants(wire):
    assert "unionid" not in login(wire, "nounion-bob")
    assert "openid" in login(wire, "once-carl")
    assert login(wire, "once-carl") == {"errcode": 40163, "errmsg": "code been used"}
    assert login(wire, "dev-alice", appid=OA_APPID)["errcode"] == 40013


def test_identities_differ_per_app_but_share_the_unionid(fake_wechat):
    assert fake_wechat.mp_openid("alice") != fake_wechat.oa_openid("alice")
    other = FakeWeChat(mp_appid="wxsomeoneelse", oa_appid=OA_APPID)
    assert other.mp_openid("alice") != fake_wechat.mp_openid("alice")
    assert other.unionid("alice") == fake_wechat.unionid("alice")


# -- phone number -----------------------------------------------------------------------------
def test_phone_codes(wire):
    token = wire.mp_token()

    def phone(code):
        return wire.post("/wxa/business/getuserphonenumber", {"code": code}, access_token=token).json()

    ok, other, bad = phone("phone-13700000001"), phone("phone-otherapp-13700000001"), phone("whatever")

    info = ok["phone_info"]
    assert (info["phoneNumber"], info["purePhoneNumber"], info["countryCode"]) == ("13700000001",
                                                                                  "13700000001", "86")
    assert info["watermark"]["appid"] == MP_APPID
    assert other["phone_info"]["watermark"]["appid"] == "wxotherappid00000"
    assert bad["errcode"] == 40029


def test_lenient_phone_accepts_any_code():
    fake = FakeWeChat(mp_appid="wxdev", oa_appid="wxdevoa", lenient=True)
    base = fake.start()
    try:
        token = requests.post(f"{base}/cgi-bin/stable_token", timeout=5,
                              data=b'{"grant_type":"client_credential","appid":"wxdev","secret":"s"}'
                              ).json()["access_token"]
        answers = [requests.post(f"{base}/wxa/business/getuserphonenumber", params={"access_token": token},
                                 data=b'{"code":"%s"}' % code, timeout=5).json()
                   for code in (b"devtools-xyz", b"devtools-xyz", b"devtools-abc")]
        numbers = [answer["phone_info"]["purePhoneNumber"] for answer in answers]
    finally:
        fake.stop()
    assert numbers[0] == numbers[1] != numbers[2]
    assert all(n.startswith("1380000") and len(n) == 11 for n in numbers)


# -- subscribe and template messages ----------------------------------------------------------
def subscribe(wire, body):
    return wire.post("/cgi-bin/message/subscribe/send", body, access_token=wire.mp_token()).json()


def test_subscribe_send_ok(wire):
    data = {"thing1": {"value": "二十个字以内的内容"}, "time2": {"value": "2026-01-05"}}
    body = {"touser": "o1", "template_id": "T1", "miniprogram_state": "formal", "data": data}
    answer = subscribe(wire, body)
    assert answer["errcode"] == 0


@pytest.mark.parametrize("body, errcode, field", [
    ({"template_id": "T1", "data": {"thing1": {"value": "x"}}}, 40003, None),
    ({"touser": "o1", "data": {"thing1": {"value": "x"}}}, 40037, None),
    ({"touser": "o1", "template_id": "T1"}, 47003, None),
    ({"touser": "o1", "template_id": "T1", "data": {"thing3": {"value": ""}}}, 47003, "data.thing3.value"),
    ({"touser": "o1", "template_id": "T1", "data": {"thing1": {"value": "字" * 21}}},
     47003, "data.thing1.value"),
    ({"touser": "o1", "template_id": "T1", "miniprogram_state": "beta", "data": {"thing1": {"value": "x"}}},
     47003, "miniprogram_state"),
])
def test_subscribe_send_validation(wire, body, errcode, field):
    answer = subscribe(wire, body)
    assert answer["errcode"] == errcode
    if field:
        assert field in answer["errmsg"]


def test_template_send_returns_incrementing_msgids(wire):
    token = wire.oa_token()
    body = {"touser": "o1", "template_id": "T", "data": {"keyword1": {"value": "v"}}}

    first = wire.post("/cgi-bin/message/template/send", body, access_token=token).json()
    second = wire.post("/cgi-bin/message/template/send", body, access_token=token).json()

    assert first["errcode"] == 0
    assert second["msgid"] == first["msgid"] + 1
    incomplete = wire.post("/cgi-bin/message/template/send", {"touser": "o1"}, access_token=token).json()
    assert incomplete["errcode"] == 40037


# -- followers, tickets, QR codes -------------------------------------------------------------
def test_user_info_and_batchget(fake_wechat, wire):
    token = wire.oa_token()
    follower = fake_wechat.follow("ivy")

    info = wire.get("/cgi-bin/user/info", access_token=token, openid=follower).json()
    users = {"user_list": [{"openid": follower}, {"openid": "o-stranger"}]}
    batch = wire.post("/cgi-bin/user/info/batchget", users, access_token=token).json()
    fake_wechat.unfollow("ivy")

    assert (info["subscribe"], info["unionid"]) == (1, fake_wechat.unionid("ivy"))
    assert [u["subscribe"] for u in batch["user_info_list"]] == [1, 0]
    assert wire.get("/cgi-bin/user/info", access_token=token, openid=follower).json()["subscribe"] == 0


def test_mp_login_makes_the_person_known_to_the_official_account(fake_wechat, wire):
    login(wire, "dev-kim")
    openid = fake_wechat.oa_openid("kim")
    info = wire.get("/cgi-bin/user/info", access_token=wire.oa_token(), openid=openid).json()
    assert info["subscribe"] == 1


def test_ticket_and_qrcode(wire):
    token = wire.oa_token()
    ticket = wire.get("/cgi-bin/ticket/getticket", access_token=token, type="jsapi").json()
    qr = wire.post("/cgi-bin/qrcode/create", {"action_name": "QR_STR_SCENE", "expire_seconds": 600,
                                              "action_info": {"scene": {"scene_str": "bind-1"}}},
                   access_token=token).json()

    assert ticket["errcode"] == 0 and ticket["ticket"] and ticket["expires_in"] == 7200
    assert qr["ticket"] and qr["url"] and qr["expire_seconds"] == 600
    bad = wire.post("/cgi-bin/qrcode/create", {"action_name": "NOPE"}, access_token=token).json()
    assert bad["errcode"] == 40053


# -- web OAuth --------------------------------------------------------------------------------
def oauth_token(wire, code):
    return wire.get("/sns/oauth2/access_token", appid=OA_APPID, secret="s", code=code,
                    grant_type="authorization_code").json()


def test_authorize_redirects_with_a_code_for_the_chosen_person(fake_wechat, wire):
    answer = wire.get("/connect/oauth2/authorize", appid=OA_APPID, redirect_uri="https://h5.example/cb?a=1",
                      response_type="code", scope="snsapi_base", state="s1", **{"as": "lena"})

    location = urlsplit(answer.headers["Location"])
    params = parse_qs(location.query)
    assert answer.status_code == 302
    assert params["a"] == ["1"] and params["state"] == ["s1"]
    assert params["code"][0].startswith("oa-lena.")
    assert oauth_token(wire, params["code"][0])["openid"] == fake_wechat.oa_openid("lena")


def test_authorize_defaults_and_rejections(wire):
    ok = wire.get("/connect/oauth2/authorize", appid=OA_APPID, redirect_uri="https://h5.example/cb",
                  response_type="code", scope="snsapi_userinfo")
    assert parse_qs(urlsplit(ok.headers["Location"]).query)["code"][0].startswith("oa-h5user.")
    assert wire.get("/connect/oauth2/authorize", appid="wxnotours", redirect_uri="https://x/",
                    response_type="code", scope="snsapi_base").status_code == 400


def test_oauth_codes(fake_wechat, wire):
    grant = oauth_token(wire, "oa-mia")
    snapshot = oauth_token(wire, "oa-snapshot-mia.9")

    assert grant["openid"] == fake_wechat.oa_openid("mia")
    assert grant["unionid"] == fake_wechat.unionid("mia")
    assert grant["scope"] == "snsapi_base" and grant["access_token"] and grant["refresh_token"]
    assert "is_snapshotuser" not in grant
    assert snapshot["is_snapshotuser"] == 1 and "unionid" not in snapshot
    assert oauth_token(wire, "oa-mia")["errcode"] == 40163
    assert oauth_token(wire, "mia")["errcode"] == 40029


def test_oauth_userinfo_refresh_and_auth(wire):
    answer = wire.get("/connect/oauth2/authorize", appid=OA_APPID, redirect_uri="https://h5.example/cb",
                      response_type="code", scope="snsapi_userinfo", **{"as": "nora"})
    grant = oauth_token(wire, parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0])
    base_grant = oauth_token(wire, "oa-oscar")

    info = wire.get("/sns/userinfo", access_token=grant["access_token"], openid=grant["openid"]).json()
    refreshed = wire.get("/sns/oauth2/refresh_token", appid=OA_APPID, grant_type="refresh_token",
                         refresh_token=grant["refresh_token"]).json()

    assert grant["scope"] == "snsapi_userinfo"
    assert (info["nickname"], info["unionid"]) == ("nora", grant["unionid"])
    assert wire.get("/sns/userinfo", access_token=base_grant["access_token"],
                    openid=base_grant["openid"]).json()["errcode"] == 48001
    assert refreshed["access_token"] != grant["access_token"]
    def auth(access_token):
        return wire.get("/sns/auth", access_token=access_token, openid=grant["openid"]).json()["errcode"]

    assert auth(refreshed["access_token"]) == 0
    assert auth(grant["access_token"]) == 40001  # replaced by the refresh
