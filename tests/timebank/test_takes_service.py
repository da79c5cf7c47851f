"""Taking orders (接单): the services, against the database."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import InboxItem, NotificationEvent
from app.timebank import take_queries, takes
from app.timebank.models import OrderStatus, OrderTake, TakeStatus, TimebankEvent
from tests.factories import make_account, make_org
from tests.timebank.factories_takes import actor, make_open_order, make_volunteer, order_row, take, take_world


@pytest.fixture
def world(app_ctx):
    return take_world()


def review(user_id, take_id, approve=True, reason="人数已够"):
    with unit_of_work():
        if approve:
            return takes.approve_take(actor(user_id), take_id).status
        return takes.reject_take(actor(user_id), take_id, reason).status


def take_status(take_id):
    db.session.expire_all()
    return db.session.get(OrderTake, take_id).status


def events_of(kind):
    return db.session.scalars(sa.select(NotificationEvent).where(NotificationEvent.kind == kind)).all()


def inbox_of(user_id):
    return db.session.scalars(sa.select(NotificationEvent.kind)
                              .join(InboxItem, InboxItem.event_id == NotificationEvent.id)
                              .where(InboxItem.user_id == user_id)).all()


def test_a_volunteer_takes_an_open_order_and_the_station_hears_of_it(world):
    order_id = make_open_order(world, recruit_count=3)
    volunteer = make_volunteer("王小明")
    take_id = take(volunteer, order_id)
    assert take_status(take_id) == TakeStatus.PENDING
    assert order_row(order_id).places_held == 1
    event = db.session.scalars(sa.select(TimebankEvent).where(TimebankEvent.subject_type == "take")).one()
    assert (event.subject_id, event.action, event.order_id, event.actor_id) == (take_id, "take", order_id, volunteer)
    [requested] = events_of("take.requested")
    assert "王小明" in requested.body and requested.page.endswith(f"id={order_id}")
    assert "take.requested" in inbox_of(world["staff"])


@pytest.mark.parametrize("name,phone,error", [(None, "13700000000", "real_name_required"),
                                              ("  ", "13700000000", "real_name_required"),
                                              ("李四", None, "phone_required")])
def test_taking_needs_a_real_name_and_a_bound_phone(world, name, phone, error):
    order_id = make_open_order(world)
    with pytest.raises(Conflict) as caught:
        take(make_volunteer(name, phone), order_id)
    assert caught.value.error == error
    assert order_row(order_id).places_held == 0


def test_one_live_take_per_volunteer_and_order_but_a_withdrawn_one_does_not_block(world):
    order_id = make_open_order(world)
    volunteer = make_volunteer()
    first = take(volunteer, order_id)
    with pytest.raises(takes.AlreadyTaken) as caught:
        take(volunteer, order_id)
    assert caught.value.message == "您已接过该订单"
    assert order_row(order_id).places_held == 1
    with unit_of_work():
        takes.withdraw_take(actor(volunteer), first)
    assert take_status(first) == TakeStatus.WITHDRAWN and order_row(order_id).places_held == 0
    second = take(volunteer, order_id)
    assert take_status(second) == TakeStatus.PENDING and order_row(order_id).places_held == 1


def test_only_open_orders_before_their_deadline_can_be_taken(world):
    volunteer = make_volunteer()
    pending = make_open_order(world, status=OrderStatus.PENDING)
    under_way = make_open_order(world, status=OrderStatus.IN_PROGRESS)
    late = make_open_order(world, starts_in=timedelta(hours=1), deadline_before=timedelta(hours=2))
    with pytest.raises(NotFound) as caught:  # not published: the volunteer cannot see it at all
        take(volunteer, pending)
    assert caught.value.error == "order_not_found"
    with pytest.raises(Conflict) as caught:
        take(volunteer, under_way)
    assert caught.value.error == "order_not_open"
    with pytest.raises(Conflict) as caught:
        take(volunteer, late)
    assert caught.value.error == "take_deadline_passed"
    with pytest.raises(NotFound):
        take(volunteer, 999999)


def test_a_full_order_refuses_with_order_full(world):
    order_id = make_open_order(world, recruit_count=1)
    take(make_volunteer(), order_id)
    with pytest.raises(takes.OrderFull) as caught:
        take(make_volunteer(), order_id)
    assert (caught.value.error, caught.value.message) == ("order_full", "该订单招募人数已满")
    assert order_row(order_id).places_held == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OrderTake)) == 1


def test_no_take_overlapping_an_approved_one_but_pending_ones_do_not_block(world):
    volunteer = make_volunteer()
    first = make_open_order(world, starts_in=timedelta(days=3), hours=2)
    overlapping = make_open_order(world, starts_in=timedelta(days=3, hours=1), hours=2)
    later = make_open_order(world, starts_in=timedelta(days=3, hours=2), hours=1)  # starts when `first` ends
    first_take = take(volunteer, first)
    take(volunteer, overlapping)  # only pending so far: allowed
    review(world["staff"], first_take)
    with pytest.raises(takes.TimeConflict):
        take(make_volunteer_with_approved(world, first), overlapping)
    assert take_status(take(volunteer, later)) == TakeStatus.PENDING


def make_volunteer_with_approved(world, order_id):
    volunteer = make_volunteer()
    review(world["staff"], take(volunteer, order_id))
    return volunteer


def test_approval_rechecks_the_overlap_rule(world):
    volunteer = make_volunteer()
    a = take(volunteer, make_open_order(world, starts_in=timedelta(days=3), hours=2))
    b = take(volunteer, make_open_order(world, starts_in=timedelta(days=3, hours=1), hours=2))
    review(world["staff"], a)
    with pytest.raises(takes.TimeConflict):
        review(world["staff"], b)
    assert take_status(b) == TakeStatus.PENDING


def test_approvals_that_fill_the_count_move_the_order_in_progress(world):
    order_id = make_open_order(world, recruit_count=2)
    v1, v2 = make_volunteer("甲"), make_volunteer("乙")
    t1, t2 = take(v1, order_id), take(v2, order_id)
    assert review(world["staff"], t1) == TakeStatus.APPROVED
    order = order_row(order_id)
    assert (order.status, order.approved_count, order.places_held) == (OrderStatus.OPEN, 1, 2)
    assert "take.reviewed" in inbox_of(v1)
    review(world["staff"], t2)
    order = order_row(order_id)
    assert (order.status, order.approved_count) == (OrderStatus.IN_PROGRESS, 2)
    assert db.session.scalar(sa.select(TimebankEvent.action).where(
        TimebankEvent.subject_type == "order", TimebankEvent.subject_id == order_id)) == "fill"
    assert set(inbox_of(v1)) >= {"take.reviewed", "order.recruitment_complete"}
    assert "order.recruitment_complete" in inbox_of(world["staff"])
    with pytest.raises(Conflict):  # nothing left to take
        take(make_volunteer(), order_id)


def test_rejection_needs_a_reason_frees_the_place_and_tells_the_taker(world):
    order_id = make_open_order(world, recruit_count=1)
    volunteer = make_volunteer()
    take_id = take(volunteer, order_id)
    with pytest.raises(InvalidInput) as caught:
        review(world["staff"], take_id, approve=False, reason="  ")
    assert "reason" in caught.value.errors
    assert review(world["staff"], take_id, approve=False, reason="时间不合适") == TakeStatus.REJECTED
    assert order_row(order_id).places_held == 0
    [reviewed] = events_of("take.reviewed")
    assert "不通过" in reviewed.title and "时间不合适" in reviewed.body
    assert inbox_of(volunteer) == ["take.reviewed"]
    take(make_volunteer(), order_id)  # the place is free again


def test_a_reviewed_take_cannot_be_withdrawn_or_reviewed_again(world):
    order_id = make_open_order(world)
    volunteer = make_volunteer()
    take_id = take(volunteer, order_id)
    review(world["staff"], take_id)
    with pytest.raises(Conflict) as caught, unit_of_work():
        takes.withdraw_take(actor(volunteer), take_id)
    assert caught.value.error == "invalid_transition"
    with pytest.raises(Conflict):
        review(world["staff"], take_id, approve=False)
    assert order_row(order_id).places_held == 1


def test_only_the_taker_withdraws_and_only_the_orders_station_reviews(world):
    order_id = make_open_order(world)
    take_id = take(make_volunteer(), order_id)
    with pytest.raises(NotFound) as caught, unit_of_work():
        takes.withdraw_take(actor(make_volunteer()), take_id)
    assert caught.value.error == "take_not_found"
    other_station = make_org(OrgKind.STATION, "440104001", "北京街道社工站")
    other_admin = make_account(other_station, "other-admin")
    with pytest.raises(NotFound) as caught:
        review(other_admin, take_id)
    assert caught.value.error == "take_not_found"
    assert take_status(take_id) == TakeStatus.PENDING


def test_a_volunteer_org_takes_as_provider(world):
    order_id = make_open_order(world)
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    staff = make_account(provider, "pv-staff", MemberRole.STAFF)
    take_id = take(staff, order_id, as_organisation_id=provider)
    row = db.session.get(OrderTake, take_id)
    assert (row.provider_org_id, row.volunteer_id, row.taken_by_id) == (provider, None, staff)
    assert "天河志愿服务队" in events_of("take.requested")[0].body
    with pytest.raises(takes.AlreadyTaken):
        take(make_account(provider, "pv-admin2"), order_id, as_organisation_id=provider)
    with pytest.raises(Forbidden):  # a volunteer holds no organisation
        take(make_volunteer(), order_id, as_organisation_id=provider)
    other = make_org(OrgKind.VOLUNTEER_ORG, "440106", "另一服务队")
    with pytest.raises(NotFound):  # a member of another provider: as if it did not exist
        take(make_account(other, "other-pv"), order_id, as_organisation_id=provider)
    review(world["staff"], take_id)
    assert "take.reviewed" in inbox_of(staff)


def test_a_provider_member_withdraws_the_organisations_take(world):
    order_id = make_open_order(world)
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    take_id = take(make_account(provider, "pv-a"), order_id, as_organisation_id=provider)
    with pytest.raises(NotFound), unit_of_work():
        takes.withdraw_take(actor(make_volunteer()), take_id)
    with unit_of_work():
        takes.withdraw_take(actor(make_account(provider, "pv-b", MemberRole.STAFF)), take_id)
    assert take_status(take_id) == TakeStatus.WITHDRAWN and order_row(order_id).places_held == 0


def test_the_taker_list_masks_phones_and_names_providers(world):
    order_id = make_open_order(world, recruit_count=3)
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    volunteer = make_volunteer("王小明", "13812345678")
    first = take(volunteer, order_id)
    take(make_account(provider, "pv-a"), order_id, as_organisation_id=provider)
    review(world["staff"], first, approve=False, reason="不合适")
    rows = take_queries.order_takers(actor(world["staff"]), order_id)
    assert [(r["taker_type"], r["name"], r["status"]) for r in rows] == [
        ("volunteer", "王小明", TakeStatus.REJECTED), ("provider", "天河志愿服务队", TakeStatus.PENDING)]
    assert rows[0]["phone"] == "138****5678" and rows[0]["actions"] == []
    assert rows[1]["provider_org_name"] == "天河志愿服务队" and rows[1]["actions"] == ["approve", "reject"]
    assert [r["status"] for r in take_queries.order_takers(actor(world["staff"]), order_id, TakeStatus.PENDING)] == [
        TakeStatus.PENDING]


def test_my_taken_orders_newest_first_in_keyset_pages(world):
    volunteer = make_volunteer()
    ids = [take(volunteer, make_open_order(world, starts_in=timedelta(days=3 + i))) for i in range(5)]
    take(make_volunteer(), make_open_order(world))  # someone else's
    me = actor(volunteer)
    page, next_before = take_queries.my_takes(me, limit=2)
    seen = [r["id"] for r in page]
    while next_before:
        page, next_before = take_queries.my_takes(me, limit=2, before_id=next_before)
        seen += [r["id"] for r in page]
    assert seen == ids[::-1]
    with unit_of_work():
        takes.withdraw_take(actor(volunteer), ids[0])
    withdrawn, _ = take_queries.my_takes(actor(volunteer), status=TakeStatus.WITHDRAWN)
    assert [r["id"] for r in withdrawn] == [ids[0]]
    assert withdrawn[0]["order"]["street_name"] == "五山街道"
