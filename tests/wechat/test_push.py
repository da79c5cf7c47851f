"""Pushes from WeChat: signature and freshness, safe-mode decryption, parsing into PushEvent."""
from __future__ import annotations

import base64
import dataclasses
import json

import pytest

from app.wechat.push import (
    MAX_PUSH_BYTES,
    PushEvent,
    PushRejected,
    decrypt_oa_push,
    parse_push,
    verify_oa_push,
)
from fakewechat.push import encrypt, mp_popup_event, oa_push_request, sign
from tests.conftest import MP_APPID, OA_APPID

TOKEN = "oa-push-token"
AES_KEY = base64.b64encode(bytes(range(32))).decode("ascii")[:-1]   # 43 characters, as WeChat shows it
OTHER_KEY = base64.b64encode(bytes(range(1, 33))).decode("ascii")[:-1]
MP_TOKEN = "mp-push-token"
MP_KEY = "b" * 43
NOW = 1_767_600_000
OA = {"token": TOKEN, "aes_key": AES_KEY, "appid": OA_APPID}


def verify(query, now=NOW, token=TOKEN):
    verify_oa_push(token, query["signature"], query["timestamp"], query["nonce"], now=now)


def decrypt(query, body, **overrides):
    args = {**OA, "msg_signature": query["msg_signature"], "timestamp": query["timestamp"],
            "nonce": query["nonce"], **overrides}
    return decrypt_oa_push(body, **args)


def receive(query, body):
    """What the push view does: verify, decrypt when asked, parse."""
    verify(query)
    if query.get("encrypt_type") == "aes":
        body = decrypt(query, body)
    return parse_push(body)


# -- signature and freshness ------------------------------------------------------------------
def test_verify_accepts_a_fresh_signed_push():
    query, _ = oa_push_request("subscribe", "o-new", **OA, now=NOW)
    verify(query)
    verify(query, now=NOW + 300)
    verify(query, now=NOW - 300)


@pytest.mark.parametrize("change, reason", [
    ({"signature": "0" * 40}, "bad signature"),
    ({"signature": ""}, "bad signature"),
    ({"signature": "签名"}, "bad signature"),
    ({"nonce": "123"}, "bad signature"),
    ({"timestamp": str(NOW + 1)}, "bad signature"),
])
def test_verify_rejects_a_bad_signature(change, reason):
    query, _ = oa_push_request("subscribe", "o-new", **OA, now=NOW)
    with pytest.raises(PushRejected, match=reason):
        verify({**query, **change})


@pytest.mark.parametrize("now", [NOW + 301, NOW - 301, NOW + 86400])
def test_verify_rejects_a_stale_push(now):
    query, _ = oa_push_request("subscribe", "o-new", **OA, now=NOW)
    with pytest.raises(PushRejected, match="stale"):
        verify(query, now=now)


def test_verify_rejects_a_signed_but_unreadable_timestamp():
    with pytest.raises(PushRejected, match="timestamp"):
        verify_oa_push(TOKEN, sign(TOKEN, "soon", "n1"), "soon", "n1", now=NOW)


# -- round trips ------------------------------------------------------------------------------
def test_encrypted_qr_subscribe_round_trip():
    query, body = oa_push_request("subscribe", "o-new", **OA, scene="bind-7f3a", now=NOW)

    assert query["encrypt_type"] == "aes" and b"o-new" not in body
    event = receive(query, body)

    assert (event.msg_type, event.event, event.openid, event.scene) == ("event", "subscribe", "o-new", "bind-7f3a")
    assert (event.create_time, event.msg_id, event.subscribes) == (NOW, None, ())
    assert event.to.startswith("gh_")
    assert event.dedupe_key == f"evt:o-new:{NOW}:subscribe"


def test_plain_scan_and_subscribe_without_scene():
    scan = receive(*oa_push_request("SCAN", "o-old", token=TOKEN, encrypted=False, scene="bind-1", now=NOW))
    plain = receive(*oa_push_request("subscribe", "o-new", token=TOKEN, encrypted=False, now=NOW))
    gone = receive(*oa_push_request("unsubscribe", "o-new", token=TOKEN, encrypted=False, now=NOW))

    assert (scan.event, scan.scene) == ("scan", "bind-1")
    assert (plain.event, plain.scene) == ("subscribe", None)
    assert (gone.event, gone.scene) == ("unsubscribe", None)


def test_template_send_finish_event_dedupes_on_its_msgid():
    query, body = oa_push_request("TEMPLATESENDJOBFINISH", "o-staff", **OA, now=NOW,
                                  fields={"MsgID": 200163836, "Status": "failed:user block"})
    event = receive(query, body)

    assert (event.event, event.msg_id, event.status) == ("templatesendjobfinish", 200163836, "failed:user block")
    assert event.dedupe_key == "msg:200163836"
    assert event.fields["Status"] == "failed:user block"


def test_a_resent_push_has_the_same_dedupe_key():
    first = receive(*oa_push_request("subscribe", "o-new", **OA, now=NOW))
    again = receive(*oa_push_request("subscribe", "o-new", **OA, now=NOW))
    assert first.dedupe_key == again.dedupe_key


def test_text_message_dedupes_on_msgid():
    xml = ("<xml><ToUserName>gh_x</ToUserName><FromUserName>o-1</FromUserName><CreateTime>1700000000"
           "</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>23456</MsgId></xml>")
    event = parse_push(xml.encode("utf-8"))
    assert (event.msg_type, event.event, event.msg_id, event.dedupe_key) == ("text", None, 23456, "msg:23456")


def test_push_event_is_frozen():
    event = parse_push(oa_push_request("subscribe", "o-new", token=TOKEN, encrypted=False, now=NOW)[1])
    assert isinstance(event, PushEvent)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.openid = "someone-else"


# -- decryption refusals ----------------------------------------------------------------------
def test_decrypt_needs_msg_signature_not_signature():
    query, body = oa_push_request("subscribe", "o-new", **OA, now=NOW)
    with pytest.raises(PushRejected, match="msg_signature"):
        decrypt(query, body, msg_signature=query["signature"])  # the wechatpy#739 mistake


def test_decrypt_rejects_a_push_for_another_appid():
    query, body = oa_push_request("subscribe", "o-new", **{**OA, "appid": "wxsomebodyelse"}, now=NOW)
    with pytest.raises(PushRejected, match="wrong appid"):
        decrypt(query, body)


def test_decrypt_rejects_the_wrong_key_and_a_tampered_ciphertext():
    query, body = oa_push_request("subscribe", "o-new", **OA, now=NOW)
    with pytest.raises(PushRejected):
        decrypt(query, body, aes_key=OTHER_KEY)

    forged = base64.b64encode(b"\x00" * 47).decode()  # signed correctly, but not WeChat's framing
    envelope = f"<xml><Encrypt><![CDATA[{forged}]]></Encrypt></xml>".encode()
    with pytest.raises(PushRejected, match="undecryptable"):
        decrypt(query, envelope, msg_signature=sign(TOKEN, query["timestamp"], query["nonce"], forged))


def test_decrypt_rejects_an_envelope_without_encrypt():
    query, _ = oa_push_request("subscribe", "o-new", **OA, now=NOW)
    with pytest.raises(PushRejected, match="Encrypt"):
        decrypt(query, b"<xml><ToUserName>gh_x</ToUserName></xml>")


def test_a_misconfigured_aes_key_is_a_config_error():
    query, body = oa_push_request("subscribe", "o-new", **OA, now=NOW)
    with pytest.raises(ValueError, match="43"):
        decrypt(query, body, aes_key="short")


# -- hostile and malformed payloads -----------------------------------------------------------
BOMB = (b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b"<xml><MsgType>text</MsgType><FromUserName>&b;</FromUserName></xml>")
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<xml><MsgType>text</MsgType><FromUserName>&x;</FromUserName></xml>")


@pytest.mark.parametrize("payload", [BOMB, EXTERNAL, b"<!doctype xml><xml><MsgType>text</MsgType></xml>"])
def test_entities_and_dtds_are_refused(payload):
    with pytest.raises(PushRejected, match="DTD"):
        parse_push(payload)
    query, _ = oa_push_request("subscribe", "o-new", **OA, now=NOW)
    with pytest.raises(PushRejected, match="DTD"):
        decrypt(query, payload)


def test_entities_inside_an_encrypted_push_are_refused():
    ciphertext = encrypt(BOMB, AES_KEY, OA_APPID)
    envelope = f"<xml><Encrypt><![CDATA[{ciphertext}]]></Encrypt></xml>".encode()
    plain = decrypt_oa_push(envelope, **OA, msg_signature=sign(TOKEN, "1", "2", ciphertext), timestamp="1",
                            nonce="2")
    with pytest.raises(PushRejected, match="DTD"):
        parse_push(plain)


@pytest.mark.parametrize("payload, json_format", [
    (b"not xml at all", False),
    (b"<xml><FromUserName>o-1</FromUserName></xml>", False),          # no MsgType
    (b"<xml><MsgType>text</MsgType><FromUserName a='1'>o-1</FromUserName></xml>", False),
    (b'{"MsgType": "event", "FromUserName": 7}', True),
    (b"<other><MsgType>text</MsgType></other>", False),
    (b"<xml><MsgType>text</MsgType><FromUserName>o</FromUserName><CreateTime>soon</CreateTime></xml>", False),
    (b"\xff\xfe<xml/>", False),
    (b"[1, 2]", True),
    (b"{not json", True),
    (b"[" * 40000, True),
    (b"<xml>" + b"x" * MAX_PUSH_BYTES + b"</xml>", False),
])
def test_malformed_pushes_are_rejected(payload, json_format):
    with pytest.raises(PushRejected):
        parse_push(payload, json_format=json_format)


# -- the MP's subscribe popup event -----------------------------------------------------------
CHOICES = [("TPL-ORDER", "accept"), ("TPL-REMIND", "reject")]
EXPECTED = ({"template_id": "TPL-ORDER", "status": "accept", "popup_scene": 0},
            {"template_id": "TPL-REMIND", "status": "reject", "popup_scene": 0})


def mp_receive(query, body, json_format):
    verify_oa_push(MP_TOKEN, query["signature"], query["timestamp"], query["nonce"], now=NOW)
    if query.get("encrypt_type") == "aes":
        body = decrypt_oa_push(body, token=MP_TOKEN, aes_key=MP_KEY, appid=MP_APPID,
                               msg_signature=query["msg_signature"], timestamp=query["timestamp"],
                               nonce=query["nonce"])
    return parse_push(body, json_format=json_format)


@pytest.mark.parametrize("json_format", [True, False])
@pytest.mark.parametrize("encrypted", [True, False])
def test_popup_event_json_and_xml_give_the_same_subscribes(json_format, encrypted):
    query, body = mp_popup_event("o-vol", CHOICES, token=MP_TOKEN, aes_key=MP_KEY, appid=MP_APPID,
                                 json_format=json_format, encrypted=encrypted, now=NOW)
    event = mp_receive(query, body, json_format)

    assert (event.event, event.openid, event.create_time) == ("subscribe_msg_popup_event", "o-vol", NOW)
    assert event.subscribes == EXPECTED
    assert event.dedupe_key == f"evt:o-vol:{NOW}:subscribe_msg_popup_event"


@pytest.mark.parametrize("json_format", [True, False])
def test_a_single_template_arrives_as_an_object_and_reads_as_a_list(json_format):
    query, body = mp_popup_event("o-vol", [("TPL-ORDER", "accept")], token=MP_TOKEN, json_format=json_format,
                                 now=NOW)
    if json_format:
        assert isinstance(json.loads(body)["List"], dict)

    assert mp_receive(query, body, json_format).subscribes == EXPECTED[:1]


def test_json_create_time_as_a_string_and_the_sent_event():
    push = {"ToUserName": "gh_x", "FromUserName": "o-vol", "CreateTime": "1620963428", "MsgType": "event",
            "Event": "subscribe_msg_sent_event",
            "List": {"TemplateId": "TPL-ORDER", "MsgID": "1864323726461255680", "ErrorCode": "0",
                     "ErrorStatus": "success"}}
    event = parse_push(json.dumps(push), json_format=True)

    assert event.create_time == 1620963428
    assert event.subscribes == ({"template_id": "TPL-ORDER", "status": "success", "popup_scene": None},)
