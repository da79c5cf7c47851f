"""getuserphonenumber through the gateway: the number, the openid binding, the watermark check."""
from __future__ import annotations

import pytest

from app.wechat.errors import WeChatError, WeChatWatermarkMismatch

PHONE = "/wxa/business/getuserphonenumber"


def test_phone_number(gateway, fake_wechat):
    assert gateway.get_phone_number("phone-13800138000") == {"phone": "13800138000", "country_code": "86"}

    [call] = fake_wechat.requests_to(PHONE)
    assert call["method"] == "POST"
    assert call["body"] == {"code": "phone-13800138000"}
    assert call["query"]["access_token"]


def test_openid_is_sent_in_the_body(gateway, fake_wechat):
    openid = fake_wechat.mp_openid("alice")

    gateway.get_phone_number("phone-13900001111", openid=openid)

    assert fake_wechat.requests_to(PHONE)[0]["body"] == {"code": "phone-13900001111", "openid": openid}


def test_watermark_of_another_app_is_refused(gateway):
    with pytest.raises(WeChatWatermarkMismatch) as caught:
        gateway.get_phone_number("phone-otherapp-13800138000")

    assert "wxotherappid00000" in caught.value.errmsg


def test_invalid_phone_code(gateway):
    with pytest.raises(WeChatError) as caught:
        gateway.get_phone_number("not-a-phone-code")

    assert caught.value.errcode == 40029
