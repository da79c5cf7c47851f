"""Official-account web OAuth and follower look-ups through the gateway."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from app.wechat.errors import WeChatError, WeChatUnavailable
from tests.conftest import OA_APPID

TOKEN = "/sns/oauth2/access_token"


def test_authorize_url(app, gateway):
    url = gateway.oauth_authorize_url("https://h5.example.com/h5/cb?next=/a b", "st4te")

    base, _, rest = url.partition("?")
    query, _, fragment = rest.partition("#")
    assert base == app.config["WECHAT_OAUTH_AUTHORIZE_URL"]
    assert fragment == "wechat_redirect"
    assert [pair.split("=")[0] for pair in query.split("&")] == [
        "appid", "redirect_uri", "response_type", "scope", "state"]
    assert "redirect_uri=https%3A%2F%2Fh5.example.com%2Fh5%2Fcb%3Fnext%3D%2Fa%20b" in query
    params = parse_qs(query)
    assert params["appid"] == [OA_APPID]
    assert params["scope"] == ["snsapi_base"]
    assert params["state"] == ["st4te"]


def test_browser_round_trip(gateway, fake_wechat):
    url = gateway.oauth_authorize_url("https://h5.example.com/cb", "xyz", scope="snsapi_userinfo")

    answer = requests.get(url.split("#")[0] + "&as=dora", allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    params = parse_qs(location.query)
    assert location.netloc == "h5.example.com"
    assert params["state"] == ["xyz"]

    token = gateway.oauth_fetch_token(params["code"][0])

    assert token == {"openid": fake_wechat.oa_openid("dora"), "unionid": fake_wechat.unionid("dora"),
                     "scope": "snsapi_userinfo", "is_snapshotuser": False}
    assert fake_wechat.requests_to(TOKEN)[0]["query"]["appid"] == OA_APPID


def test_fetch_token_for_a_test_code(gateway, fake_wechat):
    token = gateway.oauth_fetch_token("oa-erin")

    assert token["openid"] == fake_wechat.oa_openid("erin")
    assert token["unionid"] == fake_wechat.unionid("erin")  # the same person as in the mini-program
    assert token["is_snapshotuser"] is False


def test_snapshot_user(gateway, fake_wechat):
    token = gateway.oauth_fetch_token("oa-snapshot-frank.1")

    assert token["is_snapshotuser"] is True
    assert token["openid"] != fake_wechat.oa_openid("frank")  # a virtual account
    assert token["unionid"] is None


def test_oauth_code_is_single_use(gateway):
    gateway.oauth_fetch_token("oa-gina.abc")

    with pytest.raises(WeChatError) as caught:
        gateway.oauth_fetch_token("oa-gina.abc")
    assert caught.value.errcode == 40163


def test_invalid_oauth_code(gateway):
    with pytest.raises(WeChatError) as caught:
        gateway.oauth_fetch_token("dev-alice")
    assert caught.value.errcode == 40029


def test_oauth_timeout_is_unavailable(make_gateway, fake_wechat):
    gateway = make_gateway(WECHAT_TIMEOUT=0.3)
    fake_wechat.fault(TOKEN, delay=0.8)

    with pytest.raises(WeChatUnavailable):
        gateway.oauth_fetch_token("oa-hank")


def test_oauth_server_error_is_unavailable(gateway, fake_wechat):
    fake_wechat.fault(TOKEN, http_status=503)

    with pytest.raises(WeChatUnavailable):
        gateway.oauth_fetch_token("oa-hank")


def test_follower_info(gateway, fake_wechat):
    openid = fake_wechat.follow("ivy")

    assert gateway.oa_user_info(openid) == {"openid": openid, "subscribed": True,
                                            "unionid": fake_wechat.unionid("ivy")}
    assert gateway.oa_user_info("o-stranger") == {"openid": "o-stranger", "subscribed": False,
                                                  "unionid": None}


def test_a_mini_program_user_is_known_to_the_official_account(gateway, fake_wechat):
    unionid = gateway.code_to_session("dev-jack")["unionid"]

    assert gateway.oa_user_info(fake_wechat.oa_openid("jack"))["unionid"] == unionid
