"""Wish order use cases on the database: publication and its checks, numbers, editing, the review chain,
cancel / expire / close recruitment / abort and what each notifies."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.sessions import actor_for
from app.core.errors import Conflict, InvalidInput, NotFound, ServiceUnavailable
from app.core.timeutil import SHANGHAI, utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import InboxItem, NotificationEvent
from app.timebank import orders
from app.timebank.models import BeneficiaryStatus, OrderStatus, OrderTake, TakeStatus, TimebankEvent, WishOrder
from app.timebank.order_detail import order_events
from app.timebank.order_numbers import insert_numbered, order_number
from app.timebank.states import InvalidTransition
from tests.timebank.factories_orders import make_beneficiary, make_order, make_order_world, order_form


@pytest.fixture
def world(app_ctx):
    return make_order_world()


def actor(user_id: int):
    return actor_for(db.session.get(User, user_id))


def run(service, user_id: int, *args):
    with unit_of_work():
        result = service(actor(user_id), *args)
        return result.id if isinstance(result, WishOrder) else result


def order(order_id: int) -> WishOrder:
    db.session.expire_all()
    return db.session.get(WishOrder, order_id)


def kinds(order_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(NotificationEvent.kind).where(
        NotificationEvent.subject_type == "order", NotificationEvent.subject_id == order_id)
        .order_by(NotificationEvent.id)))


def test_publish_creates_a_pending_order_numbered_by_district_and_time(world):
    beneficiary = make_beneficiary(world.station)
    before = utcnow().astimezone(SHANGHAI).replace(microsecond=0)
    order_id = run(orders.publish_order, world.station_staff, order_form(beneficiary))
    row = order(order_id)
    assert row.status is OrderStatus.PENDING and row.station_id == world.station
    assert row.region_path == "/440100/440106/440106001/" and row.created_by_id == world.station_staff
    assert re.fullmatch(r"440106\d{14}", row.number)
    stamped = datetime.strptime(row.number[6:18], "%y%m%d%H%M%S").replace(tzinfo=SHANGHAI)
    assert before - timedelta(seconds=1) <= stamped <= before + timedelta(seconds=5)
    assert kinds(order_id) == ["order.published"]
    event = db.session.scalars(sa.select(TimebankEvent).where(TimebankEvent.order_id == order_id)).one()
    assert (event.action, event.to_status, event.actor_id) == ("publish", "pending", world.station_staff)


def test_every_wrong_field_is_reported_at_once(world):
    inactive = make_beneficiary(world.station, status=BeneficiaryStatus.PENDING)
    starts = utcnow() + timedelta(days=2)
    form = order_form(inactive, title="  ", recruit_count=0, service_item_code="99", street_code="440104001",
                      starts_at=starts, ends_at=starts - timedelta(hours=1), take_deadline=starts + timedelta(hours=1),
                      latitude=39.9, longitude=116.4)
    with pytest.raises(InvalidInput) as caught:
        run(orders.publish_order, world.station_staff, form)
    errors = caught.value.errors
    assert set(errors) == {"title", "recruit_count", "service_item_code", "street_code", "ends_at",
                           "take_deadline", "latitude", "beneficiary_id"}
    assert errors["street_code"] == ["所属街道不在所选区域内"]
    assert "未启用" in errors["beneficiary_id"][0]
    assert errors["latitude"] == ["所选地点不在所属区域内，请重新选择位置"]


@pytest.mark.parametrize("changes,field,message", [
    ({"title": "长" * 51}, "title", "需求标题不能超过 50 个字"),
    ({"recruit_count": 101}, "recruit_count", "招募人数应在 1 到 100 之间"),
    ({"street_code": "440106002"}, "street_code", "所属街道不在本社工站辖区内"),
    ({"district_code": "440106001"}, "district_code", "请选择区级区域作为所属区域"),
    ({"latitude": 0.5, "longitude": 10.0}, "latitude", "请在地图上选择服务地点（经纬度无效）"),
    ({"take_deadline": datetime(2020, 7, 1, tzinfo=UTC)}, "take_deadline", "接单截止日期应晚于当前时间"),
    ({"need_type": "for_nobody"}, "need_type", "请选择需求类型"),
    ({"content": None}, "content", "该字段为必填项"),
])
def test_single_field_checks(world, changes, field, message):
    form = order_form(make_beneficiary(world.station), **changes)
    with pytest.raises(InvalidInput) as caught:
        run(orders.publish_order, world.station_staff, form)
    assert caught.value.errors[field] == [message]


def test_deadline_must_be_before_the_start_and_the_start_within_a_year(world):
    starts = utcnow() + timedelta(days=400)
    form = order_form(make_beneficiary(world.station), starts_at=starts, ends_at=starts + timedelta(hours=1),
                      take_deadline=starts)
    with pytest.raises(InvalidInput) as caught:
        run(orders.publish_order, world.station_staff, form)
    assert caught.value.errors == {"starts_at": ["服务开始时间不能晚于一年以后"],
                                   "take_deadline": ["接单截止日期应早于服务开始时间"]}


def test_another_station_cannot_publish_for_our_beneficiary(world):
    form = order_form(make_beneficiary(world.station))
    with pytest.raises(InvalidInput) as caught:
        run(orders.publish_order, world.other_station_admin, form)
    assert caught.value.errors["beneficiary_id"] == ["服务对象不存在，或不属于本社工站"]
    assert caught.value.errors["street_code"] == ["所属街道不在本社工站辖区内"]


def test_order_number_format():
    at = datetime(2020, 7, 30, 0, 49, 56, tzinfo=UTC)  # 08:49:56 in Shanghai
    assert re.fullmatch(r"440120200730084956\d\d", order_number("440120", at))


def _copy(order_id: int) -> WishOrder:
    source = order(order_id)
    return WishOrder(**{c.key: getattr(source, c.key) for c in WishOrder.__table__.columns
                        if c.key not in ("id", "number")})


def test_a_taken_number_is_drawn_again_and_the_transaction_survives(world):
    existing = make_order(world.station)
    taken = order(existing).number
    numbers = iter([taken, taken, "44010699999999999999"])
    with unit_of_work():
        copy = insert_numbered(_copy(existing), lambda: next(numbers))
    assert order(copy.id).number == "44010699999999999999"


def test_numbers_running_out_is_a_clear_503(world):
    existing = make_order(world.station)
    taken = order(existing).number
    with pytest.raises(ServiceUnavailable), unit_of_work():
        insert_numbered(_copy(existing), lambda: taken)


def test_edit_while_pending_rechecks_the_form_and_is_refused_once_open(world):
    order_id = run(orders.publish_order, world.station_staff, order_form(make_beneficiary(world.station)))
    run(orders.edit_order, world.station_staff, order_id, {"title": "陪长者理发", "recruit_count": 5})
    assert (order(order_id).title, order(order_id).recruit_count) == ("陪长者理发", 5)
    with pytest.raises(InvalidInput):
        run(orders.edit_order, world.station_staff, order_id, {"recruit_count": 0})
    open_id = make_order(world.station, status=OrderStatus.OPEN)
    with pytest.raises(Conflict) as caught:
        run(orders.edit_order, world.station_staff, open_id, {"title": "改"})
    assert caught.value.error == "order_not_editable"


def test_review_chain_reject_resubmit_approve_open(world):
    order_id = run(orders.publish_order, world.station_staff, order_form(make_beneficiary(world.station)))
    with pytest.raises(InvalidInput):
        run(orders.first_reject_order, world.station_admin, order_id, "  ")
    run(orders.first_reject_order, world.station_admin, order_id, "服务内容不清楚")
    assert (order(order_id).status, order(order_id).status_reason) == (OrderStatus.REJECTED, "服务内容不清楚")
    run(orders.resubmit_order, world.station_staff, order_id)
    assert (order(order_id).status, order(order_id).status_reason) == (OrderStatus.PENDING, None)
    run(orders.first_approve_order, world.station_admin, order_id)
    run(orders.final_reject_order, world.association_admin, order_id, "时间冲突")
    assert order(order_id).status is OrderStatus.FINAL_REJECTED
    run(orders.resubmit_order, world.station_staff, order_id)
    run(orders.first_approve_order, world.station_admin, order_id)
    run(orders.final_approve_order, world.association_admin, order_id)
    assert order(order_id).status is OrderStatus.OPEN
    # Each first-review pass is news to the submitter too (order.reviewed right after order.first_approved).
    assert kinds(order_id) == ["order.published", "order.reviewed", "order.published", "order.first_approved",
                               "order.reviewed", "order.reviewed", "order.published", "order.first_approved",
                               "order.reviewed", "order.opened", "order.reviewed"]
    trail = [(e["action"], e["to_status"]) for e in order_events(actor(world.association_admin), order_id)]
    assert trail == [("publish", "pending"), ("first_reject", "rejected"), ("resubmit", "pending"),
                     ("first_approve", "first_approved"), ("final_reject", "final_rejected"),
                     ("resubmit", "pending"), ("first_approve", "first_approved"), ("final_approve", "open")]


def test_a_first_review_pass_tells_the_submitter(world):
    order_id = run(orders.publish_order, world.station_staff, order_form(make_beneficiary(world.station)))
    run(orders.first_approve_order, world.station_admin, order_id)
    [event] = db.session.scalars(sa.select(NotificationEvent).where(NotificationEvent.kind == "order.reviewed"))
    assert (event.title, event.key) == ("订单审核结果：初审通过", f"order.reviewed:order:{order_id}:round-1:first")
    assert event.body.endswith("：初审通过。")
    readers = set(db.session.scalars(sa.select(InboxItem.user_id).where(InboxItem.event_id == event.id)))
    assert readers == {world.station_staff}  # the submitter; the association got order.first_approved
    approved = db.session.scalar(sa.select(NotificationEvent.id).where(
        NotificationEvent.kind == "order.first_approved"))
    assert set(db.session.scalars(sa.select(InboxItem.user_id).where(InboxItem.event_id == approved))) == {
        world.association_admin}


def lapsed_notice(order_id: int) -> tuple[str, set[int]]:
    """(body, readers) of the order's take.lapsed event."""
    [event] = db.session.scalars(sa.select(NotificationEvent).where(
        NotificationEvent.kind == "take.lapsed", NotificationEvent.subject_id == order_id))
    return event.body, set(db.session.scalars(sa.select(InboxItem.user_id).where(InboxItem.event_id == event.id)))


def takers(order_id: int, status: TakeStatus) -> set[int]:
    return set(db.session.scalars(sa.select(sa.func.coalesce(OrderTake.volunteer_id, OrderTake.taken_by_id))
                                  .where(OrderTake.order_id == order_id, OrderTake.status == status)))


def test_the_publisher_reads_the_rejection_reason(world):
    order_id = run(orders.publish_order, world.station_staff, order_form(make_beneficiary(world.station)))
    run(orders.first_reject_order, world.station_admin, order_id, "地址不详")
    bodies = db.session.scalars(sa.select(NotificationEvent.body).join(InboxItem, InboxItem.event_id ==
                                NotificationEvent.id).where(InboxItem.user_id == world.station_staff))
    assert any("初审不通过" in body and "地址不详" in body for body in bodies)


def test_final_approval_after_the_deadline_is_refused(world):
    order_id = make_order(world.station, status=OrderStatus.FIRST_APPROVED, starts_in=timedelta(hours=1),
                          deadline_before=timedelta(hours=2))
    with pytest.raises(Conflict) as caught:
        run(orders.final_approve_order, world.association_admin, order_id)
    assert caught.value.error == "order_deadline_passed"


def test_cancel_lapses_pending_takes_and_frees_their_places(world):
    order_id = make_order(world.station, status=OrderStatus.OPEN, recruit_count=4, approved_takers=1,
                          pending_takers=2)
    run(orders.cancel_order, world.station_admin, order_id, "长者住院")
    row = order(order_id)
    assert (row.status, row.status_reason, row.places_held, row.approved_count) == (
        OrderStatus.CANCELLED, "长者住院", 1, 1)
    statuses = sorted(db.session.scalars(sa.select(OrderTake.status).where(OrderTake.order_id == order_id)))
    assert statuses == [TakeStatus.APPROVED, TakeStatus.LAPSED, TakeStatus.LAPSED]
    assert kinds(order_id) == ["take.lapsed", "order.cancelled"]
    body, readers = lapsed_notice(order_id)
    assert body == "陪长者就医：未录用。订单已取消"
    assert readers == takers(order_id, TakeStatus.LAPSED) and len(readers) == 2  # not the approved taker
    labels = [(e["subject_label"], e["action_label"]) for e in order_events(actor(world.station_admin), order_id)]
    assert labels.count(("接单", "未录用")) == 2 and ("订单", "取消") in labels


def test_close_recruitment_needs_an_approved_taker(world):
    empty = make_order(world.station, status=OrderStatus.OPEN, pending_takers=1)
    with pytest.raises(Conflict) as caught:
        run(orders.close_recruitment, world.station_staff, empty)
    assert (caught.value.error, caught.value.message) == ("no_approved_taker", "还没有审核通过的接单人，不能完成招募")
    order_id = make_order(world.station, status=OrderStatus.OPEN, approved_takers=1, pending_takers=1)
    run(orders.close_recruitment, world.station_staff, order_id)
    assert (order(order_id).status, order(order_id).places_held) == (OrderStatus.IN_PROGRESS, 1)
    assert kinds(order_id) == ["take.lapsed", "order.recruitment_complete"]
    assert lapsed_notice(order_id) == ("陪长者就医：未录用。订单已完成招募", takers(order_id, TakeStatus.LAPSED))


def test_mark_expired_and_abort(world):
    open_id = make_order(world.station, status=OrderStatus.OPEN, pending_takers=2)
    run(orders.mark_order_expired, world.station_staff, open_id)
    assert (order(open_id).status, order(open_id).places_held) == (OrderStatus.EXPIRED, 0)
    running = make_order(world.station, status=OrderStatus.IN_PROGRESS, approved_takers=2, recruit_count=2)
    run(orders.abort_order, world.station_staff, running, "台风停课")
    assert (order(running).status, order(running).status_reason) == (OrderStatus.ABORTED, "台风停课")
    assert kinds(open_id) == ["take.lapsed", "order.expired"] and kinds(running) == ["order.aborted"]
    body, readers = lapsed_notice(open_id)
    assert body == "陪长者就医：未录用。订单已过期" and readers == takers(open_id, TakeStatus.LAPSED)
    assert len(readers) == 2


@pytest.mark.parametrize("service,status,args", [
    (orders.first_approve_order, OrderStatus.OPEN, ()),
    (orders.cancel_order, OrderStatus.IN_PROGRESS, ("原因",)),
    (orders.mark_order_expired, OrderStatus.PENDING, ()),
    (orders.abort_order, OrderStatus.OPEN, ("原因",)),
    (orders.resubmit_order, OrderStatus.PENDING, ()),
    (orders.close_recruitment, OrderStatus.COMPLETED, ()),
])
def test_wrong_state_is_a_409_and_changes_nothing(world, service, status, args):
    order_id = make_order(world.station, status=status)
    with pytest.raises(InvalidTransition):
        run(service, world.station_admin, order_id, *args)
    assert order(order_id).status is status


def test_another_station_sees_a_missing_order(world):
    order_id = make_order(world.station)
    with pytest.raises(NotFound) as caught:
        run(orders.first_approve_order, world.other_station_admin, order_id)
    assert caught.value.error == "order_not_found"
