"""Mini-program login (jscode2session) through the gateway, against the fake over real HTTP."""
from __future__ import annotations

import pytest

from app.wechat.errors import WeChatError, WeChatUnavailable
from tests.conftest import MP_APPID

LOGIN = "/sns/jscode2session"


def test_login_returns_openid_session_key_and_unionid(gateway, fake_wechat):
    session = gateway.code_to_session("dev-alice")

    assert session["openid"] == fake_wechat.mp_openid("alice")
    assert session["unionid"] == fake_wechat.unionid("alice")
    assert session["session_key"]
    [call] = fake_wechat.requests_to(LOGIN)
    assert call["query"]["appid"] == MP_APPID
    assert call["query"]["js_code"] == "dev-alice"
    assert call["query"]["grant_type"] == "authorization_code"


def test_login_needs_no_access_token(gateway, fake_wechat):
    gateway.code_to_session("dev-alice")

    assert "access_token" not in fake_wechat.requests_to(LOGIN)[0]["query"]
    assert fake_wechat.requests_to("/cgi-bin/stable_token") == []
    assert fake_wechat.requests_to("/cgi-bin/token") == []


def test_login_without_unionid(gateway, fake_wechat):
    session = gateway.code_to_session("nounion-bob")

    assert session["openid"] == fake_wechat.mp_openid("bob")
    assert session["unionid"] is None


def test_a_fresh_session_key_on_every_login(gateway):
    first, second = gateway.code_to_session("dev-alice"), gateway.code_to_session("dev-alice")

    assert first["openid"] == second["openid"]
    assert first["session_key"] != second["session_key"]


@pytest.mark.parametrize("code, errcode", [
    ("garbage", 40029),
    ("", 40029),
    ("risky-mallory", 40226),
])
def test_login_rejections(gateway, code, errcode):
    with pytest.raises(WeChatError) as caught:
        gateway.code_to_session(code)

    assert caught.value.errcode == errcode
    assert not isinstance(caught.value, WeChatUnavailable)


def test_a_once_code_cannot_be_reused(gateway, fake_wechat):
    assert gateway.code_to_session("once-carol")["openid"] == fake_wechat.mp_openid("carol")

    with pytest.raises(WeChatError) as caught:
        gateway.code_to_session("once-carol")
    assert caught.value.errcode == 40163


def test_quota_error_is_final(gateway, fake_wechat):
    fake_wechat.fault(LOGIN, errcode=45011, errmsg="api minute-quota reach limit")

    with pytest.raises(WeChatError) as caught:
        gateway.code_to_session("dev-alice")

    assert caught.value.errcode == 45011
    assert "quota" in caught.value.errmsg
    assert not isinstance(caught.value, WeChatUnavailable)


def test_system_busy_is_unavailable(gateway, fake_wechat):
    fake_wechat.fault(LOGIN, errcode=-1, errmsg="system error")

    with pytest.raises(WeChatUnavailable) as caught:
        gateway.code_to_session("dev-alice")

    assert caught.value.errcode == -1
    assert len(fake_wechat.requests_to(LOGIN)) == 1  # no silent retry: the caller decides


@pytest.mark.parametrize("status, unavailable", [(500, True), (502, True), (404, False)])
def test_http_errors(gateway, fake_wechat, status, unavailable):
    fake_wechat.fault(LOGIN, http_status=status)

    with pytest.raises(WeChatError) as caught:
        gateway.code_to_session("dev-alice")

    assert caught.value.errcode is None
    assert isinstance(caught.value, WeChatUnavailable) is unavailable
    assert str(status) in caught.value.errmsg
