"""Deterministic identities, so a test (or a person in the dev run) can predict the ids the fake hands out.

openids are per appid, as on the real platform; the unionid depends on the name alone, so the same
person has one unionid in the mini-program and in the official account.
"""
from __future__ import annotations

import base64
import hashlib
import secrets


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def openid_for(appid: str, name: str) -> str:
    # Real openids are 28 characters long.
    return "o" + _digest(f"{appid}:{name}")[:27]


def unionid_for(name: str) -> str:
    return "u" + _digest(f"union:{name}")[:27]


def session_key() -> str:
    return base64.b64encode(secrets.token_bytes(16)).decode("ascii")


def lenient_phone(code: str) -> str:
    """A stable 1380000xxxx number for any phone code, for the dev run where codes come from DevTools."""
    return "1380000" + str(int(_digest(code), 16) % 10000).zfill(4)


def token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(24)}"
