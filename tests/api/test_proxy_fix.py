"""Behind PROXY_FIX_HOPS reverse proxies rate limits key on the client's address from X-Forwarded-For;
with the default 0 that header is ignored (anyone could forge it) and every caller of one socket address
shares a bucket."""
from __future__ import annotations

import pytest

from app.extensions import limiter
from tests.sibling_app import sibling_app

LIMITED = "/api/v1/auth/mp/login"  # sign-in: limited per client address


@pytest.fixture
def app_behind_proxy(app):
    """The same app made with PROXY_FIX_HOPS=1, as production behind nginx would be."""
    with sibling_app(app, PROXY_FIX_HOPS=1) as other:
        yield other


def _statuses(flask_app, forwarded_for: str, times: int) -> list[int]:
    client = flask_app.test_client()
    return [client.post(LIMITED, json={}, headers={"X-Forwarded-For": forwarded_for}).status_code
            for _ in range(times)]


def _limited(flask_app):
    flask_app.config["RATELIMIT_LOGIN"] = "2 per minute"
    with flask_app.app_context():
        limiter.reset()


@pytest.fixture
def restore_limit(app):
    saved = app.config["RATELIMIT_LOGIN"]
    yield
    app.config["RATELIMIT_LOGIN"] = saved
    with app.app_context():
        limiter.reset()


def test_with_one_hop_two_forwarded_clients_have_separate_buckets(app_behind_proxy, restore_limit):
    _limited(app_behind_proxy)
    assert _statuses(app_behind_proxy, "203.0.113.7", 3) == [422, 422, 429]
    assert _statuses(app_behind_proxy, "198.51.100.9", 2) == [422, 422]
    # The proxy appends; only the last entry (the one it saw) counts, a forged first entry does not.
    assert _statuses(app_behind_proxy, "10.9.9.9, 203.0.113.7", 1) == [429]


def test_without_proxy_fix_forwarded_for_is_ignored_and_the_bucket_shared(app, restore_limit):
    _limited(app)
    assert _statuses(app, "203.0.113.7", 2) == [422, 422]
    assert _statuses(app, "198.51.100.9", 1) == [429]
