"""Time passing for community volunteering: the quarterly stars (app/community/stars.py). A thin beat task,
one transaction; idempotent: a rerun rewrites the same rows and never touches an association override."""
from __future__ import annotations

import sqlalchemy as sa
from celery import shared_task

from app.community import quarters, stars
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work

# A deadlock with an override being saved, or a dropped connection: the whole run rolled back, so run it again.
RETRY = {"max_retries": 3, "autoretry_for": (sa.exc.OperationalError,), "retry_backoff": True,
         "retry_jitter": True}


@shared_task(name="app.tasks.community.compute_quarterly_stars", **RETRY)
def compute_quarterly_stars(quarter: str | None = None) -> dict:
    """团队之星 / 个人之星 of `quarter` ("2026Q2"; default the quarter that ended last, in Asia/Shanghai)."""
    now = utcnow()
    with unit_of_work():
        return stars.compute_stars(quarter or quarters.previous(quarters.quarter_of(now)), now=now)
