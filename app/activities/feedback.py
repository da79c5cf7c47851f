"""Activity feedback (活动反馈, DOMAIN.md §5): once the activity has started, its publisher writes — and may
rewrite — a summary of how it went with up to 9 photos; the feedback is shown publicly with the activity.

Photos are uploads attached as ("activity_feedback", activity id): one activity has one feedback, so the
activity id names it, and resubmitting the list keeps, adds and drops photos in one step.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.policy import Actor
from app.activities import events
from app.activities.access import activity_for_publisher, load_activity
from app.activities.attendance import check_confirmable
from app.activities.models import ActivityFeedback
from app.core.errors import InvalidInput, NotFound
from app.core.timeutil import utcnow
from app.extensions import db
from app.uploads.access import register_access_rule
from app.uploads.models import Upload
from app.uploads.services import attach_uploads

PHOTO_KIND = "activity_feedback"
SUMMARY_MAX = 2000
PHOTOS_MAX = 9


def feedback_not_found() -> NotFound:
    return NotFound("该活动还没有活动反馈", error="feedback_not_found")


def write_feedback(actor: Actor, activity_id: int, summary: str, photo_upload_ids: list[int]) -> ActivityFeedback:
    """活动反馈 (activity.confirm_attendance, the publisher's own staff): write or rewrite the summary
    (required, at most 2000 characters) and the complete list of photos (at most 9, each the writer's own
    upload or one already on this feedback). Not before the start, not for a cancelled activity."""
    activity = activity_for_publisher(actor, "activity.confirm_attendance", activity_id, lock=True)
    check_confirmable(activity)
    text = (summary or "").strip()
    if not text:
        raise InvalidInput(errors={"summary": ["请填写活动反馈"]})
    if len(text) > SUMMARY_MAX:
        raise InvalidInput(errors={"summary": [f"长度不能超过 {SUMMARY_MAX}"]})
    # The activity row is locked: no second writer can insert the feedback between this read and the add.
    feedback = db.session.scalar(sa.select(ActivityFeedback).where(ActivityFeedback.activity_id == activity.id)
                                 .execution_options(populate_existing=True))
    action = "rewrite_feedback" if feedback else "write_feedback"
    if feedback is None:
        feedback = ActivityFeedback(activity_id=activity.id, summary=text, written_by_id=actor.user_id)
        db.session.add(feedback)
    else:
        feedback.summary, feedback.written_by_id, feedback.updated_at = text, actor.user_id, utcnow()
    attach_uploads(photo_upload_ids, actor_user_id=actor.user_id, kind=PHOTO_KIND, target_id=activity.id,
                   max_count=PHOTOS_MAX, field="photo_upload_ids")
    db.session.flush()
    events.record("feedback", feedback.id, action, activity_id=activity.id, actor_id=actor.user_id)
    db.session.flush()
    return feedback


def feedback_of(activity_ids: list[int]) -> dict[int, dict]:
    """The public feedback of each activity that has one, in two queries whatever the number of activities."""
    if not activity_ids:
        return {}
    rows = db.session.execute(sa.select(ActivityFeedback.activity_id, ActivityFeedback.summary,
                                        ActivityFeedback.created_at, ActivityFeedback.updated_at)
                              .where(ActivityFeedback.activity_id.in_(activity_ids))).all()
    if not rows:
        return {}
    photos: dict[int, list[int]] = {}
    for upload_id, target in db.session.execute(
            sa.select(Upload.id, Upload.attached_id)
            .where(Upload.attached_kind == PHOTO_KIND, Upload.attached_id.in_([r.activity_id for r in rows]))
            .order_by(Upload.id)):
        photos.setdefault(target, []).append(upload_id)
    return {r.activity_id: {"activity_id": r.activity_id, "summary": r.summary,
                            "photo_upload_ids": photos.get(r.activity_id, []), "created_at": r.created_at,
                            "updated_at": r.updated_at} for r in rows}


def public_feedback(activity_id: int) -> dict:
    """The feedback shown with the activity (anyone); 404 when the activity or its feedback does not exist."""
    load_activity(activity_id)
    found = feedback_of([activity_id]).get(activity_id)
    if found is None:
        raise feedback_not_found()
    return found


def _may_read_photo(_actor, activity_id: int) -> bool:
    """Feedback is public, and so are its photos once attached: anyone signed in reads them."""
    return db.session.scalar(sa.select(ActivityFeedback.id).where(ActivityFeedback.activity_id == activity_id)) \
        is not None


register_access_rule(PHOTO_KIND, _may_read_photo)
