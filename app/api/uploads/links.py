"""Signed content links: `<image src>` in the mini-program (and an `<img>` anywhere) cannot send our
Authorization header, so an upload's URL carries a signature instead. A link is made only while
serialising a response for someone the API let see the photo, and works for anyone holding it until it
expires — the presigned-URL model. Expiry is rounded up to the hour, so the same photo keeps the same
URL for an hour and clients can cache it.
"""
from __future__ import annotations

import hashlib
import hmac
import time

from flask import current_app, url_for

_HOUR = 3600


def _digest(upload_id: int, expires: int) -> str:
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    message = f"upload-content:{upload_id}:{expires}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def content_url(upload_id: int, now: float | None = None) -> str:
    """Absolute URL of the upload's bytes, valid for one to two hours."""
    moment = int(now if now is not None else time.time())
    expires = (moment // _HOUR + 2) * _HOUR
    path = url_for("uploads.UploadContent", upload_id=upload_id,
                   sig=f"{expires}.{_digest(upload_id, expires)}")
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def signature_valid(upload_id: int, sig: str | None, now: float | None = None) -> bool:
    if not sig:
        return False
    expires_text, _, digest = sig.partition(".")
    # ASCII digits only: str.isdigit() also takes "²", which int() then refuses.
    if not (expires_text.isascii() and expires_text.isdigit()) or len(expires_text) > 12:
        return False
    expires = int(expires_text)
    if expires < (now if now is not None else time.time()):
        return False
    return hmac.compare_digest(digest, _digest(upload_id, expires))
