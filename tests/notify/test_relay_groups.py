"""The relay starts claimed messages in groups (one transaction: the rows marked `sending`, the credits
spent) and sends each group at once: credits that run out within a group, claims a sweep took away."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify import relay
from app.notify.models import DeliveryStatus, InboxItem, OutboxMessage, SubscriptionQuota
from app.notify.publish import publish
from app.tasks.notify import deliver_due
from tests.notify.helpers import REMINDER, TODO, grant, world

SUBSCRIBE_SEND = "/cgi-bin/message/subscribe/send"


def _remind(order_id: int, taker_ids: list[int]) -> None:
    with unit_of_work():
        publish("order.starts_soon", ("order", order_id), {"title": "助餐", "start_at": utcnow(),
                                                            "taker_ids": taker_ids})


def _credits(template_id: str) -> dict[int, int]:
    with unit_of_work():
        return dict(db.session.execute(sa.select(SubscriptionQuota.user_id, SubscriptionQuota.credits)
                                       .where(SubscriptionQuota.template_id == template_id)).tuples().all())


@pytest.mark.parametrize("group", [1, 3, 8])
def test_credits_that_run_out_within_a_group_stop_only_the_messages_beyond_them(app_ctx, fake_wechat,
                                                                                monkeypatch, group):
    monkeypatch.setitem(app_ctx.config, "NOTIFY_SEND_THREADS", group)
    w = world(fake_wechat)
    v0, v1, v2 = w["volunteers"]
    grant(v0, REMINDER, times=2)
    grant(v1, REMINDER)
    grant(v2, REMINDER)
    _remind(3, [v0, v1, v2])
    _remind(4, [v0, v1])  # v1 now has two messages for one credit
    with unit_of_work():  # v2's credit went elsewhere between publishing and sending
        db.session.execute(sa.update(SubscriptionQuota).where(SubscriptionQuota.user_id == v2).values(credits=0))

    assert deliver_due() == 5

    with unit_of_work():
        statuses = Counter(db.session.execute(
            sa.select(OutboxMessage.recipient_id, OutboxMessage.status)).tuples().all())
        inbox = Counter(db.session.scalars(sa.select(InboxItem.user_id)))
    assert statuses == Counter({(v0, DeliveryStatus.SENT): 2, (v1, DeliveryStatus.SENT): 1,
                                (v1, DeliveryStatus.NO_CREDIT): 1, (v2, DeliveryStatus.NO_CREDIT): 1})
    assert _credits(REMINDER) == {v0: 0, v1: 0, v2: 0}
    sent_to = Counter(r["body"]["touser"] for r in fake_wechat.requests_to(SUBSCRIBE_SEND))
    assert sent_to == Counter({fake_wechat.mp_openid("vol0"): 2, fake_wechat.mp_openid("vol1"): 1})
    assert inbox == Counter({v0: 2, v1: 2, v2: 1})  # the inbox has what WeChat did not carry


def test_a_group_taken_back_by_a_sweep_is_neither_started_nor_charged(app_ctx, fake_wechat):
    w = world(fake_wechat)
    grant(w["staff"], TODO)
    with unit_of_work():
        publish("take.requested", ("take", 1), {"title": "陪同就医", "taker_name": "陈晓明",
                                               "region_path": w["street_path"]})
    with unit_of_work():
        stalled, _ = relay.claim_due(10)  # a relay that stops making progress for a whole lease
    with unit_of_work():
        db.session.execute(sa.update(OutboxMessage).values(lease_until=utcnow() - timedelta(seconds=1)))
        assert relay.recover_stale() == {"requeued": 2, "unknown": 0}
    with unit_of_work():
        current, _ = relay.claim_due(10)  # a second relay's claim of the same rows
    assert {j.id for j in current} == {j.id for j in stalled} and current[0].token != stalled[0].token

    with unit_of_work():
        assert relay.start_group(stalled) == []
    assert _credits(TODO) == {w["staff"]: 1}
    with unit_of_work():
        assert relay.start_group(current) == current
    assert _credits(TODO) == {w["staff"]: 0}
    with unit_of_work():  # the first relay's late results do not touch the second relay's rows
        relay.record_results([(job, relay.Outcome(ok=True)) for job in stalled])
        statuses = set(db.session.scalars(sa.select(OutboxMessage.status)))
    assert statuses == {DeliveryStatus.SENDING}
