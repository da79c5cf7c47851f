"""A real Celery worker SIGKILLed in the middle of a delivery batch, twice, then the sweep: the fake
WeChat's record of what reached the phones is the judge.

The relay's documented policy (app/notify/relay.py): rows a dead relay had claimed are handed back; an
official-account message whose send had started is sent again and WeChat drops the copy by
`client_msg_id`; a subscribe message whose send had started is not sent again (a duplicate would burn the
person's next credit) and is marked `unknown`. So: every OA message exactly once, every subscribe message
at most once, and never more `unknown` rows per kill than the worker's threads had sends in flight.
"""
from __future__ import annotations

import time
from collections import Counter

import pytest

from app.notify.models import Channel, DeliveryStatus
from tests.reliability.support import (
    STATUS_CHANGE,
    SUBSCRIBE_SEND,
    TEMPLATE_SEND,
    make_recipients,
    outbox_rows,
    publish_points,
    require_postgres_and_redis,
    sending_now,
    status_counts,
    unfinished,
    wait_until,
)

pytestmark = pytest.mark.postgres

PEOPLE = 300               # one event each: 300 subscribe + 300 OA template messages
CONCURRENCY = 2            # worker threads (--pool threads -c 2)
GROUP = 8                  # NOTIFY_SEND_THREADS: each relay starts and sends its messages in groups of 8
LEASE = 3                  # NOTIFY_LEASE_SECONDS in the workers: a dead relay's rows come back after 3 s
SEND_DELAY = 0.03          # the fake answers every send after 30 ms, so a batch takes seconds
WORKER_SETTINGS = {"NOTIFY_LEASE_SECONDS": LEASE, "NOTIFY_BATCH_SIZE": 20, "NOTIFY_RETRY_BASE_SECONDS": 1,
                   "NOTIFY_SEND_THREADS": GROUP}
KILL_AT = (0.2, 0.5)       # SIGKILL once the fake has this share of all messages


def _delivered(fake_wechat) -> int:
    return len(fake_wechat.deliveries())


def test_killed_workers_lose_nothing_and_send_nothing_twice(app, fake_wechat, workers, broker, queue):
    require_postgres_and_redis(app)
    with app.app_context():
        people = make_recipients("killed", PEOPLE)
        publish_points([p["id"] for p in people])
        total = len(outbox_rows())
    assert total == 2 * PEOPLE
    fake_wechat.fault(SUBSCRIBE_SEND, delay=SEND_DELAY, times=None)
    fake_wechat.fault(TEMPLATE_SEND, delay=SEND_DELAY, times=None)

    started = time.monotonic()
    sending_at_kill: list[set[tuple[int, Channel]]] = []
    worker = workers(queue, CONCURRENCY, **WORKER_SETTINGS)
    # The after-commit kick: one deliver_outbox per worker thread, so both threads are mid-send.
    for _ in range(CONCURRENCY):
        broker.send("app.tasks.notify.deliver_outbox", queue)
    for kill_no, share in enumerate(KILL_AT, start=1):
        wait_until(lambda s=share: _delivered(fake_wechat) >= s * total, timeout=30,
                   what=f"{share:.0%} of the messages before kill {kill_no}", on_timeout=worker.log_tail)
        worker.kill()
        killed_at = time.monotonic()
        with app.app_context():
            sending_at_kill.append(sending_now())
            left = unfinished() - len(sending_at_kill[-1])
        assert left > 0, "the worker finished before it was killed: the test proved nothing"

        # A new worker; once the dead one's leases have run out, the minute sweep (sent by beat).
        worker = workers(queue, CONCURRENCY, **WORKER_SETTINGS)
        time.sleep(max(0.0, killed_at + LEASE + 0.5 - time.monotonic()))
        for _ in range(CONCURRENCY):
            broker.send("app.tasks.notify.sweep_outbox", queue)

    def settled() -> bool:
        with app.app_context():
            if unfinished() == 0:
                return True
        broker.send("app.tasks.notify.sweep_outbox", queue)  # sweeps are safe to run twice
        return False

    wait_until(settled, timeout=40, interval=1.0, what="the sweeps to finish the outbox", on_timeout=worker.log_tail)
    worker.stop()

    with app.app_context():
        rows = outbox_rows()
        counts = status_counts()
    openid = {p["id"]: p["mp_openid"] for p in people}
    oa_ids = {r.id for r in rows if r.channel is Channel.OA_TEMPLATE}
    mp_rows = [r for r in rows if r.channel is Channel.MP_SUBSCRIBE]

    # Official-account messages: every one delivered exactly once (resends deduplicated by client_msg_id).
    template = Counter(d["client_msg_id"] for d in fake_wechat.deliveries("template"))
    assert template == Counter({f"outbox-{i}": 1 for i in oa_ids})
    assert all(r.status is DeliveryStatus.SENT for r in rows if r.id in oa_ids)

    # Subscribe messages: at most once each; sent → exactly once; otherwise `unknown`, never resent.
    subscribe = Counter(d["openid"] for d in fake_wechat.deliveries("subscribe"))
    assert all(d["template_id"] == STATUS_CHANGE for d in fake_wechat.deliveries("subscribe"))
    assert max(subscribe.values()) == 1
    assert set(subscribe) <= set(openid.values())
    for row in mp_rows:
        assert row.status in (DeliveryStatus.SENT, DeliveryStatus.UNKNOWN), row
        if row.status is DeliveryStatus.SENT:
            assert subscribe[openid[row.recipient_id]] == 1, row
    assert len(fake_wechat.requests_to(SUBSCRIBE_SEND)) == sum(subscribe.values())  # no resend, not even refused

    # `unknown` is only what a kill cut off mid-send. A relay (one per worker thread) starts a group of GROUP
    # messages in one transaction, sends them at once, and records their results in the transaction that
    # starts its next group: at any moment it holds at most one group started but unrecorded. So per kill,
    # at most CONCURRENCY x GROUP messages are left `sending` (the price of sending a group at once rather
    # than one message at a time).
    unknown = {r.id for r in mp_rows if r.status is DeliveryStatus.UNKNOWN}
    cut_off = {i for snapshot in sending_at_kill for i, channel in snapshot if channel is Channel.MP_SUBSCRIBE}
    assert unknown <= cut_off
    assert counts[DeliveryStatus.SENT] + counts[DeliveryStatus.UNKNOWN] == total
    in_flight = CONCURRENCY * GROUP
    assert max(len(s) for s in sending_at_kill) <= in_flight and len(unknown) <= in_flight * len(KILL_AT), (
        f"rows left `sending` per kill: {[len(s) for s in sending_at_kill]}, {len(unknown)} subscribe messages "
        f"now `unknown` ({sum(subscribe[openid[r.recipient_id]] for r in mp_rows if r.id in unknown)} of them "
        f"had reached the phone) with {CONCURRENCY} worker threads sending groups of {GROUP}: more than one "
        "group per thread was started but not recorded when the worker died")

    print(f"\n{total} messages, {len(KILL_AT)} kills, {time.monotonic() - started:.1f} s: "
          f"{len(unknown)} unknown ({sum(subscribe[openid[r.recipient_id]] for r in mp_rows if r.id in unknown)} "
          f"of them had reached the phone); {len(fake_wechat.requests_to(TEMPLATE_SEND)) - len(oa_ids)} OA resends "
          f"deduplicated; cut off mid-send per kill: {[len(s) for s in sending_at_kill]}")
