"""The beat sweeps of the time bank (app/timebank/sweeps.py): the right rows move, the audit events are
written, the right people hear of it — and a second (or concurrent) run moves and sends nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import OrgKind
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import InboxItem, NotificationEvent, OutboxMessage
from app.timebank import sweeps
from app.timebank.models import OrderTake, TimebankEvent, WishOrder
from app.timebank.sweep_expire import SUMMARY_PAGE
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.factories import make_account, make_org
from tests.timebank.factories_sweeps import make_order, make_orders, sweep_world

H = timedelta(hours=1)


@pytest.fixture
def world(app_ctx):
    return sweep_world()


def run(sweep, *args, **kwargs):
    with unit_of_work():
        return sweep(*args, **kwargs)


def order(order_id: int) -> WishOrder:
    db.session.expire_all()
    return db.session.get(WishOrder, order_id)


def takes(order_id: int) -> dict[int, str]:
    return dict(db.session.execute(sa.select(OrderTake.volunteer_id, OrderTake.status)
                                   .where(OrderTake.order_id == order_id)).all())


def events(order_id: int) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        sa.select(TimebankEvent.subject_type, TimebankEvent.action, TimebankEvent.from_status,
                  TimebankEvent.to_status, TimebankEvent.actor_id)
        .where(TimebankEvent.order_id == order_id).order_by(TimebankEvent.id))]


def published(kind: str) -> dict[tuple[str, int], NotificationEvent]:
    return {(e.subject_type, e.subject_id): e for e in db.session.scalars(
        sa.select(NotificationEvent).where(NotificationEvent.kind == kind).order_by(NotificationEvent.id))}


def readers(event: NotificationEvent) -> set[int]:
    return set(db.session.scalars(sa.select(InboxItem.user_id).where(InboxItem.event_id == event.id)))


def snapshot() -> tuple:
    """Everything a sweep could change: statuses, counters, markers, events, messages."""
    db.session.expire_all()
    orders = db.session.execute(sa.select(
        WishOrder.id, WishOrder.status, WishOrder.places_held, WishOrder.approved_count, WishOrder.reminded_24h_at,
        WishOrder.reminded_1h_at, WishOrder.deadline_warned_at).order_by(WishOrder.id)).all()
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for model in (TimebankEvent, NotificationEvent, InboxItem, OutboxMessage)]
    return [tuple(row) for row in orders], sorted(takes_all()), counts


def takes_all():
    return [tuple(row) for row in db.session.execute(sa.select(OrderTake.id, OrderTake.status))]


def station_people(world, name="main") -> set[int]:
    return {world["stations"][name]["admin"], world["stations"][name]["staff"]}


# -- expiry ----------------------------------------------------------------------------------------------
def test_expire_closes_recruitment_at_the_deadline(world):
    v0, v1, v2 = world["volunteers"]
    bare = make_order(world)
    waiting = make_order(world, pending=[v0])
    staffed = make_order(world, approved=[v1], pending=[v2])
    not_yet = make_order(world, deadline=H, pending=[v0])
    running = make_order(world, status="in_progress", deadline=-H, starts=-H / 2, approved=[v2])
    now = world["now"]

    # Published: two expiries, one recruitment complete, and the lapsed takers of `waiting` and `staffed`.
    assert run(sweeps.expire_overdue_orders, now) == {"expired": 2, "filled": 1, "lapsed": 2, "published": 5}

    assert (order(bare).status, order(waiting).status, order(staffed).status) == ("expired", "expired", "in_progress")
    assert (order(not_yet).status, order(running).status) == ("open", "in_progress")
    assert (order(waiting).places_held, order(staffed).places_held, order(staffed).approved_count) == (0, 1, 1)
    assert takes(waiting) == {v0: "lapsed"} and takes(staffed) == {v1: "approved", v2: "lapsed"}
    assert takes(not_yet) == {v0: "pending"}
    assert events(bare) == [("order", "expire", "open", "expired", None)]
    lapse = ("take", "lapse", "pending", "lapsed", None)
    assert events(waiting) == [("order", "expire", "open", "expired", None), lapse]
    assert events(staffed) == [("order", "fill", "open", "in_progress", None), lapse]
    assert events(not_yet) == events(running) == []

    expired = published("order.expired")
    assert set(expired) == {("order", bare), ("order", waiting)}
    for event in expired.values():  # publisher (the station admin) and the station; no takers on an expiry
        assert readers(event) == station_people(world)
        assert event.page == f"packages/volunteer/order/index?id={event.subject_id}"
    complete = published("order.recruitment_complete")
    assert set(complete) == {("order", staffed)}
    assert readers(complete[("order", staffed)]) == station_people(world) | {v1}  # not the lapsed taker
    lapsed = published("take.lapsed")
    assert set(lapsed) == {("order", waiting), ("order", staffed)}
    assert readers(lapsed[("order", waiting)]) == {v0} and readers(lapsed[("order", staffed)]) == {v2}
    assert (lapsed[("order", waiting)].title, lapsed[("order", waiting)].body) == (
        "接单结果：未录用", "陪同就医：未录用。订单已过期")
    assert lapsed[("order", staffed)].body == "陪同就医：未录用。订单已完成招募"

    before = snapshot()
    assert run(sweeps.expire_overdue_orders, now + timedelta(minutes=5)) == {
        "expired": 0, "filled": 0, "lapsed": 0, "published": 0}
    assert snapshot() == before


def test_a_mass_expiry_is_one_summary_per_station(world):
    many = make_orders(world, 5)
    few = make_orders(world, 2, station="other")
    now = world["now"]

    assert run(sweeps.expire_overdue_orders, now)["published"] == 3
    assert {order(i).status for i in many + few} == {"expired"}
    expired = published("order.expired")
    assert set(expired) == {("station", world["stations"]["main"]["id"])} | {("order", i) for i in few}
    summary = expired[("station", world["stations"]["main"]["id"])]
    assert (summary.title, summary.body, summary.page) == ("订单已过期", "5 个订单 已过接单截止时间", SUMMARY_PAGE)
    assert readers(summary) == station_people(world)
    for order_id in few:
        assert readers(expired[("order", order_id)]) == station_people(world, "other")
    assert all(len(events(i)) == 1 for i in many + few)

    before = snapshot()
    assert run(sweeps.expire_overdue_orders, now)["published"] == 0
    assert snapshot() == before
    # A later run in the same hour, with other orders, still gets its own summary.
    make_orders(world, 4)
    assert run(sweeps.expire_overdue_orders, now + timedelta(minutes=5))["expired"] == 4
    titles = sorted(db.session.scalars(sa.select(NotificationEvent.body).where(
        NotificationEvent.kind == "order.expired", NotificationEvent.subject_type == "station")))
    assert titles == ["4 个订单 已过接单截止时间", "5 个订单 已过接单截止时间"]


def test_small_chunks_still_move_every_row(world):
    v0 = world["volunteers"][0]
    overdue = make_orders(world, 23)
    staffed = [make_order(world, approved=[v0], pending=[world["volunteers"][1]]) for _ in range(3)]
    ended = [make_order(world, status="in_progress", deadline=-3 * H, starts=-3 * H, ends=-H) for _ in range(5)]
    soon = [make_order(world, status="in_progress", deadline=-3 * H, starts=3 * H, approved=[v0]) for _ in range(5)]
    near = make_orders(world, 7, deadline=3 * H)
    now = world["now"]

    assert run(sweeps.expire_overdue_orders, now, chunk_size=4) == {
        "expired": 23, "filled": 3, "lapsed": 3, "published": 7}  # a summary, 3 complete, 3 lapsed
    assert run(sweeps.end_finished_services, now, chunk_size=2) == 5
    assert run(sweeps.remind_takers, now, chunk_size=2) == {"1h": 0, "24h": 5}
    assert run(sweeps.warn_near_deadlines, now, hours=12, chunk_size=3) == 7
    db.session.expire_all()
    statuses = dict(db.session.execute(sa.select(WishOrder.id, WishOrder.status)).all())
    assert {statuses[i] for i in overdue} == {"expired"} and {statuses[i] for i in staffed} == {"in_progress"}
    assert {statuses[i] for i in ended} == {"to_evaluate"}
    assert all(order(i).reminded_24h_at is not None for i in soon)
    assert all(order(i).deadline_warned_at is not None for i in near)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TimebankEvent)
                             .where(TimebankEvent.action == "expire")) == 23
    summary = published("order.expired")[("station", world["stations"]["main"]["id"])]
    assert summary.body.startswith("23 个订单")


# -- end of service ----------------------------------------------------------------------------------------
def test_finished_services_go_to_evaluation_and_the_station_hears(world):
    v0 = world["volunteers"][0]
    done = make_order(world, status="in_progress", deadline=-3 * H, starts=-3 * H, ends=-H, approved=[v0])
    going = make_order(world, status="in_progress", deadline=-3 * H, starts=-H, ends=H, approved=[v0])
    elsewhere = make_order(world, "other", status="in_progress", deadline=-3 * H, starts=-3 * H, ends=-H)
    now = world["now"]

    assert run(sweeps.end_finished_services, now) == 2
    assert (order(done).status, order(going).status, order(elsewhere).status) == (
        "to_evaluate", "in_progress", "to_evaluate")
    assert events(done) == [("order", "end", "in_progress", "to_evaluate", None)]
    ended = published("order.service_ended")
    assert set(ended) == {("order", done), ("order", elsewhere)}
    assert readers(ended[("order", done)]) == station_people(world)
    assert readers(ended[("order", elsewhere)]) == station_people(world, "other")

    before = snapshot()
    assert run(sweeps.end_finished_services, now) == 0
    assert snapshot() == before


# -- start reminders ---------------------------------------------------------------------------------------
def test_approved_takers_are_reminded_a_day_and_an_hour_before(world):
    v0, v1, v2 = world["volunteers"]
    tomorrow = make_order(world, status="in_progress", deadline=-H, starts=20 * H, approved=[v0, v1])
    shortly = make_order(world, deadline=-H, starts=H / 2, approved=[v2], pending=[v0])
    nobody = make_order(world, deadline=-H, starts=20 * H)
    later = make_order(world, status="in_progress", deadline=-H, starts=30 * H, approved=[v0])
    now = world["now"]

    assert run(sweeps.remind_takers, now) == {"1h": 1, "24h": 1}
    soon = {(e.subject_id, e.key.rsplit(":", 1)[1]): e for e in published("order.starts_soon").values()}
    assert set(soon) == {(tomorrow, "24h"), (shortly, "1h")}  # the imminent one gets no "24 h" reminder too
    assert readers(soon[(tomorrow, "24h")]) == {v0, v1}
    assert readers(soon[(shortly, "1h")]) == {v2}  # approved takers only
    assert order(shortly).reminded_24h_at is not None and order(nobody).reminded_24h_at is None
    assert order(later).reminded_24h_at is None

    before = snapshot()
    assert run(sweeps.remind_takers, now + timedelta(minutes=5)) == {"1h": 0, "24h": 0}
    assert snapshot() == before

    # 50 minutes before its start the day-ahead order gets its hour reminder (a new event: key "1h"), and
    # the order starting 30 hours after `now` is now within a day.
    assert run(sweeps.remind_takers, now + 19 * H + timedelta(minutes=10)) == {"1h": 1, "24h": 1}
    assert order(later).reminded_24h_at is not None
    assert readers(db.session.scalar(sa.select(NotificationEvent).where(
        NotificationEvent.key == f"order.starts_soon:order:{tomorrow}:1h"))) == {v0, v1}


# -- near deadlines ----------------------------------------------------------------------------------------
def test_near_deadline_with_places_left_warns_the_station_and_dispatches_a_second_wave(world):
    v0, v1, _ = world["volunteers"]
    # Providers (接单服务商) of the city: one in the order's district, one in another district.
    near_provider = make_account(make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队"), "th-provider")
    far_provider = make_account(make_org(OrgKind.VOLUNTEER_ORG, "440104", "越秀志愿服务队"), "yx-provider")
    short = make_order(world, deadline=6 * H, recruit=3, approved=[v0])
    full = make_order(world, deadline=6 * H, recruit=2, approved=[v0], pending=[v1])
    distant = make_order(world, deadline=20 * H)
    passed = make_order(world, deadline=-H)
    now = world["now"]

    assert run(sweeps.warn_near_deadlines, now, hours=12) == 1
    assert order(short).deadline_warned_at is not None
    assert all(order(i).deadline_warned_at is None for i in (full, distant, passed))
    near = published("order.deadline_near")
    assert set(near) == {("order", short)} and readers(near[("order", short)]) == station_people(world)
    assert near[("order", short)].body == "陪同就医 还差 2 人"
    wave = published("order.second_wave")
    assert set(wave) == {("order", short)}
    # City-wide: the volunteers of 越秀区 hear of it too, and the providers of the whole city.
    assert readers(wave[("order", short)]) == set(world["volunteers"]) | {world["far_volunteer"], near_provider,
                                                                          far_provider}

    before = snapshot()
    assert run(sweeps.warn_near_deadlines, now + timedelta(minutes=5), hours=12) == 0
    assert snapshot() == before


# -- two beats at once ---------------------------------------------------------------------------------------
@pytest.mark.usefixtures("postgres_only")
@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_runs_expire_each_order_once_and_notify_once(app, world, attempt):
    many = make_orders(world, 30)
    few = make_orders(world, 2, station="other")
    v0 = world["volunteers"][0]
    staffed = [make_order(world, approved=[v0], pending=[world["volunteers"][1]]) for _ in range(4)]
    now = world["now"]

    def sweep(_):
        with app.app_context():
            try:
                with unit_of_work():
                    return sweeps.expire_overdue_orders(now, chunk_size=7)
            finally:
                db.session.remove()

    results = run_together(4, sweep)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r["expired"] for r in results) == 32 and sum(r["filled"] for r in results) == 4
    assert sum(r["lapsed"] for r in results) == 4
    db.session.expire_all()
    per_order = db.session.execute(sa.select(TimebankEvent.order_id, sa.func.count())
                                   .where(TimebankEvent.subject_type == "order")
                                   .group_by(TimebankEvent.order_id)).all()
    assert dict(per_order) == dict.fromkeys(many + few + staffed, 1)
    # Every expired order is announced exactly once: in its own event, or counted in one station summary.
    expired = db.session.scalars(sa.select(NotificationEvent).where(NotificationEvent.kind == "order.expired")).all()
    own = {e.subject_id for e in expired if e.subject_type == "order"}
    summarised = sum(int(e.body.split(" ")[0]) for e in expired if e.subject_type == "station")
    assert own <= set(many + few) and len(own) + summarised == 32 and len(own) == sum(
        e.subject_type == "order" for e in expired)
    assert set(published("order.recruitment_complete")) == {("order", i) for i in staffed}
    assert {order(i).places_held for i in staffed} == {1}
