"""Signing up (app/activities/signups.py) and reading activities (app/activities/queries.py): every rule and
refusal of a sign-up and its cancellation, the publisher's list, 我的活动 and the public browse."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.activities import queries, signups
from app.activities.models import ActivityEvent, ActivitySignup, ActivityStatus, SignupStatus
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.activities.factories_activities import (
    OTHER_COMMUNITY,
    activity_row,
    activity_world,
    actor,
    make_activity,
    make_volunteer,
    sign,
)


@pytest.fixture
def world(app_ctx):
    return activity_world()


def refused(exc_type, user_id, activity_id):
    with pytest.raises(exc_type) as caught, unit_of_work():
        signups.sign_up(actor(user_id), activity_id)
    return caught.value


def cancel(user_id, signup_id):
    with unit_of_work():
        return signups.cancel_signup(actor(user_id), signup_id)


def live(activity_id) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ActivitySignup.volunteer_id).where(
        ActivitySignup.activity_id == activity_id, ActivitySignup.status == SignupStatus.SIGNED_UP)))


# -- signing up ---------------------------------------------------------------------------------------
def test_a_volunteer_signs_up_and_holds_a_place(world):
    activity_id = make_activity(world, headcount=3)
    volunteer = make_volunteer("王小明")

    signup_id = sign(volunteer, activity_id)

    signup = db.session.get(ActivitySignup, signup_id)
    activity = activity_row(activity_id)
    assert (signup.status, signup.volunteer_id, signup.starts_at, signup.ends_at) == (
        SignupStatus.SIGNED_UP, volunteer, activity.starts_at, activity.ends_at)
    assert activity.signed_up_count == 1
    assert db.session.execute(sa.select(ActivityEvent.subject_type, ActivityEvent.subject_id, ActivityEvent.action,
                                        ActivityEvent.to_status, ActivityEvent.actor_id)).all() == [
        ("signup", signup_id, "sign_up", "signed_up", volunteer)]
    detail = queries.activity_detail(actor(volunteer), activity_id)
    assert (detail["my_signup_id"], detail["places_left"], detail["signed_up_count"]) == (signup_id, 2, 1)
    assert queries.activity_detail(None, activity_id)["my_signup_id"] is None


@pytest.mark.parametrize("name", [None, "", "   "])
def test_a_volunteer_without_a_real_name_is_asked_for_one(world, name):
    activity_id = make_activity(world)
    error = refused(Conflict, make_volunteer(name), activity_id)
    assert (error.error, error.message) == ("real_name_required", "请先在“我的”中填写真实姓名后再报名")
    assert activity_row(activity_id).signed_up_count == 0


@pytest.mark.parametrize("status", [ActivityStatus.ENDED, ActivityStatus.CANCELLED])
def test_only_recruiting_activities_take_signups(world, status):
    activity_id = make_activity(world, status=status)
    error = refused(Conflict, make_volunteer(), activity_id)
    assert (error.error, error.message) == ("activity_not_recruiting", "该活动不在招募中")


def test_no_signup_once_the_activity_started(world):
    activity_id = make_activity(world, starts_in=-timedelta(minutes=5), hours=3)
    error = refused(Conflict, make_volunteer(), activity_id)
    assert (error.error, error.message) == ("activity_started", "活动已开始，不能报名")


def test_a_full_activity_refuses_with_activity_full(world):
    activity_id = make_activity(world, headcount=2)
    first, second, third = (make_volunteer(f"志愿者{i}") for i in range(3))
    sign(first, activity_id)
    sign(second, activity_id)
    error = refused(Conflict, third, activity_id)
    assert (error.status_code, error.error, error.message) == (409, "activity_full", "该活动报名人数已满")
    assert activity_row(activity_id).signed_up_count == 2 and sorted(live(activity_id)) == sorted([first, second])


def test_signing_up_twice_is_refused_and_after_cancelling_allowed_again(world):
    activity_id = make_activity(world, headcount=3)
    volunteer = make_volunteer()
    first = sign(volunteer, activity_id)
    error = refused(Conflict, volunteer, activity_id)
    assert (error.error, error.message) == ("already_signed_up", "您已报名该活动")
    assert activity_row(activity_id).signed_up_count == 1
    cancel(volunteer, first)
    second = sign(volunteer, activity_id)
    assert second != first and live(activity_id) == [volunteer]
    assert activity_row(activity_id).signed_up_count == 1


def test_the_partial_unique_index_backs_the_one_live_signup_rule(world):
    activity_id = make_activity(world)
    volunteer = make_volunteer()
    sign(volunteer, activity_id)
    activity = activity_row(activity_id)
    with pytest.raises(sa.exc.IntegrityError), unit_of_work():
        db.session.add(ActivitySignup(activity_id=activity_id, volunteer_id=volunteer, status=SignupStatus.SIGNED_UP,
                                      starts_at=activity.starts_at, ends_at=activity.ends_at))
        db.session.flush()


def test_the_check_constraint_backs_the_headcount(world):
    activity_id = make_activity(world, headcount=1, signed_up_count=1)
    with pytest.raises(sa.exc.IntegrityError), unit_of_work():
        activity_row(activity_id).signed_up_count = 2
        db.session.flush()


def test_an_overlapping_live_signup_is_refused_naming_the_other_activity(world):
    volunteer = make_volunteer()
    sign(volunteer, make_activity(world, starts_in=timedelta(days=3), hours=2, title="上午的清洁"))
    overlapping = make_activity(world, starts_in=timedelta(days=3, hours=1), hours=2)
    error = refused(Conflict, volunteer, overlapping)
    assert (error.error, error.message) == ("time_conflict", "该活动与您已报名的活动「上午的清洁」时间冲突")
    assert activity_row(overlapping).signed_up_count == 0
    # Back to back is no overlap.
    sign(volunteer, make_activity(world, starts_in=timedelta(days=3, hours=2), hours=1))


def test_a_cancelled_signup_no_longer_blocks_the_time(world):
    volunteer = make_volunteer()
    cancel(volunteer, sign(volunteer, make_activity(world, starts_in=timedelta(days=3), hours=2)))
    sign(volunteer, make_activity(world, starts_in=timedelta(days=3, hours=1), hours=2))


def test_another_volunteer_at_the_same_time_is_no_conflict(world):
    sign(make_volunteer("甲"), make_activity(world, starts_in=timedelta(days=3)))
    sign(make_volunteer("乙"), make_activity(world, starts_in=timedelta(days=3)))


def test_a_missing_activity(world):
    assert refused(NotFound, make_volunteer(), 999999).error == "activity_not_found"


# -- cancelling one's sign-up --------------------------------------------------------------------------
def test_cancelling_frees_the_place_and_is_recorded(world):
    activity_id = make_activity(world, headcount=1)
    volunteer, waiting = make_volunteer("甲"), make_volunteer("乙")
    signup_id = sign(volunteer, activity_id)
    assert refused(Conflict, waiting, activity_id).error == "activity_full"

    signup = cancel(volunteer, signup_id)

    assert signup.status == SignupStatus.CANCELLED and signup.cancelled_at is not None
    assert activity_row(activity_id).signed_up_count == 0
    assert db.session.execute(sa.select(ActivityEvent.action, ActivityEvent.from_status, ActivityEvent.to_status)
                              .where(ActivityEvent.subject_id == signup_id, ActivityEvent.subject_type == "signup")
                              .order_by(ActivityEvent.id)).all() == [
        ("sign_up", None, "signed_up"), ("cancel", "signed_up", "cancelled")]
    sign(waiting, activity_id)


def test_a_cancelled_signup_cannot_be_cancelled_again(world):
    activity_id = make_activity(world)
    volunteer = make_volunteer()
    signup_id = sign(volunteer, activity_id)
    cancel(volunteer, signup_id)
    with pytest.raises(Conflict) as caught, unit_of_work():
        signups.cancel_signup(actor(volunteer), signup_id)
    assert caught.value.error == "invalid_transition"
    assert activity_row(activity_id).signed_up_count == 0


def test_someone_elses_signup_looks_missing(world):
    signup_id = sign(make_volunteer("甲"), make_activity(world))
    for other in (make_volunteer("乙"), world["community_admin"]):
        with pytest.raises(NotFound) as caught, unit_of_work():
            signups.cancel_signup(actor(other), signup_id)
        assert caught.value.error == "signup_not_found"


def test_no_cancelling_after_the_start(world):
    activity_id = make_activity(world)
    volunteer = make_volunteer()
    signup_id = sign(volunteer, activity_id)
    with unit_of_work():
        activity = activity_row(activity_id)
        activity.starts_at = activity.starts_at - timedelta(days=4)
        activity.ends_at = activity.starts_at + timedelta(days=5)
    with pytest.raises(Conflict) as caught, unit_of_work():
        signups.cancel_signup(actor(volunteer), signup_id)
    assert (caught.value.error, caught.value.message) == ("activity_started", "活动已开始，不能取消报名")
    assert activity_row(activity_id).signed_up_count == 1


# -- the publisher's list -----------------------------------------------------------------------------
def test_the_publisher_sees_names_and_masked_phones(world):
    activity_id = make_activity(world)
    first = make_volunteer("王小明", phone="13812345678")
    second = make_volunteer("李小红", phone=None)
    sign(first, activity_id)
    cancel(second, sign(second, activity_id))

    rows = queries.activity_signups(actor(world["community_staff"]), activity_id)
    assert [(r["volunteer_id"], r["name"], r["phone"], r["status"]) for r in rows] == [
        (first, "王小明", "138****5678", SignupStatus.SIGNED_UP), (second, "李小红", None, SignupStatus.CANCELLED)]
    live_rows = queries.activity_signups(actor(world["community_admin"]), activity_id, SignupStatus.SIGNED_UP)
    assert [r["volunteer_id"] for r in live_rows] == [first]


def test_other_organisations_cannot_see_the_signups(world):
    activity_id = make_activity(world)
    for user in (world["other_community_admin"], world["provider_admin"]):
        with pytest.raises(NotFound) as caught:
            queries.activity_signups(actor(user), activity_id)
        assert caught.value.error == "activity_not_found"
    with pytest.raises(Forbidden):
        queries.activity_signups(actor(make_volunteer()), activity_id)


# -- 我的活动 -------------------------------------------------------------------------------------------
def test_my_activities_split_ongoing_and_ended(world):
    volunteer = make_volunteer()
    ongoing = make_activity(world, starts_in=timedelta(days=3))
    ended = make_activity(world, starts_in=timedelta(days=5))
    past_unswept = make_activity(world, starts_in=timedelta(days=7))
    dropped = make_activity(world, starts_in=timedelta(days=9))
    for activity_id in (ongoing, ended, past_unswept, dropped):
        sign(volunteer, activity_id)
    cancel(volunteer, db.session.scalar(sa.select(ActivitySignup.id).where(ActivitySignup.activity_id == dropped)))
    with unit_of_work():
        activity_row(ended).status = ActivityStatus.ENDED
    with unit_of_work():
        row = activity_row(past_unswept)
        row.starts_at, row.ends_at = row.starts_at - timedelta(days=8), row.ends_at - timedelta(days=8)
    sign(make_volunteer("别人"), make_activity(world, starts_in=timedelta(days=11)))

    me = actor(volunteer)
    assert [i["activity"]["id"] for i in queries.my_activities(me, "ongoing")["items"]] == [ongoing]
    assert [i["activity"]["id"] for i in queries.my_activities(me, "ended")["items"]] == [past_unswept, ended]
    first = queries.my_activities(me, "ended", limit=1)
    assert len(first["items"]) == 1 and first["next_before_id"] is not None
    rest = queries.my_activities(me, "ended", limit=1, before_id=first["next_before_id"])
    assert [i["activity"]["id"] for i in rest["items"]] == [ended] and rest["next_before_id"] is None
    with pytest.raises(InvalidInput):
        queries.my_activities(me, "all")


# -- browsing -----------------------------------------------------------------------------------------
def test_browse_newest_first_with_filters_and_keyset_pages(world):
    a = make_activity(world, category_code="01")
    b = make_activity(world, category_code="02", region_code=OTHER_COMMUNITY, publisher="other_community")
    c = make_activity(world, category_code="01", status=ActivityStatus.ENDED)
    d = make_activity(world, category_code="03", publisher="provider", region_code="440106")

    def ids(**filters):
        return [i["id"] for i in queries.list_activities(queries.ActivityFilters(**filters))["items"]]

    assert ids() == [d, c, b, a]
    assert ids(category="01") == [c, a]
    assert ids(region="440104") == [b]
    assert ids(region="440106") == [d, c, a]
    assert ids(region="440106001001") == [c, a]
    assert ids(status=ActivityStatus.RECRUITING) == [d, b, a]
    assert ids(organisation_id=world["provider"]) == [d]
    assert ids(category="01", status=ActivityStatus.ENDED) == [c]
    page = queries.list_activities(queries.ActivityFilters(), limit=3)
    assert [i["id"] for i in page["items"]] == [d, c, b] and page["next_before_id"] == b
    last = queries.list_activities(queries.ActivityFilters(), limit=3, before_id=page["next_before_id"])
    assert [i["id"] for i in last["items"]] == [a] and last["next_before_id"] is None
    item = queries.list_activities(queries.ActivityFilters(organisation_id=world["provider"]))["items"][0]
    assert item["publisher"] == {"id": world["provider"], "name": item["publisher"]["name"], "kind": "volunteer_org"}
    assert item["category"]["code"] == "03" and item["region"]["code"] == "440106"
    with pytest.raises(InvalidInput) as caught:
        ids(region="999999")
    assert caught.value.errors == {"region": ["区域不存在"]}
