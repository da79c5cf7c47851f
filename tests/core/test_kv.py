"""The key-value store contract, on the SQLite file and (when REDIS_URL is set) on real Redis."""
from __future__ import annotations

import os
import time
import uuid
from types import SimpleNamespace

import pytest
import redis

from app.core import kv as kv_module
from app.core.kv import RedisKV, SqliteKV


class Clock:
    """Moves time forward: by patching the SQLite store's clock, or by waiting for Redis."""

    def __init__(self, monkeypatch, real: bool):
        self.real = real
        self.offset = 0.0
        if not real:
            # Only the store's view of time moves; the rest of the process keeps the real clock.
            monkeypatch.setattr(kv_module, "time", SimpleNamespace(time=lambda: time.time() + self.offset))

    def advance(self, seconds: float) -> None:
        if self.real:
            time.sleep(seconds)
        else:
            self.offset += seconds


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        yield SqliteKV(tmp_path / "kv.db"), Clock(monkeypatch, real=False), "t:"
        return
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL not set")
    client = redis.Redis.from_url(url, decode_responses=True)
    prefix = f"test:kv:{uuid.uuid4().hex}:"
    yield RedisKV(client), Clock(monkeypatch, real=True), prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


def test_set_get_delete(store):
    kv, _, p = store
    assert kv.get(p + "a") is None
    assert kv.set(p + "a", "1") is True
    assert kv.get(p + "a") == "1"
    kv.set(p + "a", "2")
    assert kv.get(p + "a") == "2"
    kv.delete(p + "a")
    assert kv.get(p + "a") is None
    assert kv.ping()


def test_expiry(store):
    kv, clock, p = store
    kv.set(p + "short", "v", ex=1)
    kv.set(p + "forever", "v")
    assert kv.get(p + "short") == "v"
    clock.advance(1.2)
    assert kv.get(p + "short") is None
    assert kv.get(p + "forever") == "v"


def test_nx_only_sets_when_absent_or_expired(store):
    kv, clock, p = store
    assert kv.set(p + "lock", "first", ex=1, nx=True) is True
    assert kv.set(p + "lock", "second", ex=1, nx=True) is False
    assert kv.get(p + "lock") == "first"
    clock.advance(1.2)
    assert kv.set(p + "lock", "third", ex=5, nx=True) is True
    assert kv.get(p + "lock") == "third"


def test_getdel_returns_the_value_once(store):
    kv, _, p = store
    kv.set(p + "ticket", "t-1", ex=60)
    assert kv.getdel(p + "ticket") == "t-1"
    assert kv.getdel(p + "ticket") is None
    assert kv.get(p + "ticket") is None


def test_getdel_of_an_expired_value_is_none(store):
    kv, clock, p = store
    kv.set(p + "old", "v", ex=1)
    clock.advance(1.2)
    assert kv.getdel(p + "old") is None


def test_incr_counts_within_a_window_that_starts_at_the_first_hit(store):
    kv, clock, p = store
    assert [kv.incr(p + "fails", ex=2) for _ in range(3)] == [1, 2, 3]
    clock.advance(1.0)
    assert kv.incr(p + "fails", ex=2) == 4  # a later hit does not extend the window
    clock.advance(1.2)
    assert kv.incr(p + "fails", ex=2) == 1


def test_scan_lists_the_live_keys_under_a_prefix_with_their_time_to_live(store):
    kv, clock, p = store
    kv.set(p + "x:a", "1", ex=60)
    kv.set(p + "x:b", "2")
    kv.set(p + "x:gone", "3", ex=1)
    kv.set(p + "x:[odd]*", "4", ex=60)  # glob characters are plain characters of the prefix
    kv.set(p + "y:a", "5", ex=60)
    clock.advance(1.2)
    found = kv.scan(p + "x:")
    assert {key: value for key, (value, _) in found.items()} == {p + "x:a": "1", p + "x:b": "2", p + "x:[odd]*": "4"}
    assert 57 <= found[p + "x:a"][1] <= 60 and found[p + "x:b"][1] is None
    assert set(kv.scan(p + "x:[")) == {p + "x:[odd]*"}
    assert kv.scan(p + "none:") == {}


def test_sqlite_purge_expired(tmp_path, monkeypatch):
    kv = SqliteKV(tmp_path / "kv.db")
    clock = Clock(monkeypatch, real=False)
    kv.set("gone", "v", ex=1)
    kv.set("kept", "v")
    clock.advance(2)
    assert kv.purge_expired() == 1
    assert kv.get("kept") == "v"
