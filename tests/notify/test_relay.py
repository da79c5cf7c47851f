"""The relay against the fake WeChat over HTTP: sends, retries with backoff, 43101, 47003, timeouts,
recovery after a dead relay, the administrators' console."""
from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa

from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify import relay
from app.notify.models import Channel, DeliveryStatus, InboxItem, OutboxMessage, SubscriptionQuota
from app.notify.publish import publish
from app.tasks.notify import deliver_due, sweep_outbox
from tests.factories import auth, make_admin, token_for
from tests.notify.helpers import REMINDER, TODO, grant, world


def _messages():
    db.session.expire_all()
    return {m.channel: m for m in db.session.scalars(sa.select(OutboxMessage))}


def _credits(user_id, template_id):
    db.session.expire_all()
    return db.session.scalar(sa.select(SubscriptionQuota.credits).where(
        SubscriptionQuota.user_id == user_id, SubscriptionQuota.template_id == template_id))


def _publish_review(w, order_id=1):
    with unit_of_work():
        publish("take.requested", ("take", order_id), {"title": "陪同就医", "taker_name": "陈晓明",
                                                       "region_path": w["street_path"]})


def _make_due():
    with unit_of_work():
        db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))


def test_both_channels_delivered_with_the_fields_wechat_needs(app_ctx, fake_wechat):
    w = world(fake_wechat)
    grant(w["staff"], TODO, times=2)
    _publish_review(w)
    assert deliver_due() == 2
    messages = _messages()
    assert {m.status for m in messages.values()} == {DeliveryStatus.SENT}
    assert _credits(w["staff"], TODO) == 1  # one credit spent

    [subscribe] = fake_wechat.requests_to("/cgi-bin/message/subscribe/send")
    body = subscribe["body"]
    assert body["touser"] == fake_wechat.mp_openid("ws-staff") and body["template_id"] == TODO
    assert body["miniprogram_state"] == app_ctx.config["WECHAT_MP_STATE"] and body["lang"] == "zh_CN"
    assert body["page"] == "packages/station/order/index?id=1"
    assert body["data"]["thing1"] == {"value": "接单待审核"}
    [template] = fake_wechat.requests_to("/cgi-bin/message/template/send")
    assert template["body"]["client_msg_id"] == f"outbox-{messages[Channel.OA_TEMPLATE].id}"
    assert template["body"]["miniprogram"]["pagepath"] == "packages/station/order/index?id=1"
    assert deliver_due() == 0  # nothing sent twice


def test_token_expired_once_is_refetched_and_sent(app_ctx, fake_wechat):
    w = world(fake_wechat)
    grant(w["staff"], TODO)
    _publish_review(w)
    deliver_due()  # warms the token
    fake_wechat.invalidate_tokens()
    _publish_review(w, order_id=2)
    deliver_due()
    statuses = [m.status for m in db.session.scalars(sa.select(OutboxMessage))]
    assert statuses.count(DeliveryStatus.SENT) == 3  # MP (credit for one) + OA twice
    assert len(fake_wechat.requests_to("/cgi-bin/stable_token")) >= 2


def test_45009_backs_off_then_succeeds(app_ctx, fake_wechat):
    w = world(fake_wechat)
    grant(w["staff"], TODO)
    _publish_review(w)
    fake_wechat.fault("/cgi-bin/message/subscribe/send", errcode=45009)
    before = utcnow()
    deliver_due()
    mp = _messages()[Channel.MP_SUBSCRIBE]
    assert mp.status is DeliveryStatus.PENDING and mp.attempts == 1 and mp.last_errcode == 45009
    base = app_ctx.config["NOTIFY_RETRY_BASE_SECONDS"]
    assert before + timedelta(seconds=base * 0.5) <= mp.next_attempt_at <= utcnow() + timedelta(seconds=base)
    assert _credits(w["staff"], TODO) == 1  # refunded: nothing reached the person
    assert deliver_due() == 0  # not due yet
    _make_due()
    deliver_due()
    mp = _messages()[Channel.MP_SUBSCRIBE]
    assert mp.status is DeliveryStatus.SENT and mp.attempts == 2
    assert _credits(w["staff"], TODO) == 0


def test_backoff_grows_exponentially_and_is_capped(app_ctx):
    base, cap = app_ctx.config["NOTIFY_RETRY_BASE_SECONDS"], app_ctx.config["NOTIFY_RETRY_CAP_SECONDS"]
    for attempts in range(1, 15):
        delay = relay.backoff(attempts).total_seconds()
        ceiling = min(cap, base * 2 ** (attempts - 1))
        assert ceiling * 0.5 <= delay <= ceiling


def test_43101_is_final_zeroes_the_quota_and_the_inbox_keeps_the_message(app_ctx, fake_wechat):
    w = world(fake_wechat)
    grant(w["staff"], TODO, times=3)
    _publish_review(w)
    fake_wechat.fault("/cgi-bin/message/subscribe/send", errcode=43101, times=None)
    deliver_due()
    _make_due()
    deliver_due()
    mp = _messages()[Channel.MP_SUBSCRIBE]
    assert mp.status is DeliveryStatus.REFUSED and mp.attempts == 1
    assert _credits(w["staff"], TODO) == 0
    assert len(fake_wechat.requests_to("/cgi-bin/message/subscribe/send")) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InboxItem)
                             .where(InboxItem.user_id == w["staff"])) == 1


def test_timeouts_are_retried(app_ctx, fake_wechat):
    w = world(fake_wechat)
    with unit_of_work():
        publish("take.requested", ("take", 5), {"title": "助餐", "region_path": w["street_path"]})
    fake_wechat.fault("/cgi-bin/message/template/send", delay=app_ctx.config["WECHAT_TIMEOUT"] + 0.5)
    deliver_due()
    oa = _messages()[Channel.OA_TEMPLATE]
    assert oa.status is DeliveryStatus.PENDING and oa.last_errcode is None and oa.last_error
    _make_due()
    deliver_due()
    assert _messages()[Channel.OA_TEMPLATE].status is DeliveryStatus.SENT
    # The timed-out first request may have reached WeChat; the same client_msg_id makes it one message.
    assert len(fake_wechat.deliveries("template")) == 1


def test_47003_is_final_and_logged_with_the_field(app_ctx, fake_wechat, caplog):
    w = world(fake_wechat)
    grant(w["staff"], TODO)
    _publish_review(w)
    fake_wechat.fault("/cgi-bin/message/subscribe/send", errcode=47003,
                      errmsg="argument invalid! data.thing2.value is empty")
    with caplog.at_level(logging.ERROR):
        deliver_due()
    mp = _messages()[Channel.MP_SUBSCRIBE]
    assert mp.status is DeliveryStatus.FAILED and mp.last_errcode == 47003
    assert "data.thing2.value" in caplog.text
    assert _credits(w["staff"], TODO) == 1


def test_retries_stop_after_the_maximum(app_ctx, fake_wechat):
    w = world(fake_wechat)
    with unit_of_work():
        publish("take.requested", ("take", 6), {"title": "助餐", "region_path": w["street_path"]})
    fake_wechat.fault("/cgi-bin/message/template/send", errcode=-1, times=None)
    for _ in range(app_ctx.config["NOTIFY_MAX_ATTEMPTS"] + 2):
        _make_due()
        deliver_due()
    oa = _messages()[Channel.OA_TEMPLATE]
    assert oa.status is DeliveryStatus.FAILED and oa.attempts == app_ctx.config["NOTIFY_MAX_ATTEMPTS"]


def test_a_dead_relay_is_recovered_without_resending_subscribe_messages(app_ctx, fake_wechat):
    w = world(fake_wechat)
    grant(w["staff"], TODO)
    grant(w["volunteers"][0], REMINDER)
    _publish_review(w)
    with unit_of_work():
        publish("order.starts_soon", ("order", 3), {"title": "助餐", "start_at": utcnow(),
                                                    "taker_ids": [w["volunteers"][0]]})
    # A relay claims everything, starts a group of two sends and dies (no results recorded).
    with unit_of_work():
        jobs, claimed = relay.claim_due(10)
    with unit_of_work():
        started = relay.start_group(jobs[:2])
    assert started == jobs[:2] and claimed == len(jobs) == 3
    with unit_of_work():
        db.session.execute(sa.update(OutboxMessage).values(lease_until=utcnow() - timedelta(seconds=1)))
    result = sweep_outbox.delay().get()
    assert result == {"requeued": 2, "unknown": 1, "delivered": 2}
    statuses = sorted((m.channel.value, m.status.value) for m in db.session.scalars(sa.select(OutboxMessage)))
    assert statuses.count(("mp_subscribe", "unknown")) == 1
    assert ("oa_template", "sent") in statuses


def test_administrators_see_failures_and_retry_them(client, app_ctx, fake_wechat):
    w = world(fake_wechat)
    with unit_of_work():
        publish("take.requested", ("take", 8), {"title": "助餐", "region_path": w["street_path"]})
    fake_wechat.fault("/cgi-bin/message/template/send", errcode=40037, errmsg="invalid template_id")
    deliver_due()
    admin = auth(token_for(make_admin()))
    failed = client.get("/api/v1/admin/deliveries", headers=admin).json
    assert [(f["status"], f["last_errcode"], f["channel"]) for f in failed] == [("failed", 40037, "oa_template")]
    retried = client.post(f"/api/v1/admin/deliveries/{failed[0]['id']}/retry", headers=admin)
    assert retried.status_code == 200 and retried.json["status"] == "pending"
    again = client.post(f"/api/v1/admin/deliveries/{failed[0]['id']}/retry", headers=admin)
    assert again.status_code == 409
    deliver_due()
    assert client.get("/api/v1/admin/deliveries", headers=admin).json == []
    sent = client.get("/api/v1/admin/deliveries", headers=admin, query_string={"status": "sent"}).json
    assert sent[0]["attempts"] == 2


def test_a_recipient_who_can_no_longer_be_reached_fails_at_claim(app_ctx, fake_wechat):
    from app.accounts.models import User

    w = world(fake_wechat)
    with unit_of_work():
        publish("take.requested", ("take", 9), {"title": "助餐", "region_path": w["street_path"]})
    with unit_of_work():  # they unfollowed the official account before delivery
        db.session.get(User, w["staff"]).oa_openid = None
    assert deliver_due() == 1
    oa = _messages()[Channel.OA_TEMPLATE]
    assert oa.status is DeliveryStatus.FAILED and oa.last_error == "收件人已无法通过该渠道接收"
    assert fake_wechat.requests_to("/cgi-bin/message/template/send") == []
