"""The broker is unreachable while business transactions publish: they commit anyway (the after-commit kick
fails and is swallowed), the rows wait in the outbox, and once the broker is back the minute sweep delivers
every message exactly once. Then, broker up, the kick alone delivers."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
import sqlalchemy as sa
from celery import Celery
from celery._state import get_current_app
from sqlalchemy.orm import Session

from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import DeliveryStatus, NotificationEvent, OutboxMessage
from app.notify.publish import KICK_FLAG, publish
from app.tasks import notify as notify_tasks
from app.tasks.notify import _kick_after_commit
from tests.reliability.support import (
    ROOT,
    SUBSCRIBE_SEND,
    TEMPLATE_SEND,
    make_recipients,
    outbox_rows,
    process_env,
    require_postgres,
    require_postgres_and_redis,
    status_counts,
    unfinished,
    wait_until,
)

pytestmark = pytest.mark.postgres

# A hang guard, not a measure of speed: a publishing process that has not ended by then is stuck. Whether a
# kick waits on the broker is asserted by counting its connection attempts (one each: no retry, no back-off).
HANG_GUARD = 30.0   # s per commit (a kick that retries takes ~6 s; a stuck one forever)


def _publish(app, fake_wechat, tmp_path, user_ids: list[int], first_subject: int, **settings) -> tuple[dict, str]:
    """Publish one event per user, 10 per commit, in a separate process built like the web's."""
    env = process_env(app, fake_wechat, tmp_path, NOTIFY_KICK=1, **settings)
    commits = -(-len(user_ids) // 10)
    limit = 15 + commits * HANG_GUARD  # start-up, then each commit
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.reliability.publisher", "--first-subject", str(first_subject),
             "--per-commit", "10", *map(str, user_ids)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired as exc:
        stderr = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else exc.stderr or ""
        pytest.fail(f"{commits} publishing transactions did not return within {limit:.0f} s; kicks attempted so "
                    f"far: {stderr.count('could not kick outbox delivery')} (one per commit expected)")
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def _judge(fake_wechat, people: list[dict]) -> None:
    """Each person's subscribe message and OA template message reached the phone exactly once."""
    subscribe = Counter(d["openid"] for d in fake_wechat.deliveries("subscribe"))
    template = Counter(d["openid"] for d in fake_wechat.deliveries("template"))
    assert {p["mp_openid"]: subscribe[p["mp_openid"]] for p in people} == {p["mp_openid"]: 1 for p in people}
    assert {p["oa_openid"]: template[p["oa_openid"]] for p in people} == {p["oa_openid"]: 1 for p in people}


def test_a_broker_outage_delays_delivery_and_loses_nothing(app, fake_wechat, workers, broker, queue, tmp_path,
                                                          down_broker):
    require_postgres_and_redis(app)
    with app.app_context():
        people = make_recipients("outage", 20)

    # Broker down: where the app's CELERY_BROKER_URL points, every connection is dropped at once.
    result, stderr = _publish(app, fake_wechat, tmp_path, [p["id"] for p in people], 1,
                              CELERY_BROKER_URL=down_broker.url)
    assert result["broker"] == down_broker.url and result["kick"] is True
    print(f"\npublish+commit of 10 events with the broker down: {result['commit_seconds']} s")
    assert len(result["commit_seconds"]) == 2
    # The commits did not wait on the broker: each kick tried it once and gave up (kombu's default retries
    # connecting, 3 attempts over ~6 s; config/settings.py sets max_retries=0).
    assert down_broker.connections == 2, f"{down_broker.connections} connections to the broker for 2 kicks"
    kicks = stderr.count("could not kick outbox delivery")
    assert kicks == 2, (f"{kicks} kicks for 2 commits of 10 events: after_commit fires on every SAVEPOINT release "
                        "too (publish() uses begin_nested); see test_one_kick_per_business_transaction_…")
    with app.app_context(), unit_of_work():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent)) == 20  # committed
    with app.app_context():
        assert status_counts() == Counter({DeliveryStatus.PENDING: 40})
    assert fake_wechat.requests_to(SUBSCRIBE_SEND) == fake_wechat.requests_to(TEMPLATE_SEND) == []

    # The broker is back: a worker on Redis, and the minute sweep beat sends (twice at once: safe twice).
    worker = workers(f"{queue},celery")  # `celery`: the default queue, where the kick's task goes
    for _ in range(2):
        broker.send("app.tasks.notify.sweep_outbox", queue)

    def delivered() -> bool:
        with app.app_context():
            return unfinished() == 0

    wait_until(delivered, timeout=30, interval=0.2, what="the sweep to deliver", on_timeout=worker.log_tail)
    with app.app_context():
        assert status_counts() == Counter({DeliveryStatus.SENT: 40})
    _judge(fake_wechat, people)
    assert len(fake_wechat.requests_to(SUBSCRIBE_SEND)) == len(fake_wechat.requests_to(TEMPLATE_SEND)) == 20

    # Broker up: the after-commit kick alone delivers, no sweep needed.
    with app.app_context():
        newcomers = make_recipients("kicked", 10)
    result, _ = _publish(app, fake_wechat, tmp_path, [p["id"] for p in newcomers], 101)
    assert result["broker"] == app.config["REDIS_URL"], result
    wait_until(delivered, timeout=30, interval=0.2, what="the kicked delivery", on_timeout=worker.log_tail)
    with app.app_context():
        assert len(outbox_rows()) == 60 and status_counts() == Counter({DeliveryStatus.SENT: 60})
    _judge(fake_wechat, people + newcomers)
    worker.stop()


def test_the_kick_gives_up_at_once_when_the_broker_refuses_connections(app, down_broker, caplog):
    """The kick runs inside the web request's commit(): with the broker down it must fail fast, or every
    publishing request waits on it. (kombu's Connection.default_channel retries connecting for
    broker_connection_timeout, 4 s, plus back-off: 3 connections and ~6 s a kick, unless
    broker_transport_options has max_retries=0, which config/settings.py sets.) Counted, not timed: one
    connection attempt, then the kick has given up."""
    require_postgres_and_redis(app)
    dead = Celery("dead-broker", set_as_current=False)
    dead.config_from_object({**app.config["CELERY"], "broker_url": down_broker.url, "task_always_eager": False})
    previous = get_current_app()
    dead.set_current()  # deliver_outbox (a shared task) now resolves to this app, as in a web process
    try:
        session = Session()  # as after a publishing commit
        session.info[KICK_FLAG] = True
        _kick_after_commit(session)
    finally:
        previous.set_current()
        dead.close()
    assert "could not kick outbox delivery" in caplog.text  # it did try, and the failure was swallowed
    assert down_broker.connections == 1, f"the kick connected {down_broker.connections} times to a broker that is down"


def test_one_kick_per_business_transaction_after_it_commits(app, fake_wechat, monkeypatch):
    """Two events in one business transaction (a review that also opens the order): one deliver_outbox,
    sent once the transaction has committed, never from inside it. SQLAlchemy also fires after_commit when
    a SAVEPOINT is released, and publish() uses one."""
    require_postgres(app)
    with app.app_context():
        people = make_recipients("kick", 2)

    kicks: list[int] = []

    class Recorder:
        @staticmethod
        def apply_async(**options):
            with db.engine.connect() as other:  # what a worker would see at this moment
                kicks.append(other.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)))

    monkeypatch.setattr(notify_tasks, "deliver_outbox", Recorder)
    registered = sa.event.contains(Session, "after_commit", notify_tasks._kick_after_commit)
    if not registered:
        sa.event.listen(Session, "after_commit", notify_tasks._kick_after_commit)
    try:
        with app.app_context(), unit_of_work():
            for subject, person in enumerate(people, start=1):
                publish("points.credited", ("points", subject), {"title": "志愿服务积分", "points": 5,
                                                                "user_ids": [person["id"]]})
    finally:
        if not registered:
            sa.event.remove(Session, "after_commit", notify_tasks._kick_after_commit)
    assert kicks == [4], (f"kicks (outbox rows a worker could see at each): {kicks}; expected one kick, after "
                          "the commit, seeing all 4 rows")
