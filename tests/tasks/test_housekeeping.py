"""Celery wiring: tasks run in the app context with the reliable defaults; the purge is set-based and
safe to run twice."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import AuthSession
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.tasks.housekeeping import purge_expired_sessions
from app.tasks.schedule import BEAT_SCHEDULE
from tests.factories import make_user


def _session(user_id, sid, *, expires_days, revoked_days=None):
    now = utcnow()
    db.session.add(AuthSession(id=sid, user_id=user_id, channel="mp", refresh_hash=sid * 2,
                               expires_at=now + timedelta(days=expires_days),
                               revoked_at=None if revoked_days is None else now - timedelta(days=revoked_days)))


def test_purge_removes_only_long_dead_sessions_and_is_idempotent(app_ctx):
    user = make_user(mp_openid="o-purge")
    with unit_of_work():
        _session(user, "live", expires_days=10)
        _session(user, "expired-long-ago", expires_days=-30)
        _session(user, "expired-yesterday", expires_days=-1)
        _session(user, "revoked-long-ago", expires_days=10, revoked_days=30)
    assert purge_expired_sessions.delay().get() == 2
    assert purge_expired_sessions.delay().get() == 0
    left = set(db.session.scalars(sa.select(AuthSession.id)))
    assert left == {"live", "expired-yesterday"}


def test_celery_is_configured_for_reliability(app):
    celery = app.extensions["celery"]
    conf = celery.conf
    assert conf.task_acks_late is True and conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert purge_expired_sessions.max_retries == 3
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in celery.tasks


def test_purge_also_sweeps_expired_key_value_entries(app_ctx):
    store = app_ctx.extensions["timebank.kv"]
    store.set("test:gone", "1", ex=1)
    store.set("test:kept", "1", ex=600)
    import time

    time.sleep(1.1)
    purge_expired_sessions.delay().get()
    assert store.get("test:kept") == "1" and store.get("test:gone") is None
    if not hasattr(store, "client"):  # the SQLite store: the row itself is gone, not just hidden
        assert store._conn().execute("SELECT count(*) FROM kv WHERE key = 'test:gone'").fetchone() == (0,)
