"""Races on export jobs: one user's simultaneous starts never pass the limit of jobs under way (their user
row serialises the count); a job delivered to two workers at once (acks_late redelivery) is run by one."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.sessions import actor_for
from app.core.errors import TooManyRequests
from app.core.unit_of_work import unit_of_work
from app.exports import jobs, runner
from app.exports.models import ExportJob, ExportKind, ExportStatus
from app.extensions import db
from tests.concurrency.conftest import run_together
from tests.timebank.factories_orders import make_order, make_order_world

pytestmark = pytest.mark.postgres


def _start(app, user_id: int):
    with app.app_context():
        try:
            with unit_of_work():
                actor = actor_for(db.session.get(User, user_id))
                return jobs.start_export(actor, ExportKind.ORDERS, {"tab": "all"}).id
        except TooManyRequests as exc:
            return exc.error
        finally:
            db.session.remove()


def test_simultaneous_starts_stop_at_the_limit(app, postgres_only):
    with app.app_context():
        staff = make_order_world("race").station_staff
    results = run_together(8, lambda _: _start(app, staff))
    assert sorted(r for r in results if isinstance(r, str)) == ["export_limit_reached"] * 5, results
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ExportJob)) == 3


def test_a_job_delivered_twice_at_once_is_run_once(app, postgres_only):
    with app.app_context():
        world = make_order_world("twice")
        for _ in range(30):
            make_order(world.station)
        job_id = _start(app, world.association_admin)
    folder = Path(app.config["EXPORT_DIR"])
    before = set(folder.iterdir()) if folder.is_dir() else set()

    def deliver(_):
        with app.app_context():
            try:
                return runner.run_job(job_id)
            finally:
                db.session.remove()

    outcomes = run_together(4, deliver)
    assert sorted(outcomes) == ["done", "skipped", "skipped", "skipped"], outcomes
    with app.app_context():
        job = db.session.get(ExportJob, job_id)
        assert (job.status, job.attempts, job.rows_done) == (ExportStatus.DONE, 1, 30)
        # One file, under the job's name; the skipped deliveries wrote nothing, not even a temporary file.
        assert [p.name for p in set(folder.iterdir()) - before] == [job.file_key]
