"""wechatpy session storage over our key-value store, so every process shares one access token per
appid (Redis in production, the SQLite kv on the embedded default)."""
from __future__ import annotations

import json

from wechatpy.session import SessionStorage

from app.core.kv import KeyValueStore


class KVSessionStorage(SessionStorage):
    """Same encoding as wechatpy's RedisStorage (JSON values, `prefix:key`), so the two can share keys."""

    def __init__(self, kv: KeyValueStore, prefix: str = "wechatpy"):
        self.kv = kv
        self.prefix = prefix

    def key_name(self, key: str) -> str:
        return f"{self.prefix}:{key}"

    def get(self, key, default=None):
        raw = self.kv.get(self.key_name(key))
        if raw is None:
            return default
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8")
        return json.loads(raw)

    def set(self, key, value, ttl=None):
        if value is None:
            return
        # The kv store wants whole seconds; a sub-second TTL would mean "no expiry" there.
        ex = max(1, int(ttl)) if ttl else None
        self.kv.set(self.key_name(key), json.dumps(value), ex=ex)

    def delete(self, key):
        self.kv.delete(self.key_name(key))
