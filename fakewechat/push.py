"""Build what WeChat would push to us: the query parameters and the body of an OA or MP push.

For tests of the push view and of app.wechat.push. The encryption is written out here with
`cryptography` rather than taken from wechatpy, so a round trip checks our decryption against an
independent implementation of WeChat's scheme (AES-256-CBC, IV = key[:16], PKCS#7 to 32 bytes, the
plaintext framed as 16 random bytes + 4-byte big-endian length + message + appid).
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
import time
from collections.abc import Mapping

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

OA_ACCOUNT = "gh_fakeofficial"
MP_ACCOUNT = "gh_fakeminiprog"


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def encrypt(plain: bytes, aes_key: str, appid: str) -> str:
    key = base64.b64decode(aes_key + "=")
    framed = secrets.token_bytes(16) + struct.pack(">I", len(plain)) + plain + appid.encode("utf-8")
    pad = 32 - len(framed) % 32
    framed += bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(framed) + encryptor.finalize()).decode("ascii")


def _cdata(value) -> str:
    return "<![CDATA[" + str(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml(fields: Mapping[str, object]) -> str:
    """<xml> with one element per field; ints bare, strings in CDATA, lists repeated, dicts nested."""
    def render(name, value) -> str:
        if isinstance(value, list):
            return "".join(render(name, item) for item in value)
        if isinstance(value, dict):
            return f"<{name}>" + "".join(render(k, v) for k, v in value.items()) + f"</{name}>"
        body = str(value) if isinstance(value, int) else _cdata(value)
        return f"<{name}>{body}</{name}>"

    return "<xml>" + "".join(render(k, v) for k, v in fields.items()) + "</xml>"


def _request(plain: bytes, *, to: str, token: str, aes_key: str | None, appid: str | None, encrypted: bool,
             json_format: bool, now: float | None, extra_query: Mapping[str, str] | None = None,
             ) -> tuple[dict, bytes]:
    timestamp = str(int(time.time() if now is None else now))
    nonce = str(secrets.randbelow(10**10))
    query = {"signature": sign(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce,
             **(extra_query or {})}
    if not encrypted:
        return query, plain
    if not aes_key or not appid:
        raise ValueError("an encrypted push needs aes_key and appid")
    ciphertext = encrypt(plain, aes_key, appid)
    query.update(encrypt_type="aes", msg_signature=sign(token, timestamp, nonce, ciphertext))
    if json_format:
        body = json.dumps({"ToUserName": to, "Encrypt": ciphertext}).encode("utf-8")
    else:
        body = _xml({"ToUserName": to, "Encrypt": ciphertext}).encode("utf-8")
    return query, body


def oa_push_request(event: str, openid: str, *, token: str, aes_key: str | None = None,
                    appid: str | None = None, encrypted: bool = True, scene: str | None = None,
                    now: float | None = None, to: str = OA_ACCOUNT,
                    fields: Mapping[str, object] | None = None) -> tuple[dict, bytes]:
    """An OA event push: (query parameters, body) as WeChat would POST them.

    `event` as WeChat spells it ("subscribe", "unsubscribe", "SCAN", "TEMPLATESENDJOBFINISH", ...).
    `scene` makes a subscribe a parameter-QR subscribe (EventKey "qrscene_" + scene) and is a SCAN's
    EventKey. `fields` adds or overrides elements (e.g. {"MsgID": 7, "Status": "success"}).
    """
    created = int(time.time() if now is None else now)
    message: dict[str, object] = {"ToUserName": to, "FromUserName": openid, "CreateTime": created,
                                  "MsgType": "event", "Event": event}
    if scene is not None:
        message["EventKey"] = f"qrscene_{scene}" if event.lower() == "subscribe" else scene
        message["Ticket"] = f"FAKEQR_{scene}"
    elif event.lower() == "subscribe":
        message["EventKey"] = ""
    message.update(fields or {})
    plain = _xml(message).encode("utf-8")
    return _request(plain, to=to, token=token, aes_key=aes_key, appid=appid, encrypted=encrypted,
                    json_format=False, now=now, extra_query={"openid": openid})


def mp_popup_event(openid: str, subscribes: list[tuple[str, str]], *, token: str, aes_key: str | None = None,
                   appid: str | None = None, json_format: bool = True, encrypted: bool = False,
                   popup_scene: int = 0, now: float | None = None, to: str = MP_ACCOUNT,
                   ) -> tuple[dict, bytes]:
    """The MP's subscribe_msg_popup_event after wx.requestSubscribeMessage: (query, body).

    `subscribes` is [(template_id, "accept" | "reject" | ...)]. The MP push has its own token and
    AES key, set in the MP console, and is JSON or XML. As on the real platform, a single template
    arrives as one object rather than a one-element list.
    """
    created = int(time.time() if now is None else now)
    items = [{"TemplateId": template_id, "SubscribeStatusString": status, "PopupScene": str(popup_scene)}
             for template_id, status in subscribes]
    listed: object = items[0] if len(items) == 1 else items
    head = {"ToUserName": to, "FromUserName": openid, "CreateTime": created, "MsgType": "event",
            "Event": "subscribe_msg_popup_event"}
    if json_format:
        plain = json.dumps({**head, "List": listed}, ensure_ascii=False).encode("utf-8")
    else:
        plain = _xml({**head, "SubscribeMsgPopupEvent": {"List": items}}).encode("utf-8")
    return _request(plain, to=to, token=token, aes_key=aes_key, appid=appid, encrypted=encrypted,
                    json_format=json_format, now=now)
