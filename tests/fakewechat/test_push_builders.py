"""The push builders produce what wechatpy (an independent reading of WeChat's scheme) accepts."""
from __future__ import annotations

import json

import pytest
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.events import SubscribeMsgPopupEvent, SubscribeScanEvent
from wechatpy.utils import check_signature

from fakewechat.push import mp_popup_event, oa_push_request

TOKEN, AES_KEY, APPID = "tok", "k" * 43, "wxbuilderapp"


def test_oa_push_is_signed_and_encrypted_like_wechat():
    query, body = oa_push_request("subscribe", "o-new", token=TOKEN, aes_key=AES_KEY, appid=APPID,
                                  scene="bind-9", now=1_700_000_000)

    check_signature(TOKEN, query["signature"], query["timestamp"], query["nonce"])
    assert (query["timestamp"], query["encrypt_type"], query["openid"]) == ("1700000000", "aes", "o-new")
    plain = WeChatCrypto(TOKEN, AES_KEY, APPID).decrypt_message(body, query["msg_signature"], query["timestamp"],
                                                                query["nonce"])
    message = parse_message(plain)
    assert isinstance(message, SubscribeScanEvent)
    assert (message.source, message.scene_id, message.ticket) == ("o-new", "bind-9", "FAKEQR_bind-9")


def test_plain_push_has_no_msg_signature():
    query, body = oa_push_request("SCAN", "o-old", token=TOKEN, encrypted=False, scene="s")
    assert "msg_signature" not in query and "encrypt_type" not in query
    assert parse_message(body).scene_id == "s"


def test_encrypted_push_needs_key_and_appid():
    with pytest.raises(ValueError):
        oa_push_request("subscribe", "o", token=TOKEN)


def test_mp_popup_xml_reads_in_wechatpy():
    _, body = mp_popup_event("o-vol", [("T1", "accept"), ("T2", "reject")], token=TOKEN, json_format=False)
    message = parse_message(body)
    assert isinstance(message, SubscribeMsgPopupEvent)
    assert [(s["TemplateId"], s["SubscribeStatusString"]) for s in message.subscribes] == [
        ("T1", "accept"), ("T2", "reject")]


def test_mp_popup_json_encrypted_envelope():
    query, body = mp_popup_event("o-vol", [("T1", "accept")], token=TOKEN, aes_key=AES_KEY, appid=APPID,
                                 encrypted=True)
    envelope = json.loads(body)
    assert set(envelope) == {"ToUserName", "Encrypt"}
    # wechatpy takes an already-parsed envelope as a dict.
    plain = WeChatCrypto(TOKEN, AES_KEY, APPID).decrypt_message(envelope, query["msg_signature"],
                                                                query["timestamp"], query["nonce"])
    assert json.loads(plain)["List"] == {"TemplateId": "T1", "SubscribeStatusString": "accept", "PopupScene": "0"}
