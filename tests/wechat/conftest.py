"""Gateways wired to the session's fake WeChat server.

`gateway` is the app's own (on the app's kv store). `make_gateway` builds extra ones on a private
SQLite kv, with a short timeout where a test waits on one."""
from __future__ import annotations

import pytest

from app.core.kv import SqliteKV
from app.wechat.gateway import build_gateway


@pytest.fixture
def gateway(app):
    return app.extensions["timebank.wechat"]


@pytest.fixture
def private_kv(tmp_path):
    return SqliteKV(tmp_path / "kv.db")


@pytest.fixture
def make_gateway(app, private_kv):
    def make(kv=None, **overrides):
        config = dict(app.config)
        config.update(overrides)
        return build_gateway(config, kv if kv is not None else private_kv)

    return make
