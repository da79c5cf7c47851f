"""What WeChat pushes to us (OA message push, MP message push), checked and read. No Flask here.

A push view does, in order (notes/wechat.md §7):
1. cap the body at MAX_PUSH_BYTES before reading it (Flask `MAX_CONTENT_LENGTH` or `request.content_length`);
2. `verify_oa_push(token, signature, timestamp, nonce, now=time.time())`, also for the URL-check GET;
3. drop a replay: the same nonce+timestamp seen within the skew window (a kv `SET NX EX`);
4. in safe mode (`encrypt_type=aes`) `decrypt_oa_push(..., msg_signature=...)`; the MP push, with its
   own token and AES key, works the same way, XML or JSON;
5. `parse_push(raw)`, then queue the work by `event.dedupe_key` (WeChat re-sends up to 3 times when we
   take more than 5 s) and answer "success" at once.
Every refusal is a PushRejected; answer it with 403 (bad signature, stale, wrong appid) or 400.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import struct
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import xmltodict
from wechatpy.crypto import PrpCrypto
from wechatpy.exceptions import InvalidAppIdException

MAX_PUSH_BYTES = 64 * 1024
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class PushRejected(Exception):
    """The push is not from WeChat, too old, for another account, or not readable."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PushEvent:
    msg_type: str                 # lower-case: "event", "text", ...
    event: str | None             # lower-case event name, None for plain messages
    openid: str                   # FromUserName: the user
    to: str                       # ToUserName: our account's original id (gh_...)
    create_time: int
    msg_id: int | None            # MsgId of a message (MsgID of a template-send finish event)
    scene: str | None             # QR scene of a subscribe (qrscene_ stripped) or SCAN event
    # subscribe_msg_popup/change/sent events: {"template_id", "status", "popup_scene"} per template.
    # status: "accept" | "reject" | ... for popups and changes, ErrorStatus ("success", "failed:...")
    # for sent events; popup_scene is an int where WeChat gave one, else None.
    subscribes: tuple[dict, ...] = ()
    status: str | None = None     # Status of templatesendjobfinish ("success", "failed:user block", ...)
    fields: Any = field(default=None, compare=False, repr=False)  # the whole push, read-only

    @property
    def dedupe_key(self) -> str:
        """Identifies the push across WeChat's re-sends: MsgId, else sender + time + event."""
        if self.msg_id:
            return f"msg:{self.msg_id}"
        return f"evt:{self.openid}:{self.create_time}:{self.event or self.msg_type}"


def signature_of(*parts: str) -> str:
    """WeChat's push signature: sha1 of the parts sorted and joined."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def verify_oa_push(token: str, signature: str, timestamp: str, nonce: str, *, now: float,
                   max_skew: int = 300) -> None:
    """Check a push's `signature` query parameter and that its timestamp is recent."""
    expected = signature_of(token, str(timestamp), str(nonce))
    if not hmac.compare_digest(expected.encode("ascii"), str(signature or "").encode("utf-8", "replace")):
        raise PushRejected("bad signature")
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        raise PushRejected("bad timestamp") from None
    # wechatpy checks no freshness: without this a captured push could be replayed forever.
    if abs(now - sent) > max_skew:
        raise PushRejected("stale timestamp")


def decrypt_oa_push(raw: bytes, *, token: str, aes_key: str, appid: str, msg_signature: str,
                    timestamp: str, nonce: str) -> bytes:
    """The plain push inside a safe-mode envelope (XML, or the MP's JSON `{"Encrypt": ...}`).

    Checks `msg_signature` (not `signature`, wechatpy#739) and that the push is for `appid`.
    """
    key = _aes_key(aes_key)
    text = _text(raw)
    envelope = _json(text) if text.lstrip().startswith("{") else _xml(text)
    encrypted = envelope.get("Encrypt")
    if not isinstance(encrypted, str) or not encrypted:
        raise PushRejected("no Encrypt element")
    expected = signature_of(token, str(timestamp), str(nonce), encrypted)
    if not hmac.compare_digest(expected.encode("ascii"), str(msg_signature or "").encode("utf-8", "replace")):
        raise PushRejected("bad msg_signature")
    try:
        plain = PrpCrypto(key).decrypt(encrypted, appid)
    except InvalidAppIdException:
        raise PushRejected("wrong appid") from None
    except (ValueError, IndexError, TypeError, struct.error):  # wrong key or mangled ciphertext
        raise PushRejected("undecryptable") from None
    return plain.encode("utf-8")


def parse_push(raw: bytes | str, *, json_format: bool = False) -> PushEvent:
    """Read a plain (already decrypted) push: XML, or JSON for an MP push configured that way."""
    text = _text(raw)
    message = _json(text) if json_format else _xml(text)
    if not all(isinstance(message.get(name), str) and message[name] for name in ("MsgType", "FromUserName")):
        raise PushRejected("malformed push: MsgType and FromUserName must be text")
    try:
        msg_type = message["MsgType"].lower()
        openid = message["FromUserName"]
        to = str(message.get("ToUserName") or "")
        create_time = int(message.get("CreateTime") or 0)
        msg_id = int(message.get("MsgId") or message.get("MsgID") or 0) or None
    except (KeyError, TypeError, ValueError) as exc:
        raise PushRejected(f"malformed push: {exc}") from None
    event = str(message["Event"]).lower() if msg_type == "event" and message.get("Event") else None
    status = message.get("Status")
    return PushEvent(msg_type=msg_type, event=event, openid=openid, to=to, create_time=create_time,
                     msg_id=msg_id, scene=_scene(event, message.get("EventKey")),
                     subscribes=_subscribes(event, message),
                     status=str(status) if status is not None else None,
                     fields=MappingProxyType(message))


def _scene(event: str | None, key) -> str | None:
    if not isinstance(key, str) or not key:
        return None
    if event == "subscribe":
        # A new follower who scanned a parameter QR code: EventKey is "qrscene_" + scene.
        if not key.startswith("qrscene_"):
            return None
        return key[len("qrscene_"):] or None
    if event == "scan":
        return key
    return None


_SUBSCRIBE_EVENTS = {
    "subscribe_msg_popup_event": "SubscribeMsgPopupEvent",
    "subscribe_msg_change_event": "SubscribeMsgChangeEvent",
    "subscribe_msg_sent_event": "SubscribeMsgSentEvent",
}


def _subscribes(event: str | None, message: dict) -> tuple[dict, ...]:
    wrapper = _SUBSCRIBE_EVENTS.get(event or "")
    if wrapper is None:
        return ()
    # XML nests the list in <SubscribeMsgPopupEvent>; the MP's JSON puts "List" at the top. One
    # template arrives as a single object, not a one-element list, in both.
    holder = message.get(wrapper) if isinstance(message.get(wrapper), dict) else message
    items = holder.get("List") or []
    if isinstance(items, dict):
        items = [items]
    result = []
    for item in items:
        if not isinstance(item, dict) or not item.get("TemplateId"):
            continue
        status = item.get("SubscribeStatusString") or item.get("ErrorStatus") or ""
        # ASCII digits only below: str.isdigit() also takes "²", which int() then refuses.
        scene = str(item.get("PopupScene", "")).strip()
        result.append({"template_id": str(item["TemplateId"]), "status": str(status).lower(),
                       "popup_scene": int(scene) if scene.isascii() and scene.isdigit() else None})
    return tuple(result)


def _text(raw: bytes | str) -> str:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_PUSH_BYTES:
        raise PushRejected("push too large")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PushRejected("push is not UTF-8") from None


def _xml(text: str) -> dict:
    # Refuse any DTD outright: no legitimate push has one, and entities are the XML bomb vector.
    if _DTD.search(text):
        raise PushRejected("DTD or entity in push")
    try:
        # xmltodict, as wechatpy's parse_message uses it, with entity expansion off explicitly.
        document = xmltodict.parse(text, disable_entities=True)
    except Exception as exc:  # noqa: BLE001 (expat raises its own ExpatError besides ValueError)
        raise PushRejected(f"unreadable XML: {type(exc).__name__}") from None
    message = document.get("xml") if isinstance(document, dict) else None
    if not isinstance(message, dict):
        raise PushRejected("no <xml> root")
    return message


def _json(text: str) -> dict:
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise PushRejected("unreadable JSON") from None
    if not isinstance(message, dict):
        raise PushRejected("JSON push is not an object")
    return message


def _aes_key(aes_key: str) -> bytes:
    try:
        key = base64.b64decode(aes_key + "=", validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        # A configuration error, not a bad push: fail loudly.
        raise ValueError("the EncodingAESKey must be 43 base64 characters")
    return key
