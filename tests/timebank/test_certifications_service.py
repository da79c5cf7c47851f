"""Hours certification services against the database: filing rules, review, crediting exactly once."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.sessions import actor_for
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger.models import LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType
from app.ledger.rates import points_for_hours
from app.ledger.services import balance
from app.notify.models import InboxItem, NotificationEvent
from app.timebank.certification_review import approve_certification, reject_certification
from app.timebank.certifications import file_certification
from app.timebank.models import (
    Certification,
    CertificationStatus,
    CertifiedHours,
    OrderStatus,
    TimebankEvent,
    WishOrder,
)
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.timebank.factories_certifications import make_ended_order, make_world, service_form


def actor(user_id):
    return actor_for(db.session.get(User, user_id))


def file(user_id, ended, **overrides):
    with unit_of_work():
        return file_certification(actor(user_id), ended.order_id, service_form(ended, **overrides)).id


def approve(user_id, certification_id):
    with unit_of_work():
        return approve_certification(actor(user_id), certification_id)


def errors_of(user_id, ended, **overrides) -> dict:
    with pytest.raises(InvalidInput) as caught:
        file(user_id, ended, **overrides)
    return caught.value.errors


@pytest.fixture
def world(app_ctx):
    return make_world()


@pytest.fixture
def ended(world):
    return make_ended_order(world.station, world.station_staff, volunteers=2, extra_takes=True)


def inbox_kinds(user_id) -> list[str]:
    return list(db.session.scalars(sa.select(NotificationEvent.kind).join(InboxItem, InboxItem.event_id ==
                                                                          NotificationEvent.id)
                                   .where(InboxItem.user_id == user_id).order_by(InboxItem.id)))


def test_filing_writes_the_certification_its_hours_the_event_and_tells_the_association(world, ended):
    certification_id = file(world.station_staff, ended)
    certification = db.session.get(Certification, certification_id)
    assert certification.status == CertificationStatus.PENDING
    assert certification.station_id == world.station and certification.filed_by_id == world.station_staff
    assert [(h.take_id, h.hours, h.points) for h in certification.hours] == [
        (take_id, Decimal("2.5"), None) for take_id in ended.take_ids]
    event = db.session.scalar(sa.select(TimebankEvent).where(TimebankEvent.subject_type == "certification"))
    assert (event.subject_id, event.action, event.order_id, event.to_status) == (
        certification_id, "file", ended.order_id, "pending")
    assert inbox_kinds(world.association_admin) == ["certification.filed"]
    assert inbox_kinds(world.other_station_admin) == []


@pytest.mark.parametrize("overrides,field", [
    ({"service_date_start": "2000-01-01"}, "service_date_start"),
    ({"service_date_end": "2999-01-01"}, "service_date_end"),
    ({"beneficiary_headcount": 2, "beneficiary_person_times": 1}, "beneficiary_headcount"),
    ({"beneficiary_headcount": 0, "beneficiary_person_times": 3}, "beneficiary_headcount"),
    ({"volunteer_headcount": 3, "volunteer_person_times": 2}, "volunteer_headcount"),
    ({"volunteer_headcount": 1, "volunteer_person_times": 1}, "volunteer_headcount"),  # 2 volunteers certified
    ({"volunteer_headcount": 3, "volunteer_person_times": 3}, "volunteer_headcount"),  # nobody beyond takers
    ({"beneficiary_person_times": -1}, "beneficiary_person_times"),
    ({"service_summary": "   "}, "service_summary"),
    ({"effect_summary": "长" * 501}, "effect_summary"),
    ({"rating_skill": 6}, "rating_skill"),
    ({"hours": []}, "hours"),
])
def test_form_rules(world, ended, overrides, field):
    assert field in errors_of(world.station_staff, ended, **overrides)


def test_start_after_end_is_refused(world):
    ended = make_ended_order(world.station, world.station_staff, days=3)
    errors = errors_of(world.station_staff, ended, service_date_start=ended.last_day.isoformat(),
                       service_date_end=ended.first_day.isoformat())
    assert errors["service_date_end"] == ["服务结束日期不能早于开始日期"]


def test_dates_may_not_lie_in_the_future(world):
    ended = make_ended_order(world.station, world.station_staff, ended_days_ago=0)
    from datetime import timedelta

    errors = errors_of(world.station_staff, ended, service_date_end=(ended.last_day + timedelta(days=1)).isoformat())
    assert errors["service_date_end"] == ["服务日期不能晚于今天"]


@pytest.mark.parametrize("which", ["pending", "rejected", "other_order", "duplicate"])
def test_hours_only_for_approved_takes_of_the_order_each_once(world, ended, which):
    other = make_ended_order(world.station, world.station_staff, volunteers=1)
    take_id = {"pending": ended.other_take_ids["pending"], "rejected": ended.other_take_ids["rejected"],
               "other_order": other.take_ids[0], "duplicate": ended.take_ids[0]}[which]
    rows = [{"take_id": t, "hours": 2} for t in ended.take_ids] + [{"take_id": take_id, "hours": 1}]
    errors = errors_of(world.station_staff, ended, hours=rows)
    assert list(errors["hours"]) == [2] and "take_id" in errors["hours"][2]


@pytest.mark.parametrize("hours,days,ok", [
    (Decimal("0"), 1, False), (Decimal("-1"), 1, False), (Decimal("24"), 1, True), (Decimal("24.1"), 1, False),
    (Decimal("2.55"), 1, False), (Decimal("2.50"), 1, True), (Decimal("48"), 2, True), (Decimal("48.5"), 2, False),
    (1.1, 1, True), ("abc", 1, False), (Decimal("NaN"), 1, False),
])
def test_hours_range_and_precision(world, hours, days, ok):
    ended = make_ended_order(world.station, world.station_staff, volunteers=1, days=days)
    overrides = {"hours": [{"take_id": ended.take_ids[0], "hours": hours}],
                 "volunteer_headcount": 1, "volunteer_person_times": 1}
    if ok:
        assert file(world.station_staff, ended, **overrides)
    else:
        assert "hours" in errors_of(world.station_staff, ended, **overrides)["hours"][0]


def test_a_taker_may_be_left_out_and_a_provider_may_bring_more_people(world):
    ended = make_ended_order(world.station, world.station_staff, volunteers=2, provider_org_id=world.provider)
    certification_id = file(world.station_staff, ended, volunteer_headcount=6, volunteer_person_times=6,
                            hours=[{"take_id": ended.take_ids[0], "hours": 3},
                                   {"take_id": ended.provider_take_id, "hours": 3}])
    assert len(db.session.get(Certification, certification_id).hours) == 2


def test_only_an_ended_order_is_certified(world, ended):
    with unit_of_work():
        db.session.get(WishOrder, ended.order_id).status = OrderStatus.IN_PROGRESS
    with pytest.raises(Conflict) as caught:
        file(world.station_staff, ended)
    assert caught.value.error == "order_not_to_evaluate"


def test_one_live_certification_per_order(world, ended):
    file(world.station_staff, ended)
    with pytest.raises(Conflict) as caught:
        file(world.station_staff, ended)
    assert caught.value.error == "certification_exists"


def test_another_station_cannot_file(world, ended):
    with pytest.raises(NotFound):
        file(world.other_station_admin, ended)


def ledger_invariants():
    assert db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount), 0))) == 0
    assert db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(LedgerAccount.balance), 0))) == 0


def test_approval_completes_the_order_and_credits_each_taker_once(world):
    ended = make_ended_order(world.station, world.station_staff, volunteers=2, provider_org_id=world.provider,
                             provider_user_id=world.provider_admin)
    certification_id = file(world.station_staff, ended, hours=[
        {"take_id": ended.take_ids[0], "hours": "2.5"}, {"take_id": ended.take_ids[1], "hours": "1.4"},
        {"take_id": ended.provider_take_id, "hours": "4"}])
    approve(world.association_admin, certification_id)

    certification = db.session.get(Certification, certification_id)
    assert certification.status == CertificationStatus.APPROVED
    assert certification.reviewed_by_id == world.association_admin
    assert db.session.get(WishOrder, ended.order_id).status == OrderStatus.COMPLETED
    assert [h.points for h in certification.hours] == [3, 1, 4]
    assert balance(OwnerType.USER, ended.volunteer_ids[0]) == 3
    assert balance(OwnerType.USER, ended.volunteer_ids[1]) == 1
    assert balance(OwnerType.ORGANISATION, world.provider) == 4
    keys = sorted(db.session.scalars(sa.select(LedgerTransfer.cause_key)))
    assert keys == sorted(f"certification:{certification_id}:take:{t}"
                          for t in [*ended.take_ids, ended.provider_take_id])
    assert {t.cause for t in db.session.scalars(sa.select(LedgerTransfer))} == {"certification"}
    ledger_invariants()
    assert inbox_kinds(ended.volunteer_ids[0]) == ["points.credited"]
    assert inbox_kinds(world.provider_admin) == ["points.credited"]
    assert "certification.reviewed" in inbox_kinds(world.station_staff)
    actions = list(db.session.scalars(sa.select(TimebankEvent.action).order_by(TimebankEvent.id)))
    assert actions == ["file", "approve", "complete"]


def test_approving_twice_answers_409_and_credits_nothing_more(world, ended):
    certification_id = file(world.station_staff, ended)
    approve(world.association_admin, certification_id)
    with pytest.raises(Conflict):
        approve(world.association_admin, certification_id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)) == 2
    assert balance(OwnerType.USER, ended.volunteer_ids[0]) == 3
    ledger_invariants()


def test_only_the_association_reviews(world, ended):
    certification_id = file(world.station_staff, ended)
    from app.core.errors import Forbidden

    with pytest.raises(Forbidden):
        approve(world.station_staff, certification_id)
    with pytest.raises(NotFound):
        approve(world.association_admin, certification_id + 1000)


def test_reject_needs_a_reason_then_the_station_files_again(world, ended):
    certification_id = file(world.station_staff, ended)
    with pytest.raises(InvalidInput), unit_of_work():
        reject_certification(actor(world.association_admin), certification_id, "  ")
    with unit_of_work():
        reject_certification(actor(world.association_admin), certification_id, "照片不清晰")
    rejected = db.session.get(Certification, certification_id)
    assert (rejected.status, rejected.status_reason) == (CertificationStatus.REJECTED, "照片不清晰")
    assert db.session.get(WishOrder, ended.order_id).status == OrderStatus.TO_EVALUATE
    assert "certification.reviewed" in inbox_kinds(world.station_staff)
    with pytest.raises(Conflict):
        approve(world.association_admin, certification_id)

    again = file(world.station_staff, ended)
    approve(world.association_admin, again)
    assert db.session.get(WishOrder, ended.order_id).status == OrderStatus.COMPLETED
    assert balance(OwnerType.USER, ended.volunteer_ids[0]) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CertifiedHours)) == 4


@pytest.mark.parametrize("rate,hours,points", [
    (1, "2.5", 3), (1, "2.4", 2), (1, "0.4", 0), (1, "0.5", 1), (1.5, "1.5", 2), (1.5, "2.3", 3), (2, "0.2", 0),
    (2, "0.3", 1), (0.5, "3", 2),
])
def test_points_round_half_up(app_ctx, monkeypatch, rate, hours, points):
    monkeypatch.setitem(app_ctx.config, "POINTS_PER_HOUR", rate)
    assert points_for_hours(Decimal(hours)) == points


def test_zero_points_still_book_the_hours_and_the_service(world):
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)
    certification_id = file(world.station_staff, ended, hours=[{"take_id": ended.take_ids[0], "hours": "0.4"}],
                            volunteer_headcount=1, volunteer_person_times=1)
    approve(world.association_admin, certification_id)
    assert db.session.get(Certification, certification_id).hours[0].points == 0
    booked = db.session.scalars(sa.select(LedgerTransfer)).one()
    assert (booked.amount, booked.hours, booked.services) == (0, Decimal("0.4"), 1)


@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_only")
@pytest.mark.parametrize("round_", range(3))
def test_concurrent_approvals_credit_once(app, world, round_):
    ended = make_ended_order(world.station, world.station_staff, volunteers=3)
    certification_id = file(world.station_staff, ended, volunteer_headcount=3, volunteer_person_times=3)
    db.session.remove()

    def work(_):
        with app.app_context():
            try:
                approve(world.association_admin, certification_id)
                return "approved"
            except Conflict as exc:
                return exc.error
            finally:
                db.session.remove()

    results = run_together(6, work)
    assert sorted(results) == ["approved"] + ["invalid_transition"] * 5, results
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)) == 3
    assert [balance(OwnerType.USER, v) for v in ended.volunteer_ids] == [3, 3, 3]
    ledger_invariants()


def test_service_photos_are_required(world, ended):
    assert errors_of(world.station_staff, ended, photo_ids=[])["photo_ids"] == ["请上传至少 1 张服务照片"]


def _abort(ended, after: timedelta | None) -> None:
    """Mark the order aborted `after` its service start (None: before it started), as abort_order leaves it."""
    with unit_of_work():
        order = db.session.get(WishOrder, ended.order_id)
        order.status, order.status_reason = OrderStatus.ABORTED, "长者住院，服务中止"
        at = order.starts_at + after if after is not None else order.starts_at - timedelta(hours=2)
        db.session.add(TimebankEvent(subject_type="order", subject_id=order.id, order_id=order.id, action="abort",
                                     from_status="in_progress", to_status="aborted", reason="长者住院，服务中止",
                                     at=at))


def test_an_aborted_order_is_certified_for_the_hours_served_before_the_abort(world):
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)  # 09:00–17:00 yesterday
    _abort(ended, timedelta(hours=1, minutes=35))
    one = {"volunteer_headcount": 1, "volunteer_person_times": 1}
    errors = errors_of(world.station_staff, ended, hours=[{"take_id": ended.take_ids[0], "hours": "1.7"}], **one)
    assert errors["hours"][0]["hours"] == [
        "服务时数不能超过 1.5 小时（每天最多 24 小时；已中止的订单不超过中止前的服务时长）"]
    certification_id = file(world.station_staff, ended, hours=[{"take_id": ended.take_ids[0], "hours": "1.5"}],
                            **one)
    approve(world.association_admin, certification_id)
    order = db.session.get(WishOrder, ended.order_id)
    assert order.status == OrderStatus.COMPLETED and order.status_reason == "长者住院，服务中止"
    booked = db.session.scalars(sa.select(LedgerTransfer)).one()
    assert (booked.hours, booked.services) == (Decimal("1.5"), 1)
    assert balance(OwnerType.USER, ended.volunteer_ids[0]) == points_for_hours(Decimal("1.5"))


def test_an_order_aborted_before_its_start_has_nothing_to_certify(world, ended):
    _abort(ended, None)
    with pytest.raises(Conflict) as caught:
        file(world.station_staff, ended)
    assert caught.value.error == "nothing_served"


def test_orders_neither_ended_nor_aborted_are_not_certified(world, ended):
    with unit_of_work():
        db.session.get(WishOrder, ended.order_id).status = OrderStatus.CANCELLED
    with pytest.raises(Conflict) as caught:
        file(world.station_staff, ended)
    assert caught.value.error == "order_not_to_evaluate"
