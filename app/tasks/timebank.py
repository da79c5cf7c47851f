"""Time passing for wish orders (app/timebank/sweeps.py): thin beat tasks, one sweep and one transaction
each, every five minutes (app/tasks/schedule.py). Each is idempotent: a rerun or a concurrent run finds
nothing left to move and publishes nothing."""
from __future__ import annotations

import sqlalchemy as sa
from celery import shared_task
from flask import current_app

from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.timebank import sweeps

# A deadlock with a user's transaction on the same order, or a dropped connection: the whole sweep rolled
# back, so running it again is safe.
RETRY = {"max_retries": 3, "autoretry_for": (sa.exc.OperationalError,), "retry_backoff": True,
         "retry_jitter": True}


@shared_task(name="app.tasks.timebank.expire_overdue_orders", **RETRY)
def expire_overdue_orders() -> dict:
    """Open orders past their take deadline: expired, or in progress with the takers they have."""
    with unit_of_work():
        return sweeps.expire_overdue_orders(utcnow())


@shared_task(name="app.tasks.timebank.end_finished_services", **RETRY)
def end_finished_services() -> int:
    """Services past their end time: to evaluation (待评价); the station is told."""
    with unit_of_work():
        return sweeps.end_finished_services(utcnow())


@shared_task(name="app.tasks.timebank.remind_takers", **RETRY)
def remind_takers() -> dict:
    """Start reminders to approved takers (24 h and 1 h before)."""
    with unit_of_work():
        return sweeps.remind_takers(utcnow(), hours=tuple(current_app.config["ORDER_REMINDER_HOURS"]))


@shared_task(name="app.tasks.timebank.warn_near_deadlines", **RETRY)
def warn_near_deadlines() -> int:
    """Take deadline near with places left: tell the station, dispatch a second wave."""
    with unit_of_work():
        return sweeps.warn_near_deadlines(utcnow(), hours=current_app.config["ORDER_DEADLINE_WARNING_HOURS"])
