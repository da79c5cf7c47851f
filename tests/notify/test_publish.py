"""publish(): the event, every recipient's inbox message and the outbox rows, in the caller's
transaction, once."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import Channel, InboxItem, NotificationEvent, OutboxMessage
from app.notify.publish import publish
from tests.notify.helpers import REMINDER, TODO, grant, world


def _rows(model):
    return list(db.session.scalars(sa.select(model).order_by(model.id)))


def test_reviewing_station_staff_get_inbox_and_every_channel_they_can_receive(app_ctx, fake_wechat):
    w = world(fake_wechat)
    grant(w["staff"], TODO)
    with unit_of_work():
        event_id = publish("beneficiary.submitted", ("beneficiary", 7),
                           {"title": "张阿婆", "region_path": w["street_path"] + "440106001001/"})
    inbox = _rows(InboxItem)
    assert [(i.user_id, i.event_id) for i in inbox] == [(w["staff"], event_id)]  # not the other street's staff
    event = db.session.get(NotificationEvent, event_id)
    assert event.title == "服务对象待审核" and event.body == "张阿婆 已提交，请审核"
    assert event.page == "packages/station/beneficiary/index?id=7"
    outbox = {(m.recipient_id, m.channel) for m in _rows(OutboxMessage)}
    assert outbox == {(w["staff"], Channel.MP_SUBSCRIBE), (w["staff"], Channel.OA_TEMPLATE)}
    data = event.payload["mp_subscribe"]["data"]
    assert data["thing1"] == "服务对象待审核" and data["thing2"] == "张阿婆"
    assert len(data["time3"]) == 16  # "YYYY-MM-DD HH:MM" in Asia/Shanghai


def test_publishing_the_same_event_twice_is_one_event(app_ctx, fake_wechat):
    w = world(fake_wechat)
    grant(w["staff"], TODO)
    context = {"title": "张阿婆", "region_path": w["street_path"]}
    with unit_of_work():
        assert publish("beneficiary.submitted", ("beneficiary", 7), context) is not None
    with unit_of_work():
        assert publish("beneficiary.submitted", ("beneficiary", 7), context) is None
    with unit_of_work():
        assert publish("beneficiary.submitted", ("beneficiary", 7), context, key="round-2") is not None
    assert len(_rows(NotificationEvent)) == 2
    assert len(_rows(InboxItem)) == 2 and len(_rows(OutboxMessage)) == 4


def test_nothing_is_written_when_the_business_transaction_fails(app_ctx, fake_wechat):
    w = world(fake_wechat)
    with pytest.raises(RuntimeError), unit_of_work():
        publish("beneficiary.submitted", ("beneficiary", 8), {"title": "李伯", "region_path": w["street_path"]})
        raise RuntimeError("the business change failed")
    assert _rows(NotificationEvent) == [] and _rows(InboxItem) == [] and _rows(OutboxMessage) == []


def test_dispatch_reaches_volunteers_of_the_district_with_credit_only_on_wechat(app_ctx, fake_wechat):
    w = world(fake_wechat)
    with_credit, without_credit, _ = w["volunteers"]
    grant(with_credit, REMINDER)
    start = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)
    with unit_of_work():
        publish("order.opened", ("order", 42), {"title": "陪同长者就医", "start_at": start, "place": "华农社区",
                                               "recruit_count": 2, "district_path": w["district_path"]})
    assert {i.user_id for i in _rows(InboxItem)} == set(w["volunteers"])
    assert [(m.recipient_id, m.channel) for m in _rows(OutboxMessage)] == [(with_credit, Channel.MP_SUBSCRIBE)]
    event = _rows(NotificationEvent)[0]
    assert event.payload["mp_subscribe"]["data"]["time2"] == "2026-12-01 09:30"
    assert event.body == "陪同长者就医，2026-12-01 09:30 开始，招募 2 人"


def test_disabled_users_hear_nothing(app_ctx, fake_wechat):
    from app.accounts.models import User

    w = world(fake_wechat)
    with unit_of_work():
        db.session.get(User, w["volunteers"][0]).is_active = False
    with unit_of_work():
        publish("points.credited", ("certification", 1),
                {"user_ids": w["volunteers"], "title": "服务认证", "points": 5})
    assert {i.user_id for i in _rows(InboxItem)} == set(w["volunteers"][1:])


def test_every_route_renders_with_an_empty_context(app_ctx):
    from app.notify.routing import ROUTES

    for kind in ROUTES:
        with unit_of_work():
            publish(kind, ("test", 1), {})
    assert len(_rows(NotificationEvent)) == len(ROUTES)


def test_unusable_template_time_skips_wechat_but_keeps_the_inbox(app_ctx, fake_wechat, caplog):
    w = world(fake_wechat)
    grant(w["volunteers"][0], REMINDER)
    with unit_of_work():
        publish("order.starts_soon", ("order", 9), {"title": "助餐", "start_at": "not a time",
                                                    "taker_ids": [w["volunteers"][0]]})
    assert [i.user_id for i in _rows(InboxItem)] == [w["volunteers"][0]]
    assert _rows(OutboxMessage) == []
    assert "WeChat channels skipped" in caplog.text
