"""活动确认 (app/activities/attendance.py): crediting each attended volunteer once, corrections up, down and
to a no-show as compensating ledger entries, the correction a volunteer can no longer cover, every rule of
the list, who may confirm and when, what the volunteers hear, the publisher's sheet and 我的活动."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.activities import attendance_queries, publishing, queries
from app.activities.models import Activity, ActivityEvent, ActivityStatus
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger.models import Cause, LedgerTransfer, OwnerType
from app.ledger.services import transfer
from app.notify.models import InboxItem, NotificationEvent
from tests.activities.factories_activities import activity_world, actor, make_activity, make_volunteer, sign
from tests.activities.factories_attendance import (
    absent,
    account,
    assert_ledger_consistent,
    assert_ledger_matches_rows,
    attendance_keys,
    confirm,
    line,
    move_window,
    rows,
    started_activity,
)


@pytest.fixture
def world(app_ctx):
    return activity_world()


def heard(user_id: int) -> list[tuple[str, str]]:
    db.session.expire_all()
    return [(kind, body) for kind, body in db.session.execute(
        sa.select(NotificationEvent.kind, NotificationEvent.body)
        .join(InboxItem, InboxItem.event_id == NotificationEvent.id)
        .where(InboxItem.user_id == user_id).order_by(NotificationEvent.id))]


def refused(exc_type, user_id, activity_id, items):
    with pytest.raises(exc_type) as caught:
        confirm(user_id, activity_id, items)
    return caught.value


def snapshot(activity_id, volunteers):
    """Everything a refused confirmation must leave as it was."""
    db.session.expire_all()
    return ({v: (r.attended, r.hours, r.credited_points, r.revision) for v, r in rows(activity_id).items()},
            [account(v) for v in volunteers], attendance_keys(activity_id),
            db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent)),
            db.session.scalar(sa.select(sa.func.count()).select_from(ActivityEvent)))


# -- the first confirmation ---------------------------------------------------------------------------
def test_attended_volunteers_are_credited_once_and_no_shows_recorded(world):
    activity_id, (wang, li) = started_activity(world)

    changed = confirm(world["community_admin"], activity_id, [line(wang, "2"), absent(li)])

    assert sorted(changed) == sorted([(wang, 1), (li, 1)])
    found = rows(activity_id)
    assert (found[wang].attended, found[wang].hours, found[wang].credited_points, found[wang].credited_services,
            found[wang].confirmed_by_id) == (True, Decimal("2.0"), 2, 1, world["community_admin"])
    assert (found[li].attended, found[li].hours, found[li].credited_points, found[li].credited_services) == (
        False, Decimal("0.0"), 0, 0)
    assert account(wang) == (2, Decimal("2.0"), 1) and account(li) == (0, Decimal(0), 0)
    assert attendance_keys(activity_id) == [f"attendance:{activity_id}:{wang}:r1"]
    booked = db.session.scalars(sa.select(LedgerTransfer)).one()
    assert (booked.cause, booked.amount, booked.hours, booked.services, booked.memo, booked.created_by_id) == (
        Cause.ATTENDANCE, 2, Decimal("2.0"), 1, f"活动：{_title(activity_id)}", world["community_admin"])
    assert booked.region_path == db.session.get(Activity, activity_id).region_path  # where it was served
    assert heard(wang) == [("attendance.confirmed", f"{_title(activity_id)}：2 小时"),
                           ("points.credited", f"{_title(activity_id)}：+2 积分")]
    assert heard(li) == []
    assert sorted(db.session.execute(sa.select(ActivityEvent.action, ActivityEvent.to_status, ActivityEvent.reason)
                                     .where(ActivityEvent.subject_type == "attendance")).all()) == [
        ("confirm", "absent", "未到"), ("confirm", "attended", "2 小时")]
    assert_ledger_consistent()
    assert_ledger_matches_rows(activity_id)


def test_repeating_the_same_list_changes_nothing(world):
    activity_id, (wang, li) = started_activity(world, length=timedelta(hours=3))
    confirm(world["community_admin"], activity_id, [line(wang, 2.5), absent(li)])
    before = snapshot(activity_id, [wang, li])

    # The same values, written differently (a float, a no-show's explicit 0), by another staff member.
    again = [{"volunteer_id": li, "attended": False, "hours": Decimal(0)}, line(wang, 2.5)]
    assert confirm(world["community_staff"], activity_id, again) == []

    assert snapshot(activity_id, [wang, li]) == before
    assert rows(activity_id)[wang].confirmed_by_id == world["community_admin"]


def test_half_hours_earn_points_rounded_half_up(world):
    activity_id, (wang,) = started_activity(world, ["王小明"], length=timedelta(hours=1))
    confirm(world["community_admin"], activity_id, [line(wang, "0.5")])
    assert account(wang) == (1, Decimal("0.5"), 1)
    assert heard(wang)[0] == ("attendance.confirmed", f"{_title(activity_id)}：0.5 小时")


# -- corrections ---------------------------------------------------------------------------------------
def test_a_correction_upward_books_the_difference_under_a_new_revision(world):
    activity_id, (wang, li) = started_activity(world, length=timedelta(hours=4))
    confirm(world["community_admin"], activity_id, [line(wang, 2), line(li, 1)])

    assert confirm(world["community_admin"], activity_id, [line(wang, "3.5"), line(li, 1)]) == [(wang, 2)]

    assert account(wang) == (4, Decimal("3.5"), 1) and account(li) == (1, Decimal("1.0"), 1)
    assert attendance_keys(activity_id) == [f"attendance:{activity_id}:{wang}:r1", f"attendance:{activity_id}:{li}:r1",
                                            f"attendance:{activity_id}:{wang}:r2"]
    second = db.session.scalar(sa.select(LedgerTransfer).where(
        LedgerTransfer.cause_key == f"attendance:{activity_id}:{wang}:r2"))
    assert (second.amount, second.hours, second.services) == (2, Decimal("1.5"), 0)
    title = _title(activity_id)
    assert heard(wang)[2:] == [("attendance.confirmed", f"{title}：3.5 小时"), ("points.credited", f"{title}：+2 积分")]
    assert len(heard(li)) == 2
    assert_ledger_consistent()
    assert_ledger_matches_rows(activity_id)


def test_a_correction_downward_is_a_compensating_entry(world):
    activity_id, (wang,) = started_activity(world, ["王小明"], length=timedelta(hours=3))
    confirm(world["community_admin"], activity_id, [line(wang, "2.5")])  # 3 points (half up)

    confirm(world["community_admin"], activity_id, [line(wang, "1.5")])  # 2 points

    assert account(wang) == (2, Decimal("1.5"), 1)
    first, back = db.session.scalars(sa.select(LedgerTransfer).order_by(LedgerTransfer.id)).all()
    assert (first.amount, first.hours, first.services) == (3, Decimal("2.5"), 1)  # never edited
    assert (back.cause_key, back.amount, back.hours, back.services) == (
        f"attendance:{activity_id}:{wang}:r2", 1, Decimal("1.0"), 0)
    assert back.destination_id != first.destination_id  # from the volunteer back to the system
    assert back.region_path == first.region_path is not None  # the correction counts against the same place
    assert heard(wang)[-1] == ("attendance.corrected", f"{_title(activity_id)}：已更正为 1.5 小时，扣回 1 积分")
    row = rows(activity_id)[wang]
    assert (row.hours, row.credited_hours, row.credited_points, row.revision) == (Decimal("1.5"), Decimal("1.5"), 2, 2)
    assert_ledger_consistent()
    assert_ledger_matches_rows(activity_id)


def test_attended_to_no_show_takes_back_hours_points_and_the_service(world):
    activity_id, (wang,) = started_activity(world, ["王小明"])
    confirm(world["community_admin"], activity_id, [line(wang, 2)])

    confirm(world["community_admin"], activity_id, [absent(wang)])

    assert account(wang) == (0, Decimal("0.0"), 0)
    row = rows(activity_id)[wang]
    assert (row.attended, row.hours, row.credited_hours, row.credited_points, row.credited_services, row.revision) == (
        False, 0, 0, 0, 0, 2)
    back = db.session.scalar(sa.select(LedgerTransfer).where(
        LedgerTransfer.cause_key == f"attendance:{activity_id}:{wang}:r2"))
    assert (back.amount, back.hours, back.services) == (2, Decimal("2.0"), 1)
    assert heard(wang)[-1] == ("attendance.corrected", f"{_title(activity_id)}：已更正为未到，扣回 2 积分")
    assert db.session.execute(sa.select(ActivityEvent.action, ActivityEvent.from_status, ActivityEvent.to_status)
                              .order_by(ActivityEvent.id.desc()).limit(1)).one() == ("correct", "attended", "absent")

    # And back again: a third revision credits the whole again, under its own key.
    confirm(world["community_admin"], activity_id, [line(wang, 1)])
    assert account(wang) == (1, Decimal("1.0"), 1)
    assert attendance_keys(activity_id) == [f"attendance:{activity_id}:{wang}:r{n}" for n in (1, 2, 3)]
    assert_ledger_consistent()
    assert_ledger_matches_rows(activity_id)


def test_a_no_show_confirmed_later_as_attended_is_credited(world):
    activity_id, (wang,) = started_activity(world, ["王小明"])
    confirm(world["community_admin"], activity_id, [absent(wang)])
    assert attendance_keys(activity_id) == []

    confirm(world["community_admin"], activity_id, [line(wang, 2)])

    assert account(wang) == (2, Decimal("2.0"), 1)
    assert attendance_keys(activity_id) == [f"attendance:{activity_id}:{wang}:r2"]
    assert [kind for kind, _ in heard(wang)] == ["attendance.confirmed", "points.credited"]


def test_a_correction_the_volunteer_can_no_longer_cover_is_refused_and_changes_nothing(world):
    activity_id, (wang, li) = started_activity(world, length=timedelta(hours=4))
    confirm(world["community_admin"], activity_id, [line(wang, 3), line(li, 1)])
    with unit_of_work():  # 王小明 donates two of his three points to a wish order
        transfer(source=(OwnerType.USER, wang), destination=(OwnerType.ORDER, 1), amount=2, cause=Cause.DONATION,
                 cause_key="donation:test:1")
    before = snapshot(activity_id, [wang, li])

    # 李红's line changes too, and is refused with the rest: the list is one decision.
    error = refused(Conflict, world["community_admin"], activity_id, [absent(wang), line(li, 2)])

    assert error.status_code == 409 and error.error == "correction_not_covered"
    assert error.message == "志愿者王小明的积分已不足以扣回 3 积分（可能已捐出），不能这样更正"
    assert snapshot(activity_id, [wang, li]) == before
    assert account(wang) == (1, Decimal("3.0"), 1)
    # A correction within what he still holds goes through.
    confirm(world["community_admin"], activity_id, [line(wang, "2.5"), line(li, 1)])
    assert account(wang) == (1, Decimal("2.5"), 1)  # 3 points for 2.5 hours: nothing to take back
    assert_ledger_consistent()
    assert_ledger_matches_rows(activity_id)


# -- the list's rules ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("item", "field", "message"), [
    ({"attended": True, "hours": None}, "hours", "请填写服务时长"),
    ({"attended": True, "hours": Decimal(0)}, "hours", "服务时长应大于 0"),
    ({"attended": True, "hours": Decimal(-1)}, "hours", "服务时长应大于 0"),
    ({"attended": True, "hours": Decimal("1.2")}, "hours", "服务时长应以 0.5 小时为单位"),
    ({"attended": True, "hours": 0.3}, "hours", "服务时长应以 0.5 小时为单位"),
    ({"attended": True, "hours": Decimal("2.5")}, "hours",
     "服务时长不能超过 2 小时（活动时长向上取整到半小时，最多 24 小时）"),
    ({"attended": True, "hours": Decimal("NaN")}, "hours", "服务时长应为数字"),
    ({"attended": True, "hours": "abc"}, "hours", "服务时长应为数字"),
    ({"attended": True, "hours": True}, "hours", "服务时长应为数字"),
    ({"attended": False, "hours": Decimal(1)}, "hours", "未到的志愿者不能填写服务时长"),
    ({"attended": None, "hours": Decimal(1)}, "attended", "请选择已到或未到"),
    ({"attended": "yes", "hours": Decimal(1)}, "attended", "请选择已到或未到"),
])
def test_every_line_is_checked(world, item, field, message):
    activity_id, (wang, li) = started_activity(world)
    before = snapshot(activity_id, [wang, li])
    error = refused(InvalidInput, world["community_admin"], activity_id, [line(li, 1), {"volunteer_id": wang, **item}])
    assert error.errors == {"items": {1: {field: [message]}}}
    assert snapshot(activity_id, [wang, li]) == before


@pytest.mark.parametrize(("length", "allowed", "too_many"), [
    (timedelta(hours=2, minutes=10), "2.5", "3"),   # rounded up to the next half hour
    (timedelta(minutes=20), "0.5", "1"),
    (timedelta(hours=30), "24", "24.5"),             # never more than 24
])
def test_hours_are_capped_by_the_window_rounded_up(world, length, allowed, too_many):
    activity_id, (wang,) = started_activity(world, ["王小明"], length=length, starts_ago=length + timedelta(hours=1))
    error = refused(InvalidInput, world["community_admin"], activity_id, [line(wang, too_many)])
    assert list(error.errors["items"][0]) == ["hours"]
    confirm(world["community_admin"], activity_id, [line(wang, allowed)])
    assert rows(activity_id)[wang].hours == Decimal(allowed)


def test_the_list_names_each_signed_up_volunteer_exactly_once(world):
    activity_id, (wang, li) = started_activity(world)

    error = refused(InvalidInput, world["community_admin"], activity_id, [line(wang, 1)])
    assert error.message == "请为每位报名的志愿者选择已到或未到，尚未选择：李红"

    error = refused(InvalidInput, world["community_admin"], activity_id, [line(wang, 1), absent(li), absent(wang)])
    assert error.errors == {"items": {2: {"volunteer_id": ["同一志愿者只能出现一次"]}}}

    error = refused(InvalidInput, world["community_admin"], activity_id, [{"volunteer_id": "x", "attended": False}])
    assert error.errors["items"][0] == {"volunteer_id": ["请选择志愿者"]}
    assert rows(activity_id) == {}


def test_only_volunteers_with_a_live_signup_may_be_confirmed(world):
    activity_id = make_activity(world)
    wang, quitter = make_volunteer("王小明"), make_volunteer("赵退出")
    sign(wang, activity_id)
    quitter_signup = sign(quitter, activity_id)
    from app.activities import signups
    with unit_of_work():
        signups.cancel_signup(actor(quitter), quitter_signup)
    stranger = make_volunteer("陌生人")
    move_window(activity_id)

    error = refused(InvalidInput, world["community_admin"], activity_id,
                    [line(wang, 1), line(quitter, 1), absent(stranger)])

    # A former sign-up is named; someone who never signed up is named by number only (no name leaks).
    assert error.message == f"以下志愿者没有本活动的有效报名，不能确认：志愿者赵退出、编号 {stranger} 的用户"
    assert error.errors == {"items": {1: {"volunteer_id": ["志愿者赵退出没有本活动的有效报名，不能确认"]},
                                      2: {"volunteer_id": [f"编号 {stranger} 的用户没有本活动的有效报名，不能确认"]}}}
    assert rows(activity_id) == {} and account(wang)[0] == 0


def test_an_activity_with_no_signups_takes_an_empty_list(world):
    activity_id, _ = started_activity(world, [])
    assert confirm(world["community_admin"], activity_id, []) == []


# -- when, and who --------------------------------------------------------------------------------------
def test_not_before_the_start(world):
    activity_id = make_activity(world)
    wang = make_volunteer("王小明")
    sign(wang, activity_id)
    error = refused(Conflict, world["community_admin"], activity_id, [line(wang, 1)])
    assert (error.error, error.message) == ("activity_not_started", "活动尚未开始，开始后才能确认")


def test_during_the_activity_and_after_its_end(world):
    activity_id, (wang,) = started_activity(world, ["王小明"], starts_ago=timedelta(hours=1))  # still running
    confirm(world["community_admin"], activity_id, [line(wang, 1)])
    with unit_of_work():
        from app.activities.models import Activity
        db.session.get(Activity, activity_id).status = ActivityStatus.ENDED
    confirm(world["community_admin"], activity_id, [line(wang, 2)])
    assert account(wang)[1] == Decimal("2.0")


def test_a_confirmed_activity_can_no_longer_be_cancelled(world):
    activity_id, (wang,) = started_activity(world, ["王小明"], starts_ago=timedelta(hours=1))
    confirm(world["community_admin"], activity_id, [absent(wang)])
    with pytest.raises(Conflict) as caught, unit_of_work():
        publishing.cancel_activity(actor(world["community_admin"]), activity_id, "天气原因")
    assert (caught.value.error, caught.value.message) == ("attendance_confirmed", "已确认出勤的活动不能取消")


def test_not_for_a_cancelled_activity(world):
    activity_id, (wang,) = started_activity(world, ["王小明"], starts_ago=timedelta(hours=1))
    with unit_of_work():
        publishing.cancel_activity(actor(world["community_admin"]), activity_id, "天气原因")
    error = refused(Conflict, world["community_admin"], activity_id, [])
    assert (error.error, error.message) == ("activity_cancelled", "活动已取消，不能确认或反馈")


@pytest.mark.parametrize("who", ["other_community_admin", "provider_admin"])
def test_another_organisations_staff_see_a_missing_activity(world, who):
    activity_id, (wang,) = started_activity(world, ["王小明"])
    error = refused(NotFound, world[who], activity_id, [line(wang, 1)])
    assert error.error == "activity_not_found"
    with pytest.raises(NotFound):
        attendance_queries.attendance_sheet(actor(world[who]), activity_id)


def test_a_providers_activity_is_confirmed_by_the_provider(world):
    activity_id, (wang,) = started_activity(world, ["王小明"], publisher="provider")
    confirm(world["provider_admin"], activity_id, [line(wang, 2)])
    assert account(wang) == (2, Decimal("2.0"), 1)
    assert refused(NotFound, world["community_admin"], activity_id, [line(wang, 1)]).error == "activity_not_found"


# -- reading ---------------------------------------------------------------------------------------------
def test_the_sheet_lists_every_live_signup_with_its_state(world):
    activity_id, (wang, li, zhang) = started_activity(world, ["王小明", "李红", "张三"])
    confirm(world["community_admin"], activity_id, [line(wang, "1.5"), absent(li), absent(zhang)])
    confirm(world["community_admin"], activity_id, [line(wang, "1.5"), absent(li), line(zhang, 2)])

    sheet = attendance_queries.attendance_sheet(actor(world["community_staff"]), activity_id)

    assert [(i["name"], i["phone"], i["state"], i["state_label"], i["hours"], i["points"], i["revision"])
            for i in sheet["items"]] == [
        ("王小明", "138****0000", "attended", "已到", Decimal("1.5"), 2, 1),
        ("李红", "138****0001", "absent", "未到", Decimal("0.0"), 0, 1),
        ("张三", "138****0002", "attended", "已到", Decimal("2.0"), 2, 2)]
    assert (sheet["confirmable"], sheet["max_hours"], sheet["confirmed_count"], sheet["attended_count"],
            sheet["total_hours"]) == (True, Decimal("2.0"), 3, 2, Decimal("3.5"))


def test_the_sheet_before_any_confirmation_and_before_the_start(world):
    activity_id = make_activity(world)
    sign(make_volunteer("王小明"), activity_id)
    sheet = attendance_queries.attendance_sheet(actor(world["community_admin"]), activity_id)
    assert [(i["state_label"], i["hours"], i["points"]) for i in sheet["items"]] == [("未确认", None, None)]
    assert (sheet["confirmable"], sheet["not_confirmable_reason"]) == (False, "活动尚未开始，开始后才能确认")


def test_my_activities_show_the_confirmed_hours(world):
    activity_id, (wang, li) = started_activity(world)
    unconfirmed, _ = started_activity(world, [])
    # 王小明 also signed up to a second activity, not yet confirmed.
    other = make_activity(world, starts_in=timedelta(days=5))
    sign(wang, other)
    move_window(other, starts_ago=timedelta(hours=5))
    confirm(world["community_admin"], activity_id, [line(wang, "1.5"), absent(li)])

    mine = {i["activity"]["id"]: i["attendance"] for i in queries.my_activities(actor(wang), "ended")["items"]}
    assert mine == {activity_id: {"state": "attended", "state_label": "已到", "hours": Decimal("1.5"), "points": 2},
                    other: {"state": "unconfirmed", "state_label": "未确认", "hours": None, "points": None}}
    theirs = queries.my_activities(actor(li), "ended")["items"]
    assert [i["attendance"]["state_label"] for i in theirs] == ["未到"]


def _title(activity_id: int) -> str:
    from app.activities.models import Activity
    return db.session.get(Activity, activity_id).title
