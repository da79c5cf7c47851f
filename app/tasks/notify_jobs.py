"""Scheduled notification jobs: quota reconciliation and the daily review digest."""
from __future__ import annotations

from celery import shared_task
from flask import current_app

from app.core.timeutil import SHANGHAI, utcnow
from app.core.unit_of_work import unit_of_work
from app.notify import digest, quotas


@shared_task(name="app.tasks.notify_jobs.reconcile_quotas", max_retries=3, retry_backoff=True)
def reconcile_quotas() -> int:
    if not current_app.config["WECHAT_MP_PUSH_ENABLED"]:
        return 0
    with unit_of_work():
        return quotas.reconcile()


@shared_task(name="app.tasks.notify_jobs.send_daily_digest", max_retries=3, retry_backoff=True)
def send_daily_digest() -> int:
    with unit_of_work():
        return digest.send_daily_digest(utcnow().astimezone(SHANGHAI).date())
