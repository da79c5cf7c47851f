"""The fake's machinery: records, faults, access-token checks, the /_fake controls."""
from __future__ import annotations

import time

import pytest
import requests

from fakewechat import FakeWeChat
from tests.conftest import MP_APPID, OA_APPID

LOGIN = "/sns/jscode2session"
LOGIN_ARGS = {"appid": MP_APPID, "secret": "s", "js_code": "dev-alice", "grant_type": "authorization_code"}


def test_base_url_and_random_port(fake_wechat):
    assert fake_wechat.base_url.startswith("http://127.0.0.1:")
    assert not fake_wechat.base_url.endswith("/")
    assert fake_wechat.port != 0


def test_records_method_path_query_and_raw_json_body(fake_wechat, wire):
    wire.get(LOGIN, **LOGIN_ARGS)
    wire.post("/cgi-bin/message/subscribe/send", {"touser": "o1", "note": "中文"}, access_token="x")

    login, send = fake_wechat.requests
    assert login == {**login, "method": "GET", "path": LOGIN, "query": LOGIN_ARGS, "body": None}
    assert send["method"] == "POST"
    assert send["query"] == {"access_token": "x"}
    assert send["body"] == {"touser": "o1", "note": "中文"}
    assert fake_wechat.requests_to(LOGIN) == [login]


def test_non_json_body_is_recorded_as_none(fake_wechat, wire):
    wire.post("/cgi-bin/stable_token", b"not json")

    assert fake_wechat.requests_to("/cgi-bin/stable_token")[0]["body"] is None


def test_fault_applies_the_given_number_of_times(fake_wechat, wire):
    fake_wechat.fault(LOGIN, errcode=45011, errmsg="quota", times=2)

    answers = [wire.get(LOGIN, **LOGIN_ARGS).json() for _ in range(3)]

    assert answers[0] == answers[1] == {"errcode": 45011, "errmsg": "quota"}
    assert "openid" in answers[2]
    assert len(fake_wechat.requests_to(LOGIN)) == 3  # faulted requests are recorded too


def test_fault_forever_and_http_status(fake_wechat, wire):
    fake_wechat.fault(LOGIN, http_status=502, times=None)

    assert [wire.get(LOGIN, **LOGIN_ARGS).status_code for _ in range(3)] == [502, 502, 502]


def test_fault_only_for_its_path(fake_wechat, wire):
    fake_wechat.fault("/cgi-bin/user/info", errcode=-1)

    assert "openid" in wire.get(LOGIN, **LOGIN_ARGS).json()


def test_delay_only_fault_then_normal_answer(fake_wechat, wire):
    fake_wechat.fault(LOGIN, delay=0.2)

    started = time.monotonic()
    answer = wire.get(LOGIN, **LOGIN_ARGS).json()

    assert time.monotonic() - started >= 0.2
    assert "openid" in answer


def test_reset_clears_records_faults_codes_and_tokens(fake_wechat, wire):
    token = wire.mp_token()
    fake_wechat.fault(LOGIN, errcode=-1, times=None)
    wire.get(LOGIN, **{**LOGIN_ARGS, "js_code": "once-zed"})

    fake_wechat.reset()

    assert fake_wechat.requests == []
    assert "openid" in wire.get(LOGIN, **{**LOGIN_ARGS, "js_code": "once-zed"}).json()
    assert wire.get("/cgi-bin/ticket/getticket", access_token=token, type="jsapi").json()["errcode"] == 40001


def test_api_calls_need_an_issued_token(wire):
    assert wire.post("/wxa/business/getuserphonenumber", {"code": "phone-1"}).json()["errcode"] == 40001
    assert wire.post("/wxa/business/getuserphonenumber", {"code": "phone-1"},
                     access_token="made-up").json()["errcode"] == 40001
    assert wire.post("/wxa/business/getuserphonenumber", {"code": "phone-1"},
                     access_token=wire.mp_token()).json()["errcode"] == 0


def test_a_token_only_works_for_its_own_account(wire):
    answer = wire.get("/cgi-bin/user/info", access_token=wire.mp_token(), openid="o1").json()

    assert answer["errcode"] == 48001


def test_login_works_with_or_without_a_token(wire):
    assert "openid" in wire.get(LOGIN, **LOGIN_ARGS).json()
    assert "openid" in wire.get(LOGIN, **LOGIN_ARGS, access_token="anything").json()


def test_invalidate_tokens(fake_wechat, wire):
    token = wire.oa_token()
    fake_wechat.invalidate_tokens()

    assert wire.get("/cgi-bin/user/info", access_token=token, openid="o1").json()["errcode"] == 40001
    assert wire.oa_token() != token


def test_stable_token_is_stable_unless_forced(wire):
    first = wire.mp_token()
    assert wire.mp_token() == first
    forced = wire.post("/cgi-bin/stable_token", {"grant_type": "client_credential", "appid": MP_APPID,
                                                 "secret": "s", "force_refresh": True}).json()
    assert forced["access_token"] != first
    assert forced["expires_in"] == 7200


def test_classic_token_endpoint(wire):
    answer = wire.get("/cgi-bin/token", grant_type="client_credential", appid=OA_APPID, secret="s").json()
    assert answer["expires_in"] == 7200
    info = wire.get("/cgi-bin/user/info", access_token=answer["access_token"], openid="o1").json()
    assert info["subscribe"] == 0
    bad = wire.get("/cgi-bin/token", grant_type="client_credential", appid="wxnotours", secret="s").json()
    assert bad["errcode"] == 40013


def test_control_endpoints(fake_wechat, wire):
    assert wire.post("/_fake/faults", {"path": LOGIN, "errcode": 40226, "times": 1}).json() == {"ok": True}
    assert wire.get(LOGIN, **LOGIN_ARGS).json()["errcode"] == 40226
    wire.get("/cgi-bin/ticket/getticket")

    everything = wire.get("/_fake/requests").json()
    logins = wire.get("/_fake/requests", path=LOGIN).json()
    # /_fake/ calls themselves are not recorded.
    assert [r["path"] for r in everything] == [LOGIN, "/cgi-bin/ticket/getticket"]
    assert logins[0]["query"]["js_code"] == "dev-alice"

    assert wire.post("/_fake/reset").json() == {"ok": True}
    assert wire.get("/_fake/requests").json() == []


def test_control_fault_validation_and_identity(fake_wechat, wire):
    assert wire.post("/_fake/faults", {"errcode": 1}).status_code == 400
    assert wire.post("/_fake/faults", {"path": LOGIN, "times": 0}).status_code == 400
    assert wire.get("/_fake/identity", name="alice").json() == {
        "name": "alice", "mp_openid": fake_wechat.mp_openid("alice"),
        "oa_openid": fake_wechat.oa_openid("alice"), "unionid": fake_wechat.unionid("alice")}


def test_control_invalidate_tokens(wire):
    token = wire.oa_token()
    wire.post("/_fake/invalidate_tokens")
    assert wire.get("/cgi-bin/user/info", access_token=token, openid="o1").json()["errcode"] == 40001


def test_start_and_stop_an_own_instance():
    fake = FakeWeChat(mp_appid="wxa", oa_appid="wxb")
    base = fake.start()
    try:
        assert requests.get(f"{base}/_fake/requests", timeout=5).json() == []
    finally:
        fake.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{base}/_fake/requests", timeout=1)
