"""Fixtures for the upload tests: two ordinary users and a platform administrator."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.extensions import limiter
from tests.uploads.helpers import make_user


@pytest.fixture(autouse=True)
def _fresh_upload_limits(request):
    """User ids restart with every test, so an earlier test's counts would land on this test's user."""
    if "app" not in request.fixturenames:  # pure tests: no app, no limiter storage to reset
        yield
        return
    limiter.reset()
    yield
    limiter.reset()


def _person(app, **fields) -> SimpleNamespace:
    user_id, headers = make_user(app, **fields)
    return SimpleNamespace(id=user_id, headers=headers)


@pytest.fixture
def owner(app):
    return _person(app)


@pytest.fixture
def stranger(app):
    return _person(app)


@pytest.fixture
def admin(app):
    return _person(app, is_platform_admin=True)
