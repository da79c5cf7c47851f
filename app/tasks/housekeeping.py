"""Housekeeping jobs: clearing what has expired."""
from __future__ import annotations

from celery import shared_task

from app.accounts.maintenance import purge_expired_sessions as purge
from app.core.runtime import kv
from app.core.unit_of_work import unit_of_work


@shared_task(name="app.tasks.housekeeping.purge_expired_sessions", max_retries=3,
             autoretry_for=(ConnectionError,), retry_backoff=True, retry_jitter=True)
def purge_expired_sessions() -> int:
    """Delete auth sessions expired or revoked more than a week ago (one set-based statement)."""
    with unit_of_work():
        purged = purge()
    kv().purge_expired()  # the embedded SQLite store keeps expired entries until swept
    return purged
