"""Gateways wired to the session's fake WeChat server.

`gateway` is the app's own (on the app's kv store). `make_gateway` builds extra ones on a private
SQLite kv, with a short timeout where a test waits on one. `each_kv` is the SQLite kv, then real Redis
when REDIS_URL names one (CI), for the tests whose point is how the store serialises processes."""
from __future__ import annotations

import os

import pytest
import redis

from app.core.kv import RedisKV, SqliteKV
from app.wechat.gateway import build_gateway


@pytest.fixture
def gateway(app):
    return app.extensions["timebank.wechat"]


@pytest.fixture
def private_kv(tmp_path):
    return SqliteKV(tmp_path / "kv.db")


@pytest.fixture(params=["sqlite", "redis"])
def each_kv(request, app, tmp_path):
    if request.param == "sqlite":
        yield SqliteKV(tmp_path / "kv.db")
        return
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL not set")
    client = redis.Redis.from_url(url, decode_responses=True)
    # The suite's own Redis database: every test ends by emptying it (tests/conftest.py), `app` ensures that.
    yield RedisKV(client)
    client.close()


@pytest.fixture
def make_gateway(app, private_kv):
    def make(kv=None, **overrides):
        config = dict(app.config)
        config.update(overrides)
        return build_gateway(config, kv if kv is not None else private_kv)

    return make
