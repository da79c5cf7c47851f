"""A small key-value store with expiry: Redis in production, a SQLite file on the embedded default.

Holds short-lived server-side state that must be shared by every process: WeChat session keys and
access tokens, one-time OAuth states and tickets, login-failure counters. The SQLite variant lives in
its own file so its writes never wait on the application's database transaction.
"""
from __future__ import annotations

import math
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import redis


class KeyValueStore(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str, ex: int | None = None, nx: bool = False) -> bool: ...
    def getdel(self, key: str) -> str | None: ...
    def mget(self, keys: list[str]) -> list[str | None]: ...
    def set_many(self, items: dict[str, str], ex: int) -> None: ...
    def delete(self, key: str) -> None: ...
    def incr(self, key: str, ex: int) -> int: ...
    def scan(self, prefix: str) -> dict[str, tuple[str, int | None]]: ...
    def ping(self) -> bool: ...
    def purge_expired(self) -> int: ...


class RedisKV:
    def __init__(self, client: redis.Redis, mirror=None):
        self.client = client
        # app.core.mirror.Mirror: this process's copy of the cache generations (read by generations only).
        self.mirror = mirror

    def get(self, key):
        return self.client.get(key)

    def set(self, key, value, ex=None, nx=False):
        return bool(self.client.set(key, value, ex=ex, nx=nx))

    def getdel(self, key):
        return self.client.getdel(key)

    def mget(self, keys):
        return self.client.mget(keys)

    def set_many(self, items, ex):
        pipe = self.client.pipeline(transaction=False)  # one round trip, no MULTI needed
        for key, value in items.items():
            pipe.set(key, value, ex=ex)
        pipe.execute()

    def delete(self, key):
        self.client.delete(key)

    def incr(self, key, ex):
        pipe = self.client.pipeline()
        pipe.incr(key)
        pipe.expire(key, ex, nx=True)  # the window starts at the first failure
        return int(pipe.execute()[0])

    def scan(self, prefix):
        """Every live key starting with `prefix`: its value and whole seconds to live (None: no expiry).
        For small families of keys an administrator lists (login lockouts), not for hot paths."""
        keys = list(self.client.scan_iter(match=_glob_escaped(prefix) + "*", count=500))
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.get(key)
            pipe.ttl(key)
        answers = pipe.execute()
        found = {}
        for key, value, ttl in zip(keys, answers[::2], answers[1::2], strict=True):
            if value is not None:  # expired between the scan and the read
                found[key] = (value, ttl if ttl >= 0 else None)
        return found

    def ping(self):
        return bool(self.client.ping())

    def purge_expired(self):
        return 0  # Redis drops expired keys itself


class SqliteKV:
    _SCHEMA = "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL)"

    def __init__(self, path: str | Path):
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._conn() as conn:
            conn.execute(self._SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=10000")
            self._local.conn = conn
        return conn

    def _live(self, conn, key):
        row = conn.execute("SELECT value, expires FROM kv WHERE key = ?", (key,)).fetchone()
        if row is None or (row[1] is not None and row[1] <= time.time()):
            return None
        return row[0]

    def get(self, key):
        return self._live(self._conn(), key)

    @contextmanager
    def _write(self):
        """An immediate (write-locked) transaction: read-then-write steps are atomic across processes."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def set(self, key, value, ex=None, nx=False):
        expires = time.time() + ex if ex else None
        with self._write() as conn:
            if nx and self._live(conn, key) is not None:
                return False
            conn.execute("INSERT OR REPLACE INTO kv (key, value, expires) VALUES (?, ?, ?)",
                         (key, str(value), expires))
            return True

    def getdel(self, key):
        with self._write() as conn:
            value = self._live(conn, key)
            conn.execute("DELETE FROM kv WHERE key = ?", (key,))
            return value

    def mget(self, keys):
        conn = self._conn()
        return [self._live(conn, key) for key in keys]

    def set_many(self, items, ex):
        with self._write() as conn:
            conn.executemany("INSERT OR REPLACE INTO kv (key, value, expires) VALUES (?, ?, ?)",
                             [(key, str(value), time.time() + ex) for key, value in items.items()])

    def delete(self, key):
        self._conn().execute("DELETE FROM kv WHERE key = ?", (key,))

    def incr(self, key, ex):
        with self._write() as conn:
            current = self._live(conn, key)
            if current is None:
                value, expires = 1, time.time() + ex
            else:
                value = int(current) + 1
                expires = conn.execute("SELECT expires FROM kv WHERE key = ?", (key,)).fetchone()[0]
            conn.execute("INSERT OR REPLACE INTO kv (key, value, expires) VALUES (?, ?, ?)",
                         (key, str(value), expires))
            return value

    def scan(self, prefix):
        now = time.time()
        rows = self._conn().execute(
            "SELECT key, value, expires FROM kv WHERE substr(key, 1, ?) = ? AND (expires IS NULL OR expires > ?)",
            (len(prefix), prefix, now)).fetchall()
        return {key: (value, None if expires is None else math.ceil(expires - now)) for key, value, expires in rows}

    def purge_expired(self) -> int:
        cur = self._conn().execute("DELETE FROM kv WHERE expires IS NOT NULL AND expires <= ?", (time.time(),))
        return cur.rowcount

    def ping(self):
        return self._conn().execute("SELECT 1").fetchone() == (1,)


def _glob_escaped(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


def make_kv(redis_url: str | None, sqlite_path: str | Path, *, mirror: bool = True) -> KeyValueStore:
    """Redis when configured (with the cache mirror unless `mirror` is off), else the SQLite file. The
    SQLite store has no change notifications, so it has no mirror: it is a local file read anyway."""
    if redis_url:
        from app.core.mirror import Mirror, connector

        client = redis.Redis.from_url(redis_url, decode_responses=True, socket_timeout=5, health_check_interval=30)
        return RedisKV(client, Mirror(connector(client)) if mirror else None)
    return SqliteKV(sqlite_path)
