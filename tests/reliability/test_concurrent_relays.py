"""Relays running at the same time (threads, each in its own app context, on PostgreSQL): the kick's
deliver_outbox on every worker thread, and the minute sweep, over the same outbox."""
from __future__ import annotations

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import Channel, DeliveryStatus, SubscriptionQuota
from app.notify.publish import publish
from app.tasks.notify import deliver_due, sweep_outbox
from tests.concurrency.conftest import run_together
from tests.reliability.support import (
    SUBSCRIBE_SEND,
    TEMPLATE_SEND,
    make_recipients,
    outbox_rows,
    publish_points,
    require_postgres,
    status_counts,
)

pytestmark = pytest.mark.postgres


def _credits_left() -> int:
    with unit_of_work():
        return db.session.scalar(sa.select(sa.func.sum(SubscriptionQuota.credits)))


@pytest.mark.parametrize("relays", [2, 3])
def test_relays_at_once_send_every_message_exactly_once(app, fake_wechat, monkeypatch, relays):
    require_postgres(app)
    monkeypatch.setitem(app.config, "NOTIFY_BATCH_SIZE", 10)  # many claims, so the relays interleave
    with app.app_context():
        people = make_recipients("pair", 100)
        with unit_of_work():  # one event, 100 people, 2 channels: 200 due messages
            publish("points.credited", ("points", 1), {"title": "志愿服务积分", "points": 5,
                                                       "user_ids": [p["id"] for p in people]})
        assert len(outbox_rows()) == 200
    fake_wechat.fault(SUBSCRIBE_SEND, delay=0.005, times=None)
    fake_wechat.fault(TEMPLATE_SEND, delay=0.005, times=None)

    def relay(_):
        with app.app_context():
            return deliver_due()

    handled = run_together(relays, relay)

    assert not [h for h in handled if isinstance(h, Exception)], handled
    assert sum(handled) == 200 and all(h > 0 for h in handled), handled  # each row claimed by one relay
    with app.app_context():
        assert status_counts() == Counter({DeliveryStatus.SENT: 200})
        assert _credits_left() == 0
    # Not a single duplicate request, not even one WeChat would have dropped.
    assert Counter(r["body"]["touser"] for r in fake_wechat.requests_to(SUBSCRIBE_SEND)) == \
        Counter({p["mp_openid"]: 1 for p in people})
    assert Counter(r["body"]["touser"] for r in fake_wechat.requests_to(TEMPLATE_SEND)) == \
        Counter({p["oa_openid"]: 1 for p in people})
    assert len(fake_wechat.deliveries()) == 200


def test_the_sweep_never_makes_a_live_relays_sends_unknown(app, fake_wechat, monkeypatch):
    """WeChat is slow, so a batch outlasts the lease (production: 100 messages against 120 s, i.e. any
    average above 1.2 s a send, as when sends time out). The minute sweep runs meanwhile, as beat does. No
    relay died: nothing may end `unknown`, and nothing may be sent twice."""
    require_postgres(app)
    monkeypatch.setitem(app.config, "NOTIFY_LEASE_SECONDS", 1)
    monkeypatch.setitem(app.config, "NOTIFY_SEND_THREADS", 2)  # 6 groups of 2 sends: ~1.5 s > the lease
    with app.app_context():
        people = make_recipients("slow", 6)
        publish_points([p["id"] for p in people])  # 12 messages: one batch
    fake_wechat.fault(SUBSCRIBE_SEND, delay=0.25, times=None)
    fake_wechat.fault(TEMPLATE_SEND, delay=0.25, times=None)
    relay_done = threading.Event()
    sweeps: list = []

    def work(index):
        if index == 0:
            try:
                with app.app_context():
                    return deliver_due()
            finally:
                relay_done.set()
        while not relay_done.wait(0.3):
            sweeps.append(sweep_outbox())  # the task body, as a worker runs it
        return None

    results = run_together(2, work)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sweeps, "the sweep never ran while the relay was busy"
    with app.app_context():
        rows = outbox_rows()
    assert Counter(r.status for r in rows) == Counter({DeliveryStatus.SENT: 12}), (
        "the sweep took sends of a live relay for a dead one's: "
        f"{[(r.id, r.channel.value, r.status.value) for r in rows if r.status is not DeliveryStatus.SENT]}; "
        f"sweeps: {sweeps}")
    assert sum(1 for r in rows if r.channel is Channel.MP_SUBSCRIBE) == 6
    assert len(fake_wechat.requests_to(SUBSCRIBE_SEND)) == len(fake_wechat.deliveries("subscribe")) == 6
    assert len(fake_wechat.requests_to(TEMPLATE_SEND)) == 6, "an official-account message was sent twice"
