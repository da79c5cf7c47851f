"""Publishing and cancelling activities (app/activities/publishing.py) and publishing for an accepted claim
(app/needs/claim_activities.py): every rule and every refusal, against the database."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from app.accounts.models import Region
from app.activities import publishing, signups
from app.activities.models import Activity, ActivityEvent, ActivitySignup, ActivityStatus, SignupStatus
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs import claim_activities
from app.needs.models import ClaimStatus, NeedActivity, NeedStatus
from app.notify.models import InboxItem, NotificationEvent
from app.uploads.models import Upload
from app.uploads.services import can_read, store_upload
from tests.activities.factories_activities import (
    OTHER_COMMUNITY,
    activity_form,
    activity_row,
    activity_world,
    actor,
    make_activity,
    make_claim,
    make_volunteer,
    region,
    sign,
)
from tests.factories import make_admin


@pytest.fixture
def world(app_ctx):
    return activity_world()


def publish_as(user_id, **changes):
    with unit_of_work():
        return publishing.publish_community_activity(actor(user_id), activity_form(**changes)).id


def publish_for_claim(user_id, claim_id, **changes):
    with unit_of_work():
        return claim_activities.publish_claim_activity(actor(user_id), claim_id, activity_form(**changes)).id


def readers(kind: str, activity_id: int) -> set[int]:
    event = db.session.scalar(sa.select(NotificationEvent.id).where(
        NotificationEvent.kind == kind, NotificationEvent.subject_id == activity_id))
    assert event is not None, f"{kind} was not published"
    return set(db.session.scalars(sa.select(InboxItem.user_id).where(InboxItem.event_id == event)))


def events_of(activity_id: int) -> list[tuple]:
    return [tuple(r) for r in db.session.execute(
        sa.select(ActivityEvent.subject_type, ActivityEvent.action, ActivityEvent.from_status,
                  ActivityEvent.to_status, ActivityEvent.actor_id, ActivityEvent.reason)
        .where(ActivityEvent.activity_id == activity_id).order_by(ActivityEvent.id))]


def png(user_id: int) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    with unit_of_work():
        return store_upload(user_id, buffer.getvalue()).id


def refusal(exc_type, call):
    with pytest.raises(exc_type) as caught, unit_of_work():
        call()
    return caught.value


# -- community publication ---------------------------------------------------------------------------
def test_a_community_admin_publishes_in_the_community_and_its_volunteers_hear_of_it(world):
    mine = make_volunteer("本社区志愿者")
    elsewhere = make_volunteer("外社区志愿者", community_code=OTHER_COMMUNITY)
    unattached = make_volunteer("未加入社区", community_code=None)

    activity_id = publish_as(world["community_admin"], latitude=23.15, longitude=113.35)

    activity = activity_row(activity_id)
    assert (activity.status, activity.publisher_org_id, activity.published_by_id) == (
        ActivityStatus.RECRUITING, world["community"], world["community_admin"])
    assert (activity.region_path, activity.title, activity.headcount, activity.signed_up_count) == (
        region("440106001001").path, "社区环境整治", 5, 0)
    assert (activity.latitude, activity.longitude) == (23.15, 113.35)
    assert events_of(activity_id) == [("activity", "publish", None, "recruiting", world["community_admin"], None)]
    heard = readers("activity.published", activity_id)
    assert mine in heard and elsewhere not in heard and unattached not in heard


def test_community_staff_publish_too(world):
    activity_id = publish_as(world["community_staff"])
    assert activity_row(activity_id).publisher_org_id == world["community"]


def test_the_region_must_lie_inside_the_community(world):
    error = refusal(InvalidInput, lambda: publishing.publish_community_activity(
        actor(world["community_admin"]), activity_form(region_code="440106001002")))  # 茶山社区, a neighbour
    assert error.errors == {"region_code": ["活动区域须在本社区范围内"]}
    error = refusal(InvalidInput, lambda: publishing.publish_community_activity(
        actor(world["community_admin"]), activity_form(region_code="999999")))
    assert error.errors == {"region_code": ["区域不存在"]}
    with unit_of_work():  # a newer region file dropped the community's own region (deactivated, still there)
        db.session.execute(sa.update(Region).where(Region.code == "440106001001").values(is_active=False))
    error = refusal(InvalidInput, lambda: publishing.publish_community_activity(
        actor(world["community_admin"]), activity_form(region_code="440106001001")))
    assert error.errors == {"region_code": ["区域不存在"]}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0


def test_every_form_error_is_reported_at_once(world):
    now = utcnow()
    error = refusal(InvalidInput, lambda: publishing.publish_community_activity(
        actor(world["community_admin"]),
        activity_form(title="  ", category_code="99", place="", content="x" * 5001, starts_at=now - timedelta(hours=1),
                      ends_at=now - timedelta(hours=2), headcount=0, latitude=23.1)))
    assert set(error.errors) == {"title", "category_code", "place", "content", "starts_at", "ends_at", "headcount",
                                 "longitude"}
    assert error.errors["starts_at"] == ["开始时间须晚于当前时间"]
    assert error.errors["ends_at"] == ["结束时间须晚于开始时间"]
    assert error.errors["headcount"] == ["招募人数应在 1 到 10000 之间"]


@pytest.mark.parametrize("headcount,ok", [(1, True), (10000, True), (10001, False), (-1, False)])
def test_headcount_bounds(world, headcount, ok):
    call = lambda: publishing.publish_community_activity(actor(world["community_admin"]),  # noqa: E731
                                                         activity_form(headcount=headcount))
    if ok:
        with unit_of_work():
            assert call().headcount == headcount
    else:
        assert "headcount" in refusal(InvalidInput, call).errors


def test_the_end_must_follow_the_start(world):
    starts = utcnow() + timedelta(days=1)
    error = refusal(InvalidInput, lambda: publishing.publish_community_activity(
        actor(world["community_admin"]), activity_form(starts_at=starts, ends_at=starts)))
    assert error.errors == {"ends_at": ["结束时间须晚于开始时间"]}


def test_a_volunteer_service_organisation_publishes_only_through_its_claims(world):
    error = refusal(Forbidden, lambda: publishing.publish_community_activity(
        actor(world["provider_admin"]), activity_form()))
    assert error.error == "community_only"
    error = refusal(Forbidden, lambda: publishing.publish_community_activity(
        actor(world["provider_admin"]), activity_form(), organisation_id=world["provider"]))
    assert error.error == "community_only"


def test_another_communitys_staff_cannot_publish_for_it(world):
    refusal(NotFound, lambda: publishing.publish_community_activity(
        actor(world["other_community_admin"]), activity_form(), organisation_id=world["community"]))


def test_a_platform_administrator_names_the_community(world):
    admin = make_admin()
    error = refusal(InvalidInput, lambda: publishing.publish_community_activity(actor(admin), activity_form()))
    assert error.errors == {"organisation_id": ["请选择发布活动的社区"]}
    with unit_of_work():
        activity = publishing.publish_community_activity(actor(admin), activity_form(),
                                                         organisation_id=world["community"])
        assert activity.publisher_org_id == world["community"]


def test_a_cover_is_the_publishers_own_upload_and_anyone_signed_in_reads_it(world):
    cover = png(world["community_admin"])
    activity_id = publish_as(world["community_admin"], cover_upload_id=cover)
    assert activity_row(activity_id).cover_upload_id == cover
    upload = db.session.get(Upload, cover)
    assert (upload.attached_kind, upload.attached_id) == (publishing.COVER_KIND, activity_id)
    assert can_read(actor(make_volunteer()), upload)

    foreign = png(world["other_community_admin"])
    error = refusal(InvalidInput, lambda: publishing.publish_community_activity(
        actor(world["community_admin"]), activity_form(cover_upload_id=foreign)))
    assert error.errors == {"cover_upload_id": {0: ["图片不存在或已被删除"]}}
    error = refusal(InvalidInput, lambda: publishing.publish_community_activity(
        actor(world["community_admin"]), activity_form(cover_upload_id=cover)))  # already used by the first
    assert error.errors == {"cover_upload_id": {0: ["图片已被其他内容使用"]}}


# -- cancelling ---------------------------------------------------------------------------------------
def test_cancelling_drops_live_signups_frees_places_and_tells_those_volunteers(world):
    activity_id = make_activity(world, headcount=5)
    staying, leaving = make_volunteer("甲"), make_volunteer("乙")
    sign(staying, activity_id)
    leaving_signup = sign(leaving, activity_id)
    with unit_of_work():
        signups.cancel_signup(actor(leaving), leaving_signup)

    with unit_of_work():
        publishing.cancel_activity(actor(world["community_staff"]), activity_id, "  天气原因  ")

    activity = activity_row(activity_id)
    assert (activity.status, activity.status_reason, activity.signed_up_count) == (
        ActivityStatus.CANCELLED, "天气原因", 0)
    statuses = dict(db.session.execute(sa.select(ActivitySignup.volunteer_id, ActivitySignup.status)
                                       .where(ActivitySignup.activity_id == activity_id)).all())
    assert statuses == {staying: SignupStatus.CANCELLED, leaving: SignupStatus.CANCELLED}
    trail = events_of(activity_id)
    assert ("activity", "cancel", "recruiting", "cancelled", world["community_staff"], "天气原因") in trail
    assert [e for e in trail if e[1] == "drop"] == [
        ("signup", "drop", "signed_up", "cancelled", world["community_staff"], None)]
    assert readers("activity.cancelled", activity_id) == {staying}


def test_cancelling_needs_a_reason(world):
    activity_id = make_activity(world)
    error = refusal(InvalidInput, lambda: publishing.cancel_activity(actor(world["community_admin"]), activity_id, " "))
    assert error.errors == {"reason": ["请填写原因"]}
    assert activity_row(activity_id).status == ActivityStatus.RECRUITING


def test_only_the_publisher_cancels(world):
    activity_id = make_activity(world)
    error = refusal(NotFound, lambda: publishing.cancel_activity(actor(world["other_community_admin"]),
                                                                 activity_id, "不办了"))
    assert error.error == "activity_not_found"
    refusal(NotFound, lambda: publishing.cancel_activity(actor(world["provider_admin"]), activity_id, "不办了"))
    refusal(Forbidden, lambda: publishing.cancel_activity(actor(make_volunteer()), activity_id, "不办了"))
    assert activity_row(activity_id).status == ActivityStatus.RECRUITING


def test_an_ended_or_cancelled_activity_cannot_be_cancelled(world):
    for status in (ActivityStatus.ENDED, ActivityStatus.CANCELLED):
        activity_id = make_activity(world, status=status)
        error = refusal(Conflict, lambda: publishing.cancel_activity(actor(world["community_admin"]),
                                                                     activity_id, "不办了"))  # noqa: B023
        assert error.error == "invalid_transition"


def test_an_activity_past_its_end_cannot_be_cancelled_even_before_the_sweep(world):
    activity_id = make_activity(world, starts_in=-timedelta(hours=3), hours=1)
    error = refusal(Conflict, lambda: publishing.cancel_activity(actor(world["community_admin"]), activity_id, "迟了"))
    assert error.error == "activity_ended"


def test_an_activity_under_way_may_still_be_cancelled(world):
    activity_id = make_activity(world, starts_in=-timedelta(hours=1), hours=3)
    with unit_of_work():
        publishing.cancel_activity(actor(world["community_admin"]), activity_id, "突发情况")
    assert activity_row(activity_id).status == ActivityStatus.CANCELLED


# -- for an accepted claim ----------------------------------------------------------------------------
def test_the_claimer_publishes_with_the_zone_prefix_written_once_and_the_need_linked(world):
    claim_id = make_claim(world)
    first = publish_for_claim(world["provider_admin"], claim_id, title="暑期课堂")
    second = publish_for_claim(world["provider_admin"], claim_id, title="【七彩假期】【七彩假期】 暑期课堂二")

    assert activity_row(first).title == "【七彩假期】暑期课堂"
    assert activity_row(second).title == "【七彩假期】暑期课堂二"
    activity = activity_row(first)
    assert (activity.publisher_org_id, activity.region_path) == (world["provider"], region("440106").path)
    links = db.session.execute(sa.select(NeedActivity.activity_id, NeedActivity.claim_id)
                               .order_by(NeedActivity.activity_id)).all()
    assert [tuple(r) for r in links] == [(first, claim_id), (second, claim_id)]
    page = claim_activities.need_activities(_need_of(claim_id))
    assert [item["id"] for item in page["items"]] == [second, first]


def _need_of(claim_id):
    from app.needs.models import Claim

    return db.session.get(Claim, claim_id).need_id


def test_a_need_outside_any_zone_gets_no_prefix(world):
    claim_id = make_claim(world, zone=False)
    assert activity_row(publish_for_claim(world["provider_admin"], claim_id, title="读书会")).title == "读书会"


def test_a_title_that_is_only_the_prefix_is_no_title(world):
    claim_id = make_claim(world)
    error = refusal(InvalidInput, lambda: claim_activities.publish_claim_activity(
        actor(world["provider_admin"]), claim_id, activity_form(title="【七彩假期】")))
    assert error.errors == {"title": ["请填写活动标题"]}


def test_the_claim_activity_region_lies_inside_the_needs_region(world):
    claim_id = make_claim(world)
    activity_id = publish_for_claim(world["provider_admin"], claim_id, region_code="440106001001")
    assert activity_row(activity_id).region_path == region("440106001001").path
    error = refusal(InvalidInput, lambda: claim_activities.publish_claim_activity(
        actor(world["provider_admin"]), claim_id, activity_form(region_code="440104")))
    assert error.errors == {"region_code": ["活动区域须在需求的区域范围内"]}


@pytest.mark.parametrize("status", [ClaimStatus.PENDING, ClaimStatus.RETURNED, ClaimStatus.WITHDRAWN])
def test_only_an_accepted_claim_gets_activities(world, status):
    claim_id = make_claim(world, status=status, need_status=NeedStatus.UNCLAIMED)
    error = refusal(Conflict, lambda: claim_activities.publish_claim_activity(
        actor(world["provider_admin"]), claim_id, activity_form()))
    assert error.error == "claim_not_accepted"


def test_a_completed_need_gets_no_more_activities(world):
    claim_id = make_claim(world, need_status=NeedStatus.COMPLETED)
    error = refusal(Conflict, lambda: claim_activities.publish_claim_activity(
        actor(world["provider_admin"]), claim_id, activity_form()))
    assert error.error == "need_not_claimed"


def test_another_organisations_claim_looks_missing(world):
    claim_id = make_claim(world)
    for user in (world["other_provider_admin"], world["community_admin"]):
        error = refusal(NotFound, lambda: claim_activities.publish_claim_activity(
            actor(user), claim_id, activity_form()))  # noqa: B023
        assert error.error == "claim_not_found"
    error = refusal(NotFound, lambda: claim_activities.publish_claim_activity(
        actor(world["provider_admin"]), 999999, activity_form()))
    assert error.error == "claim_not_found"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0


def test_a_missing_need_has_no_activity_list(world):
    error = refusal(NotFound, lambda: claim_activities.need_activities(999999))
    assert error.error == "need_not_found"
