"""Access tokens: stable_token, the shared kv, the refresh lock, the bounded retry, timeouts."""
from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from app.wechat.errors import WeChatError, WeChatUnavailable
from app.wechat.storage import KVSessionStorage
from tests.conftest import OA_APPID

STABLE = "/cgi-bin/stable_token"
USER_INFO = "/cgi-bin/user/info"


def test_token_comes_from_stable_token_and_is_reused(gateway, fake_wechat):
    gateway.oa_user_info("o-anyone")
    gateway.oa_user_info("o-anyone")

    [fetch] = fake_wechat.requests_to(STABLE)
    assert fetch["method"] == "POST"
    assert fetch["body"]["appid"] == OA_APPID
    assert fetch["body"]["grant_type"] == "client_credential"
    assert fetch["body"]["force_refresh"] is False
    assert fake_wechat.requests_to("/cgi-bin/token") == []
    tokens = {call["query"]["access_token"] for call in fake_wechat.requests_to(USER_INFO)}
    assert len(tokens) == 1


def test_invalid_token_is_refetched_once_then_the_call_succeeds(gateway, fake_wechat):
    gateway.oa_user_info("o-anyone")
    fake_wechat.invalidate_tokens()

    assert gateway.oa_user_info("o-anyone")["subscribed"] is False

    assert len(fake_wechat.requests_to(STABLE)) == 2
    first, rejected, retried = (call["query"]["access_token"] for call in fake_wechat.requests_to(USER_INFO))
    assert first == rejected != retried


def test_one_40001_answer_retries_once(gateway, fake_wechat):
    fake_wechat.fault(USER_INFO, errcode=40001, errmsg="invalid credential")

    assert gateway.oa_user_info("o-anyone")["openid"] == "o-anyone"

    assert len(fake_wechat.requests_to(USER_INFO)) == 2
    assert len(fake_wechat.requests_to(STABLE)) == 2  # the first fetch, then one re-fetch


@pytest.mark.parametrize("errcode", [40001, 40014, 42001])
def test_token_errors_forever_give_up_after_one_retry(gateway, fake_wechat, errcode):
    fake_wechat.fault(USER_INFO, errcode=errcode, errmsg="invalid credential", times=None)

    with pytest.raises(WeChatError) as caught:
        gateway.oa_user_info("o-anyone")

    assert caught.value.errcode == errcode
    assert len(fake_wechat.requests_to(USER_INFO)) == 2
    assert len(fake_wechat.requests_to(STABLE)) == 2


def test_token_fetch_error_is_reported(gateway, fake_wechat):
    fake_wechat.fault(STABLE, errcode=40125, errmsg="invalid appsecret")

    with pytest.raises(WeChatError) as caught:
        gateway.oa_user_info("o-anyone")

    assert caught.value.errcode == 40125
    assert fake_wechat.requests_to(USER_INFO) == []


def test_two_gateways_on_one_kv_share_the_token(app, gateway, make_gateway, fake_wechat):
    other = make_gateway(kv=app.extensions["timebank.kv"])

    gateway.oa_user_info("o-anyone")
    other.oa_user_info("o-anyone")

    assert len(fake_wechat.requests_to(STABLE)) == 1


def test_concurrent_refresh_fetches_once(make_gateway, each_kv, fake_wechat):
    # Slow token answers keep the first fetch in flight while the others arrive.
    fake_wechat.fault(STABLE, delay=0.3, times=None)
    gateways = [make_gateway(kv=each_kv) for _ in range(4)]
    barrier = threading.Barrier(len(gateways))
    results, errors = [], []

    def call(gw):
        barrier.wait()
        try:
            results.append(gw.oa_user_info("o-anyone"))
        except Exception as exc:  # noqa: BLE001 (a thread cannot raise into the test: collect, assert below)
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(gw,)) for gw in gateways]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert errors == []
    assert len(results) == len(gateways)
    assert len(fake_wechat.requests_to(STABLE)) == 1


# The fake received the request and holds its (otherwise good) answer for ANSWER_AFTER seconds: a call that
# fails with WeChatUnavailable meanwhile gave up on its own, by its timeout. Had it waited, it would have
# been answered and succeeded; no clock is read. (The fake's handler thread sleeps on, harmlessly.)
ANSWER_AFTER = 10.0


def test_api_timeout_is_unavailable(make_gateway, fake_wechat):
    gateway = make_gateway(WECHAT_TIMEOUT=0.3)
    fake_wechat.fault("/sns/jscode2session", delay=ANSWER_AFTER)

    with pytest.raises(WeChatUnavailable) as caught:
        gateway.code_to_session("dev-alice")

    assert caught.value.errcode is None
    assert len(fake_wechat.requests_to("/sns/jscode2session")) == 1  # reached the fake: a timeout, not a refusal


def test_token_fetch_timeout_is_unavailable(make_gateway, fake_wechat):
    gateway = make_gateway(WECHAT_TIMEOUT=0.3)
    fake_wechat.fault(STABLE, delay=ANSWER_AFTER, times=None)

    with pytest.raises(WeChatUnavailable):
        gateway.get_phone_number("phone-13800138000")

    assert fake_wechat.requests_to(STABLE) != []
    assert fake_wechat.requests_to("/wxa/business/getuserphonenumber") == []


def test_unreachable_server_is_unavailable(make_gateway):
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    gateway = make_gateway(WECHAT_API_BASE=f"http://127.0.0.1:{port}")

    with pytest.raises(WeChatUnavailable) as caught:
        gateway.code_to_session("dev-alice")
    assert caught.value.errcode is None


def test_storage_is_json_in_the_kv_with_a_ttl(private_kv):
    storage = KVSessionStorage(private_kv)

    storage.set("wx_access_token", "TOKEN", ttl=1)
    storage.set("wx_access_token_expires_at", 1234567890)

    assert private_kv.get("wechatpy:wx_access_token") == json.dumps("TOKEN")
    assert storage.get("wx_access_token_expires_at") == 1234567890
    assert storage.get("missing", "default") == "default"
    time.sleep(1.05)
    assert storage.get("wx_access_token") is None
    storage.delete("wx_access_token_expires_at")
    assert storage.get("wx_access_token_expires_at") is None


def test_a_rejected_token_leaves_the_process_copy_too(gateway, fake_wechat):
    gateway.oa_user_info("o-anyone")  # the token, now in the kv and in this process
    fake_wechat.invalidate_tokens()

    gateway.oa_user_info("o-anyone")  # rejected (40001), re-fetched, retried
    gateway.oa_user_info("o-anyone")  # must not try the rejected token from the process copy again

    first, rejected, retried, last = (call["query"]["access_token"] for call in fake_wechat.requests_to(USER_INFO))
    assert first == rejected != retried == last
    assert len(fake_wechat.requests_to(STABLE)) == 2


def test_a_reset_fake_takes_the_process_copy_with_it(app, gateway, fake_wechat):
    """What separates two tests: the kv is flushed and the fake reset (it forgets every token). The next
    call must fetch a token, not spend a request on the one this process still remembers."""
    gateway.oa_user_info("o-anyone")
    client = gateway.oa_client
    client.session.delete(client.access_token_key)
    client.session.delete(client.access_token_expires_at_key)
    fake_wechat.reset()

    gateway.oa_user_info("o-anyone")

    assert len(fake_wechat.requests_to(USER_INFO)) == len(fake_wechat.requests_to(STABLE)) == 1
