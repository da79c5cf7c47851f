"""Signing up to activities (报名, DOMAIN.md §5): sign up, cancel one's sign-up before the start.

Places: a live sign-up holds one. Holding it is one conditional UPDATE (`signed_up_count < headcount`, the
activity still recruiting and not started), never read-check-write, and the CHECK on the table backs it
up: under any concurrency the places held cannot exceed the headcount.

Locks, always in this order so two use cases never wait on each other in a cycle:
  1. the volunteer's `users` row — serialises one volunteer's sign-ups, which is what makes "no two live
     sign-ups with overlapping times" hold when the same person signs up to two activities at once;
  2. the activity row (the place UPDATE, or SELECT … FOR UPDATE when cancelling);
  3. the sign-up row.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.policy import Actor
from app.activities import events
from app.activities.access import load_activity, load_signup, signup_not_found
from app.activities.models import Activity, ActivitySignup, ActivityStatus, SignupStatus
from app.activities.states import SIGNUP, next_status
from app.core.errors import Conflict, NotFound
from app.core.persistence import insert_unique
from app.core.timeutil import utcnow
from app.extensions import db

ACTIVITIES = Activity.__table__
SUBJECT = "signup"


class ActivityFull(Conflict):
    error = "activity_full"
    message = "该活动报名人数已满"


class AlreadySignedUp(Conflict):
    error = "already_signed_up"
    message = "您已报名该活动"


class NotRecruiting(Conflict):
    error = "activity_not_recruiting"
    message = "该活动不在招募中"


class ActivityStarted(Conflict):
    error = "activity_started"
    message = "活动已开始，不能报名"


class TimeConflict(Conflict):
    error = "time_conflict"
    message = "该活动与您已报名的活动时间冲突"


def sign_up(actor: Actor, activity_id: int) -> ActivitySignup:
    """报名: the signed-in volunteer (with a real name) takes one place on a recruiting activity that has
    not started, unless they already hold one or another live sign-up of theirs overlaps it."""
    person = _lock_volunteer(actor.user_id)
    if not (person.real_name or "").strip():
        raise Conflict("请先在“我的”中填写真实姓名后再报名", error="real_name_required")
    activity = load_activity(activity_id)
    now = utcnow()
    _check_open(activity.status, activity.starts_at, now)
    if _live_signup_id(actor.user_id, activity.id) is not None:
        raise AlreadySignedUp()
    clash = _overlapping_title(actor.user_id, activity)
    if clash is not None:
        raise TimeConflict(f"该活动与您已报名的活动「{clash}」时间冲突")
    if not _hold_place(activity.id, now):
        # The conditional UPDATE refused: full, or the activity stopped recruiting since we read it.
        row = db.session.execute(sa.select(ACTIVITIES.c.status, ACTIVITIES.c.starts_at)
                                 .where(ACTIVITIES.c.id == activity.id)).one()
        _check_open(row.status, row.starts_at, now)
        raise ActivityFull()
    signup = ActivitySignup(activity_id=activity.id, volunteer_id=actor.user_id, status=SignupStatus.SIGNED_UP,
                            starts_at=activity.starts_at, ends_at=activity.ends_at)
    # The partial unique index (one live sign-up per volunteer and activity) is the last word.
    insert_unique(signup, AlreadySignedUp())
    events.record(SUBJECT, signup.id, "sign_up", activity_id=activity.id, to_status=SignupStatus.SIGNED_UP.value,
                  actor_id=actor.user_id)
    db.session.refresh(activity, ["signed_up_count", "status"])
    return signup


def cancel_signup(actor: Actor, signup_id: int) -> ActivitySignup:
    """取消报名: the volunteer cancels their own live sign-up before the activity starts; the place is
    freed. Someone else's sign-up answers like a missing one."""
    signup = load_signup(signup_id)
    if signup.volunteer_id != actor.user_id:
        raise signup_not_found()
    _lock_volunteer(actor.user_id)
    activity = load_activity(signup.activity_id, lock=True)
    db.session.refresh(signup, with_for_update=True)  # the row as locked, not as first read
    next_status(SIGNUP, signup.status, "cancel")
    if activity.starts_at <= utcnow():
        raise Conflict("活动已开始，不能取消报名", error="activity_started")
    events.apply(SIGNUP, signup, SUBJECT, "cancel", activity_id=activity.id, actor_id=actor.user_id)
    signup.cancelled_at = utcnow()
    db.session.execute(sa.update(ACTIVITIES).where(ACTIVITIES.c.id == activity.id)
                       .values(signed_up_count=ACTIVITIES.c.signed_up_count - 1))
    db.session.flush()
    db.session.refresh(activity, ["signed_up_count"])
    return signup


def _check_open(status: str, starts_at, now) -> None:
    if status != ActivityStatus.RECRUITING:
        raise NotRecruiting()
    if starts_at <= now:
        raise ActivityStarted()


def _hold_place(activity_id: int, now) -> bool:
    result = db.session.execute(
        sa.update(ACTIVITIES)
        .where(ACTIVITIES.c.id == activity_id, ACTIVITIES.c.status == ActivityStatus.RECRUITING.value,
               ACTIVITIES.c.starts_at > now, ACTIVITIES.c.signed_up_count < ACTIVITIES.c.headcount)
        .values(signed_up_count=ACTIVITIES.c.signed_up_count + 1).returning(ACTIVITIES.c.id))
    return result.first() is not None


def _live_signup_id(volunteer_id: int, activity_id: int) -> int | None:
    return db.session.scalar(sa.select(ActivitySignup.id).where(
        ActivitySignup.volunteer_id == volunteer_id, ActivitySignup.activity_id == activity_id,
        ActivitySignup.status == SignupStatus.SIGNED_UP))


def _overlapping_title(volunteer_id: int, activity: Activity) -> str | None:
    """The title of another activity the volunteer holds a live place on whose time overlaps this one's."""
    return db.session.scalar(
        sa.select(Activity.title).join(ActivitySignup, ActivitySignup.activity_id == Activity.id)
        .where(ActivitySignup.volunteer_id == volunteer_id, ActivitySignup.status == SignupStatus.SIGNED_UP,
               ActivitySignup.starts_at < activity.ends_at, ActivitySignup.ends_at > activity.starts_at,
               ActivitySignup.activity_id != activity.id)
        .order_by(ActivitySignup.starts_at).limit(1))


def _lock_volunteer(user_id: int):
    """The volunteer's row, locked (columns only: the ORM's eager joins cannot be locked on PostgreSQL)."""
    row = db.session.execute(sa.select(User.id, User.real_name).where(User.id == user_id).with_for_update()).first()
    if row is None:
        raise NotFound("用户不存在", error="user_not_found")
    return row
