"""The activities' beat sweeps (app/activities/sweeps.py) and their Celery tasks: the right activities move,
the audit events are written, the right volunteers hear of it — and a second run moves and sends nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.activities import publishing, signups, sweeps
from app.activities.models import Activity, ActivityEvent, ActivitySignup, ActivityStatus, SignupStatus
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import InboxItem, NotificationEvent
from app.tasks import activities as activity_tasks
from app.tasks.schedule import BEAT_SCHEDULE
from tests.activities.factories_activities import (
    activity_row,
    activity_world,
    actor,
    make_activity,
    make_volunteer,
    sign,
)

H = timedelta(hours=1)


@pytest.fixture
def world(app_ctx):
    return activity_world()


def run(sweep, *args, **kwargs):
    with unit_of_work():
        return sweep(*args, **kwargs)


def snapshot() -> tuple:
    db.session.expire_all()
    rows = db.session.execute(sa.select(Activity.id, Activity.status, Activity.reminded_at, Activity.signed_up_count)
                              .order_by(Activity.id)).all()
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(m))
              for m in (ActivityEvent, NotificationEvent, InboxItem)]
    return [tuple(r) for r in rows], counts


def test_activities_past_their_end_are_ended_once(world):
    finished = make_activity(world, starts_in=-3 * H, hours=2)
    under_way = make_activity(world, starts_in=-H, hours=2)
    future = make_activity(world)
    cancelled = make_activity(world, starts_in=-3 * H, hours=2, status=ActivityStatus.CANCELLED)
    volunteer = make_volunteer()
    with unit_of_work():  # a sign-up made while it was still open stays for the attendance confirmation
        row = activity_row(finished)
        db.session.add(ActivitySignup(activity_id=finished, volunteer_id=volunteer, status=SignupStatus.SIGNED_UP,
                                      starts_at=row.starts_at, ends_at=row.ends_at))

    now = utcnow()
    assert run(sweeps.end_finished_activities, now) == 1

    statuses = {a: activity_row(a).status for a in (finished, under_way, future, cancelled)}
    assert statuses == {finished: ActivityStatus.ENDED, under_way: ActivityStatus.RECRUITING,
                        future: ActivityStatus.RECRUITING, cancelled: ActivityStatus.CANCELLED}
    assert db.session.execute(sa.select(ActivityEvent.subject_type, ActivityEvent.subject_id, ActivityEvent.activity_id,
                                        ActivityEvent.action, ActivityEvent.from_status, ActivityEvent.to_status,
                                        ActivityEvent.actor_id)).all() == [
        ("activity", finished, finished, "end", "recruiting", "ended", None)]
    assert db.session.scalar(sa.select(ActivitySignup.status)) == SignupStatus.SIGNED_UP
    before = snapshot()
    assert run(sweeps.end_finished_activities, now) == 0
    assert snapshot() == before


def test_the_end_sweep_works_in_chunks(world):
    ids = [make_activity(world, starts_in=-3 * H, hours=1) for _ in range(5)]
    assert run(sweeps.end_finished_activities, utcnow(), chunk_size=2) == 5
    assert {activity_row(a).status for a in ids} == {ActivityStatus.ENDED}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActivityEvent)) == 5


def test_signed_up_volunteers_are_reminded_once_a_day_ahead(world):
    soon = make_activity(world, starts_in=10 * H)
    later = make_activity(world, starts_in=30 * H)
    nobody = make_activity(world, starts_in=5 * H)
    gone = make_activity(world, starts_in=6 * H)
    first, second, left = make_volunteer("甲"), make_volunteer("乙"), make_volunteer("丙")
    sign(first, soon)
    sign(second, soon)
    sign(first, later)
    with unit_of_work():
        signups.cancel_signup(actor(left), sign(left, soon))
    sign(second, gone)
    with unit_of_work():
        publishing.cancel_activity(actor(world["community_admin"]), gone, "取消")

    now = utcnow()
    assert run(sweeps.remind_signed_up_volunteers, now, hours=24) == 1

    event = db.session.scalar(sa.select(NotificationEvent).where(NotificationEvent.kind == "activity.starts_soon"))
    assert (event.subject_type, event.subject_id) == ("activity", soon)
    assert set(db.session.scalars(sa.select(InboxItem.user_id).where(InboxItem.event_id == event.id))) == {
        first, second}
    assert activity_row(soon).reminded_at is not None
    assert activity_row(later).reminded_at is None and activity_row(nobody).reminded_at is None
    before = snapshot()
    assert run(sweeps.remind_signed_up_volunteers, now, hours=24) == 0
    assert snapshot() == before
    # A day later the other activity is due.
    assert run(sweeps.remind_signed_up_volunteers, now + 7 * H, hours=24) == 1
    assert activity_row(later).reminded_at is not None


def test_the_tasks_run_the_sweeps_in_their_own_transaction_and_are_scheduled(world):
    ended = make_activity(world, starts_in=-3 * H, hours=1)
    reminded = make_activity(world, starts_in=2 * H)
    sign(make_volunteer(), reminded)
    assert activity_tasks.end_finished_activities.apply().get() == 1
    assert activity_tasks.remind_activity_volunteers.apply().get() == 1
    assert activity_row(ended).status == ActivityStatus.ENDED and activity_row(reminded).reminded_at is not None
    scheduled = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {"app.tasks.activities.end_finished_activities",
            "app.tasks.activities.remind_activity_volunteers"} <= scheduled
