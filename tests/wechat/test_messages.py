"""Subscribe messages, template messages and binding QR codes, sent over real HTTP to the fake."""
from __future__ import annotations

import time

import pytest

from app.wechat import messages
from app.wechat.errors import WeChatError, WeChatUnavailable
from app.wechat.template_values import sanitize_data
from tests.conftest import MP_APPID

SUBSCRIBE = "/cgi-bin/message/subscribe/send"
TEMPLATE = "/cgi-bin/message/template/send"
QRCODE = "/cgi-bin/qrcode/create"


def send_subscribe(gateway, **overrides):
    args = {"openid": "o-volunteer", "template_id": "TPL-ORDER", "page": "pages/order/detail?id=42",
            "data": {"thing1": "报修已受理", "time2": "2026-01-05 09:30"}}
    args.update(overrides)
    return gateway.send_subscribe_message(args.pop("openid"), args.pop("template_id"), args.pop("data"),
                                          args.pop("page"), **args)


def send_template(gateway, openid="o-staff", client_msg_id="job-1", **overrides):
    args = {"data": {"thing2": "新的服务申请", "time3": "2026-01-05 09:30"}, "mp_pagepath": "pages/review/index"}
    args.update(overrides)
    return gateway.send_template_message(openid, "TPL-STAFF", args.pop("data"), client_msg_id=client_msg_id,
                                         **args)


# -- subscribe messages -----------------------------------------------------------------------
def test_subscribe_send_posts_state_lang_page_and_wrapped_data(gateway, fake_wechat):
    assert send_subscribe(gateway, state="trial", lang="en_US") is None

    [call] = fake_wechat.requests_to(SUBSCRIBE)
    assert call["body"] == {"touser": "o-volunteer", "template_id": "TPL-ORDER",
                            "page": "pages/order/detail?id=42", "miniprogram_state": "trial", "lang": "en_US",
                            "data": {"thing1": {"value": "报修已受理"}, "time2": {"value": "2026-01-05 09:30"}}}
    [delivered] = fake_wechat.deliveries("subscribe")
    assert delivered["openid"] == "o-volunteer"
    assert delivered["data"] == {"thing1": "报修已受理", "time2": "2026-01-05 09:30"}


def test_subscribe_defaults_and_no_page(gateway, fake_wechat):
    send_subscribe(gateway, page=None)

    body = fake_wechat.requests_to(SUBSCRIBE)[0]["body"]
    assert (body["miniprogram_state"], body["lang"]) == ("formal", "zh_CN")
    assert "page" not in body


def test_subscribe_rejects_unknown_state_or_lang_before_sending(gateway, fake_wechat):
    with pytest.raises(ValueError, match="miniprogram_state"):
        send_subscribe(gateway, state="beta")
    with pytest.raises(ValueError, match="lang"):
        send_subscribe(gateway, lang="fr_FR")
    assert fake_wechat.requests_to(SUBSCRIBE) == []


def test_too_long_thing_is_47003_naming_the_field(gateway, fake_wechat):
    with pytest.raises(WeChatError) as caught:
        send_subscribe(gateway, data={"thing1": "字" * 21})

    assert caught.value.errcode == messages.ERR_INVALID_DATA
    assert "data.thing1.value" in caught.value.errmsg
    assert messages.invalid_field(caught.value) == "thing1"
    assert messages.failure_kind(caught.value) == messages.INVALID
    assert fake_wechat.deliveries() == []


def test_sanitized_data_is_accepted(gateway, fake_wechat):
    send_subscribe(gateway, data=sanitize_data({"thing1": "字" * 40, "thing2": "", "character_string3": "订单 A-42"}))

    [delivered] = fake_wechat.deliveries()
    assert delivered["data"] == {"thing1": "字" * 19 + "…", "thing2": "无", "character_string3": "A-42"}


@pytest.mark.parametrize("errcode, error_type, kind", [
    (43101, WeChatError, messages.NO_CREDIT),
    (45009, WeChatError, messages.RETRY),       # wechatpy raises APILimitedException for it
    (-1, WeChatUnavailable, messages.RETRY),
    (40003, WeChatError, messages.INVALID),
    (41030, WeChatError, messages.INVALID),
    (48001, WeChatError, messages.FATAL),
])
def test_subscribe_errors_keep_errcode_and_errmsg(gateway, fake_wechat, errcode, error_type, kind):
    fake_wechat.fault(SUBSCRIBE, errcode=errcode, errmsg=f"wechat says {errcode}")

    with pytest.raises(error_type) as caught:
        send_subscribe(gateway)

    assert type(caught.value) is error_type
    assert (caught.value.errcode, caught.value.errmsg) == (errcode, f"wechat says {errcode}")
    assert messages.failure_kind(caught.value) == kind
    assert len(fake_wechat.requests_to(SUBSCRIBE)) == 1  # no silent retry of a send
    assert fake_wechat.deliveries() == []


def test_subscribe_token_error_retries_once_only(gateway, fake_wechat):
    fake_wechat.fault(SUBSCRIBE, errcode=40001, errmsg="invalid credential", times=None)

    with pytest.raises(WeChatError) as caught:
        send_subscribe(gateway)

    assert caught.value.errcode == 40001
    assert len(fake_wechat.requests_to(SUBSCRIBE)) == 2


@pytest.mark.parametrize("fault", [{"delay": 0.8}, {"http_status": 502}])
def test_subscribe_timeout_and_5xx_are_unavailable(make_gateway, fake_wechat, fault):
    gateway = make_gateway(WECHAT_TIMEOUT=0.3)
    fake_wechat.fault(SUBSCRIBE, **fault)

    with pytest.raises(WeChatUnavailable) as caught:
        send_subscribe(gateway)

    assert caught.value.errcode is None
    assert messages.failure_kind(caught.value) == messages.RETRY


# -- template messages ------------------------------------------------------------------------
def test_template_send_posts_client_msg_id_and_miniprogram(gateway, fake_wechat):
    msgid = send_template(gateway)

    [call] = fake_wechat.requests_to(TEMPLATE)
    assert call["body"] == {"touser": "o-staff", "template_id": "TPL-STAFF", "client_msg_id": "job-1",
                            "miniprogram": {"appid": MP_APPID, "pagepath": "pages/review/index"},
                            "data": {"thing2": {"value": "新的服务申请"}, "time3": {"value": "2026-01-05 09:30"}}}
    assert isinstance(msgid, int)
    [delivered] = fake_wechat.deliveries("template")
    assert delivered["msgid"] == msgid


def test_template_without_pagepath_has_no_miniprogram(gateway, fake_wechat):
    send_template(gateway, mp_pagepath=None)

    assert "miniprogram" not in fake_wechat.requests_to(TEMPLATE)[0]["body"]


def test_template_needs_a_client_msg_id(gateway, fake_wechat):
    with pytest.raises(ValueError, match="client_msg_id"):
        send_template(gateway, client_msg_id="")
    assert fake_wechat.requests_to(TEMPLATE) == []


def test_template_repeat_with_one_client_msg_id_reaches_the_phone_once(gateway, fake_wechat):
    first, again = send_template(gateway), send_template(gateway)
    other_person = send_template(gateway, openid="o-other")
    other_job = send_template(gateway, client_msg_id="job-2")

    assert first == again
    assert len({first, other_person, other_job}) == 3
    assert len(fake_wechat.requests_to(TEMPLATE)) == 4
    assert [(d["openid"], d["client_msg_id"]) for d in fake_wechat.deliveries("template")] == [
        ("o-staff", "job-1"), ("o-other", "job-1"), ("o-staff", "job-2")]

    fake_wechat.advance_clock(601)  # WeChat forgets the id after 10 minutes
    assert send_template(gateway) != first
    assert len(fake_wechat.deliveries("template")) == 4


def test_retry_after_a_timeout_does_not_deliver_twice(make_gateway, fake_wechat):
    gateway = make_gateway(WECHAT_TIMEOUT=0.3)
    # WeChat got the first send and delivers it, but the answer comes too late for us.
    fake_wechat.fault(TEMPLATE, delay=0.6)
    with pytest.raises(WeChatUnavailable):
        send_template(gateway)

    send_template(gateway)
    time.sleep(0.6)  # let the slow first request finish on the fake

    assert len(fake_wechat.requests_to(TEMPLATE)) == 2
    assert len(fake_wechat.deliveries("template")) == 1


@pytest.mark.parametrize("errcode, kind", [(43004, messages.NOT_FOLLOWER), (45009, messages.RETRY),
                                           (40003, messages.INVALID)])
def test_template_errors_keep_errcode(gateway, fake_wechat, errcode, kind):
    fake_wechat.fault(TEMPLATE, errcode=errcode, errmsg="nope")

    with pytest.raises(WeChatError) as caught:
        send_template(gateway)

    assert (caught.value.errcode, caught.value.errmsg) == (errcode, "nope")
    assert messages.failure_kind(caught.value) == kind


def test_template_47003_from_the_fake(gateway):
    with pytest.raises(WeChatError) as caught:
        send_template(gateway, data={"thing2": ""})
    assert messages.invalid_field(caught.value) == "thing2"


# -- binding QR code --------------------------------------------------------------------------
def test_create_bind_qrcode(gateway, fake_wechat):
    qr = gateway.create_bind_qrcode("bind-7f3a")

    [call] = fake_wechat.requests_to(QRCODE)
    assert call["body"] == {"action_name": "QR_STR_SCENE", "expire_seconds": 600,
                            "action_info": {"scene": {"scene_str": "bind-7f3a"}}}
    assert qr["ticket"] and qr["url"] and qr["expire_seconds"] == 600
    assert set(qr) == {"ticket", "url", "expire_seconds"}


def test_bind_qrcode_checks_scene_and_errors(gateway, fake_wechat):
    with pytest.raises(ValueError):
        gateway.create_bind_qrcode("x" * 65)
    with pytest.raises(ValueError):
        gateway.create_bind_qrcode("")
    fake_wechat.fault(QRCODE, errcode=45009, errmsg="reach max api daily quota limit")
    with pytest.raises(WeChatError) as caught:
        gateway.create_bind_qrcode("bind-1", expire_seconds=300)
    assert caught.value.errcode == 45009
