"""Export jobs (app/exports/runner.py): the run itself, sent after the job's row is committed, and the beat
sweep that deletes files past EXPORT_TTL_HOURS and sends stalled jobs again.

Safe to deliver twice (task_acks_late): a run first claims its job with a conditional UPDATE, so a second
delivery of a job finished or under way finds nothing to do."""
from __future__ import annotations

import logging

from celery import shared_task

from app.core.timeutil import utcnow
from app.exports import runner

log = logging.getLogger(__name__)


@shared_task(name="app.tasks.exports.run_export", acks_late=True)
def run_export(job_id: int) -> str:
    """Write the job's .xlsx; a failure is recorded on the job (status failed, a message), not raised."""
    return runner.run_job(job_id)


def dispatch(job_id: int) -> None:
    """Hand a committed job to a worker. A broker that is down is not the requester's problem: the job stays
    queued and the sweep sends it again."""
    try:
        run_export.apply_async((job_id,), retry=False)
    except Exception:
        log.warning("could not send export job %s; the sweep will", job_id, exc_info=True)


@shared_task(name="app.tasks.exports.sweep_exports")
def sweep_exports() -> dict:
    now = utcnow()
    expired = runner.expire_files(now)
    stalled = runner.stalled_jobs(now)
    for job_id in stalled:
        dispatch(job_id)
    return {"expired": expired, "resent": len(stalled)}
