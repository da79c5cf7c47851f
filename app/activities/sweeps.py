"""Time passing for activities (DOMAIN.md §5, §6): what the beat jobs do, without Celery.

Each sweep is a set-based UPDATE … RETURNING in bounded chunks whose WHERE names the current status or a
still-NULL marker column and changes it: a second run, or a concurrent one, finds nothing left to move and
so publishes nothing. The caller (app/tasks/activities.py) owns the transaction; `now` is a parameter so
tests and reruns are deterministic.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.activities import events
from app.activities.models import Activity, ActivityStatus
from app.activities.notices import activity_context, signed_up_volunteer_ids
from app.activities.states import ACTIVITY, next_status
from app.extensions import db
from app.notify.publish import publish

CHUNK_SIZE = 5_000
ACTIVITIES = Activity.__table__
RECRUITING = ActivityStatus.RECRUITING.value


def _claim(conditions: Sequence, values: dict, *, chunk_size: int) -> Iterator[list[int]]:
    """Chunks of activity ids matching `conditions`, each changed by `values` in one UPDATE … RETURNING.
    Rows are picked FOR UPDATE SKIP LOCKED, so a concurrent run neither waits for nor moves a row the
    other holds; `values` must make `conditions` false, which ends the loop."""
    while True:
        picked = sa.select(ACTIVITIES.c.id).where(*conditions).limit(chunk_size).with_for_update(skip_locked=True)
        ids = db.session.scalars(sa.update(ACTIVITIES).where(ACTIVITIES.c.id.in_(picked), *conditions)
                                 .values(**values).returning(ACTIVITIES.c.id)).all()
        if not ids:
            return
        yield ids


def end_finished_activities(now: datetime, *, chunk_size: int = CHUNK_SIZE) -> int:
    """Recruiting activities past their end time are ended (进行中 → 已结束); live sign-ups stay, for the
    attendance confirmation that follows. Returns the number of activities ended."""
    ended = str(next_status(ACTIVITY, RECRUITING, "end").to)
    moved = 0
    for ids in _claim((ACTIVITIES.c.status == RECRUITING, ACTIVITIES.c.ends_at <= now),
                      {"status": ended, "updated_at": now}, chunk_size=chunk_size):
        events.record_many("activity", [(i, i) for i in ids], "end", RECRUITING, ended, now)
        moved += len(ids)
    return moved


def remind_signed_up_volunteers(now: datetime, *, hours: int = 24, chunk_size: int = CHUNK_SIZE) -> int:
    """活动即将开始: volunteers signed up to a recruiting activity starting within `hours` are told, once per
    activity (reminded_at). Returns the number of activities reminded."""
    reminded = 0
    for ids in _claim((ACTIVITIES.c.status == RECRUITING, ACTIVITIES.c.reminded_at.is_(None),
                       ACTIVITIES.c.signed_up_count > 0, ACTIVITIES.c.starts_at > now,
                       ACTIVITIES.c.starts_at <= now + timedelta(hours=hours)),
                      {"reminded_at": now}, chunk_size=chunk_size):
        volunteers = signed_up_volunteer_ids(ids)
        for activity in db.session.scalars(sa.select(Activity).where(Activity.id.in_(ids)).order_by(Activity.id)
                                           .execution_options(populate_existing=True)):
            publish("activity.starts_soon", ("activity", activity.id),
                    activity_context(activity, volunteer_ids=volunteers[activity.id]))
        reminded += len(ids)
    return reminded
