"""Time passing for needs and claims (七彩假期): the home figures' daily snapshot and the scoring reminders.
Thin beat tasks, one use case and one transaction each (app/tasks/schedule.py); both are idempotent: a
rerun rewrites the same snapshot rows, and finds no reminder due."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from celery import shared_task
from flask import current_app

from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.needs import scoring_reminders, snapshots

# A deadlock with a user's transaction or a dropped connection rolled the whole job back: run it again.
RETRY = {"max_retries": 3, "autoretry_for": (sa.exc.OperationalError,), "retry_backoff": True,
         "retry_jitter": True}


@shared_task(name="app.tasks.needs.take_need_snapshot", **RETRY)
def take_need_snapshot(day: str | None = None) -> int:
    """Home figures as of the end of `day` (YYYY-MM-DD; default yesterday in Asia/Shanghai)."""
    now = utcnow()
    with unit_of_work():
        return snapshots.take_snapshot(date.fromisoformat(day) if day else snapshots.yesterday(now), now=now)


@shared_task(name="app.tasks.needs.remind_unscored_claims", **RETRY)
def remind_unscored_claims() -> int:
    """Remind both organisations of accepted claims they have not scored yet (cadence in the config)."""
    config = current_app.config
    with unit_of_work():
        return scoring_reminders.remind_unscored_claims(
            utcnow(), first_days=config["NEED_SCORING_FIRST_REMINDER_DAYS"],
            every_days=config["NEED_SCORING_REMINDER_EVERY_DAYS"], times=config["NEED_SCORING_MAX_REMINDERS"])
