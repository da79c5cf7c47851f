"""活动反馈 (app/activities/feedback.py): the publisher writes and rewrites the summary and photos once the
activity has started; every rule; the feedback shows publicly with the activity and its photos become
readable by anyone signed in."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.activities import feedback, publishing, queries
from app.activities.models import ActivityEvent, ActivityFeedback
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.uploads.models import Upload
from app.uploads.services import can_read
from tests.activities.factories_activities import activity_world, actor, make_activity, make_volunteer
from tests.activities.factories_attendance import photo, started_activity


@pytest.fixture
def world(app_ctx):
    return activity_world()


def write(user_id, activity_id, summary="活动顺利完成，共清理垃圾 20 袋", photos=()):
    with unit_of_work():
        return feedback.write_feedback(actor(user_id), activity_id, summary, list(photos)).id


def refused(exc_type, user_id, activity_id, summary="活动顺利完成", photos=()):
    with pytest.raises(exc_type) as caught:
        write(user_id, activity_id, summary, photos)
    return caught.value


def attached(activity_id) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Upload.id).where(
        Upload.attached_kind == "activity_feedback", Upload.attached_id == activity_id).order_by(Upload.id)))


def test_the_publisher_writes_feedback_shown_publicly_with_the_activity(world):
    activity_id, _ = started_activity(world, [])
    photos = [photo(world["community_admin"]), photo(world["community_admin"], "red")]

    write(world["community_admin"], activity_id, "  活动顺利完成  ", photos)

    public = feedback.public_feedback(activity_id)
    assert (public["summary"], public["photo_upload_ids"]) == ("活动顺利完成", photos)
    assert queries.activity_detail(None, activity_id)["feedback"] == public
    assert attached(activity_id) == photos
    assert db.session.execute(sa.select(ActivityEvent.subject_type, ActivityEvent.action, ActivityEvent.actor_id)
                              .where(ActivityEvent.subject_type == "feedback")).all() == [
        ("feedback", "write_feedback", world["community_admin"])]
    # Anyone signed in may now look at the photos; before, only their owner could.
    passer_by = actor(make_volunteer("路人"))
    assert all(can_read(passer_by, db.session.get(Upload, upload_id)) for upload_id in photos)


def test_an_unattached_photo_stays_private(world):
    upload_id = photo(world["community_admin"])
    assert not can_read(actor(make_volunteer("路人")), db.session.get(Upload, upload_id))


def test_rewriting_replaces_the_summary_and_the_photo_list(world):
    activity_id, _ = started_activity(world, [])
    first, second = photo(world["community_admin"]), photo(world["community_admin"])
    feedback_id = write(world["community_admin"], activity_id, "初稿", [first, second])
    third = photo(world["community_staff"])

    # Another staff member keeps one photo, drops the other and adds their own.
    assert write(world["community_staff"], activity_id, "定稿", [second, third]) == feedback_id

    row = db.session.scalars(sa.select(ActivityFeedback)).one()
    assert (row.summary, row.written_by_id) == ("定稿", world["community_staff"])
    assert attached(activity_id) == [second, third]
    assert db.session.get(Upload, first).attached_kind is None
    assert [a for a, in db.session.execute(sa.select(ActivityEvent.action).where(
        ActivityEvent.subject_type == "feedback").order_by(ActivityEvent.id))] == ["write_feedback", "rewrite_feedback"]


@pytest.mark.parametrize(("summary", "message"), [("", "请填写活动反馈"), ("   ", "请填写活动反馈"),
                                                  ("长" * 2001, "长度不能超过 2000")])
def test_the_summary_is_required_and_bounded(world, summary, message):
    activity_id, _ = started_activity(world, [])
    assert refused(InvalidInput, world["community_admin"], activity_id, summary).errors == {"summary": [message]}
    write(world["community_admin"], activity_id, "长" * 2000)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActivityFeedback)) == 1


def test_photos_are_the_writers_own_and_at_most_nine(world):
    activity_id, _ = started_activity(world, [])
    mine = [photo(world["community_admin"]) for _ in range(10)]
    error = refused(InvalidInput, world["community_admin"], activity_id, photos=mine)
    assert error.errors == {"photo_upload_ids": ["最多上传 9 张图片"]}
    someone_elses = photo(make_volunteer("路人"))
    error = refused(InvalidInput, world["community_admin"], activity_id, photos=[mine[0], someone_elses])
    assert error.errors == {"photo_upload_ids": {1: ["图片不存在或已被删除"]}}
    error = refused(InvalidInput, world["community_admin"], activity_id, photos=[mine[0], mine[0]])
    assert error.errors == {"photo_upload_ids": ["同一张图片不能重复提交"]}
    # Nothing was written by the refusals.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActivityFeedback)) == 0
    assert attached(activity_id) == []
    write(world["community_admin"], activity_id, photos=mine[:9])
    assert attached(activity_id) == mine[:9]


def test_a_photo_already_used_elsewhere_is_refused(world):
    first, _ = started_activity(world, [])
    second, _ = started_activity(world, [])
    upload_id = photo(world["community_admin"])
    write(world["community_admin"], first, photos=[upload_id])
    error = refused(InvalidInput, world["community_admin"], second, photos=[upload_id])
    assert error.errors == {"photo_upload_ids": {0: ["图片已被其他内容使用"]}}


def test_not_before_the_start_nor_for_a_cancelled_activity(world):
    upcoming = make_activity(world)
    assert refused(Conflict, world["community_admin"], upcoming).error == "activity_not_started"
    running, _ = started_activity(world, [], starts_ago=timedelta(hours=1))
    with unit_of_work():
        publishing.cancel_activity(actor(world["community_admin"]), running, "天气原因")
    assert refused(Conflict, world["community_admin"], running).error == "activity_cancelled"


@pytest.mark.parametrize("who", ["other_community_admin", "provider_admin"])
def test_another_organisation_sees_a_missing_activity(world, who):
    activity_id, _ = started_activity(world, [])
    assert refused(NotFound, world[who], activity_id).error == "activity_not_found"


def test_reading_feedback_that_does_not_exist(world):
    activity_id, _ = started_activity(world, [])
    assert queries.activity_detail(None, activity_id)["feedback"] is None
    with pytest.raises(NotFound) as caught:
        feedback.public_feedback(activity_id)
    assert (caught.value.error, caught.value.message) == ("feedback_not_found", "该活动还没有活动反馈")
    with pytest.raises(NotFound) as caught:
        feedback.public_feedback(999999)
    assert caught.value.error == "activity_not_found"
