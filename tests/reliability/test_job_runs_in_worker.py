"""The last run of a scheduled job is recorded by the worker that runs it (a real Celery worker process fed
through the broker, as beat feeds it), and read back by the admin's list in the web process."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.tasks.models import JobRun
from tests.factories import auth, make_admin, token_for
from tests.reliability.support import require_postgres_and_redis, wait_until

pytestmark = pytest.mark.postgres


def _outcome(app, job: str) -> str | None:
    with app.app_context():
        outcome = db.session.scalar(sa.select(JobRun.outcome).where(JobRun.job == job))
        db.session.remove()
        return outcome


def test_a_worker_records_the_runs_it_makes(app, client, workers, broker, queue):
    require_postgres_and_redis(app)
    worker = workers(queue, 1)
    broker.send("app.tasks.housekeeping.purge_expired_sessions", queue)
    wait_until(lambda: _outcome(app, "purge-expired-sessions") == "succeeded", timeout=60,
               what="the worker's record of the purge", on_timeout=worker.log_tail)
    with app.app_context():
        token = token_for(make_admin())
    jobs = {job["name"]: job for job in client.get("/api/v1/admin/scheduled-jobs", headers=auth(token)).json}
    assert jobs["purge-expired-sessions"]["last_outcome_label"] == "成功"
    assert jobs["purge-expired-sessions"]["last_finished_at"] is not None
    assert jobs["sweep-outbox"]["last_outcome"] is None
