"""The order notices added for issue 17, delivered through the relay to the fake WeChat: what wechatpy sent
(template, person, page, Chinese field values) for a lapsed take and a first-review pass."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.sessions import actor_for
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.templates import mp_templates_by_shape
from app.tasks.notify import deliver_due
from app.timebank import orders
from app.timebank.models import OrderStatus, OrderTake, TakeStatus
from config.notifications import OA_TEMPLATES
from tests.notify.helpers import grant
from tests.timebank.factories_orders import make_beneficiary, make_order, make_order_world, order_form

REVIEW = mp_templates_by_shape()["review_result"]


def _as(user_id: int):
    return actor_for(db.session.get(User, user_id))


def test_a_lapsed_taker_gets_a_subscribe_message_naming_why(app_ctx, fake_wechat):
    world = make_order_world()
    order_id = make_order(world.station, status=OrderStatus.OPEN, approved_takers=1, pending_takers=1)
    pending, approved = (db.session.scalar(sa.select(OrderTake.volunteer_id).where(
        OrderTake.order_id == order_id, OrderTake.status == status)) for status in (TakeStatus.PENDING,
                                                                                     TakeStatus.APPROVED))
    with unit_of_work():
        db.session.get(User, pending).mp_openid = fake_wechat.mp_openid("lapsed-volunteer")
        db.session.get(User, approved).mp_openid = fake_wechat.mp_openid("kept-volunteer")
    grant(pending, REVIEW)
    grant(approved, REVIEW)

    with unit_of_work():
        orders.cancel_order(_as(world.station_admin), order_id, "长者住院")
    deliver_due()

    sent = [r["body"] for r in fake_wechat.requests_to("/cgi-bin/message/subscribe/send")
            if r["body"]["template_id"] == REVIEW]
    assert [body["touser"] for body in sent] == [fake_wechat.mp_openid("lapsed-volunteer")]  # not the kept one
    [body] = sent
    assert body["page"] == f"packages/volunteer/order/index?id={order_id}"
    assert (body["data"]["thing1"], body["data"]["phrase2"], body["data"]["thing3"]) == (
        {"value": "接单审核"}, {"value": "未录用"}, {"value": "订单已取消"})


def test_the_submitter_hears_of_a_first_review_pass_on_the_official_account(app_ctx, fake_wechat):
    world = make_order_world()
    with unit_of_work():
        db.session.get(User, world.station_staff).oa_openid = fake_wechat.follow("ws-submitter")
    with unit_of_work():
        order_id = orders.publish_order(_as(world.station_staff), order_form(make_beneficiary(world.station))).id
    deliver_due()  # order.published: the station's own staff (the submitter among them) get the to-do
    before = len(fake_wechat.requests_to("/cgi-bin/message/template/send"))

    with unit_of_work():
        orders.first_approve_order(_as(world.station_admin), order_id)
    deliver_due()

    sent = [r["body"] for r in fake_wechat.requests_to("/cgi-bin/message/template/send")[before:]]
    review = [body for body in sent if body["template_id"] == OA_TEMPLATES["review_result"]["id"]]
    assert [body["touser"] for body in review] == [fake_wechat.oa_openid("ws-submitter")]
    assert (review[0]["data"]["thing1"], review[0]["data"]["phrase2"]) == ({"value": "订单审核"},
                                                                          {"value": "初审通过"})
    assert review[0]["miniprogram"]["pagepath"] == f"packages/station/order/index?id={order_id}"
