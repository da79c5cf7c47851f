"""Personal information at rest: AES-GCM field encryption, an HMAC blind index, masking.

Both keys are derived (HKDF) from one master key in PII_ENCRYPTION_KEY, so operations manage one
secret. Ciphertexts carry a version prefix so the key can be rotated later without guessing.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = "v1"


class PIICipher:
    def __init__(self, master_key_b64: str):
        master = base64.b64decode(master_key_b64)
        if len(master) < 32:
            raise ValueError("PII_ENCRYPTION_KEY must decode to at least 32 bytes")
        self._aead = AESGCM(self._derive(master, b"timebank-pii-encryption"))
        self._index_key = self._derive(master, b"timebank-pii-blind-index")

    @staticmethod
    def _derive(master: bytes, info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)

    def encrypt(self, plaintext: str | None, *, context: str = "") -> str | None:
        """`context` (e.g. "users.phone") is bound as associated data: a value copied into
        another column will not decrypt there."""
        if plaintext is None:
            return None
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), context.encode())
        return f"{_VERSION}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str | None, *, context: str = "") -> str | None:
        if token is None:
            return None
        version, _, body = token.partition(".")
        if version != _VERSION:
            raise ValueError("unknown PII ciphertext version")
        raw = base64.urlsafe_b64decode(body)
        try:
            return self._aead.decrypt(raw[:12], raw[12:], context.encode()).decode()
        except InvalidTag as exc:
            raise ValueError("PII ciphertext failed authentication") from exc

    def blind_index(self, value: str | None, *, context: str = "") -> str | None:
        """Deterministic keyed hash for exact lookups and uniqueness, never reversible."""
        if value is None:
            return None
        normalised = value.strip().upper()
        return hmac.new(self._index_key, f"{context}:{normalised}".encode(), hashlib.sha256).hexdigest()


def mask_phone(phone: str | None) -> str | None:
    """13812345678 -> 138****5678; landlines keep their last four digits."""
    if not phone:
        return phone
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


def mask_id_card(number: str | None) -> str | None:
    """440106199001011234 -> 440***********1234."""
    if not number:
        return number
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_name(name: str | None) -> str | None:
    """张三丰 -> 张**: how Chinese public notices show a person."""
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1)
