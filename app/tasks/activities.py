"""Time passing for activities (app/activities/sweeps.py): thin beat tasks, one sweep and one transaction
each, every five minutes (app/tasks/schedule.py). Each is idempotent: a rerun or a concurrent run finds
nothing left to move and publishes nothing."""
from __future__ import annotations

import sqlalchemy as sa
from celery import shared_task

from app.activities import sweeps
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work

# A deadlock with a user's transaction on the same activity, or a dropped connection: the whole sweep rolled
# back, so running it again is safe.
RETRY = {"max_retries": 3, "autoretry_for": (sa.exc.OperationalError,), "retry_backoff": True,
         "retry_jitter": True}
REMINDER_HOURS = 24


@shared_task(name="app.tasks.activities.end_finished_activities", **RETRY)
def end_finished_activities() -> int:
    """Activities past their end time: 已结束."""
    with unit_of_work():
        return sweeps.end_finished_activities(utcnow())


@shared_task(name="app.tasks.activities.remind_activity_volunteers", **RETRY)
def remind_activity_volunteers() -> int:
    """Start reminders to signed-up volunteers, 24 h before."""
    with unit_of_work():
        return sweeps.remind_signed_up_volunteers(utcnow(), hours=REMINDER_HOURS)
