"""The export tasks (app/tasks/exports.py) driven through Celery (eager in tests): a run writes the file and a
second delivery changes nothing; progress is recorded every EXPORT_PROGRESS_EVERY rows, not per row; a failure
leaves the job failed with a Chinese message and no file, and a retry runs it again; a run that lost its claim
to a newer one writes nothing; the sweep resends jobs whose worker died and gives up after three runs."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.sessions import actor_for
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.exports import jobs, runner
from app.exports.models import ExportJob, ExportKind, ExportStatus
from app.extensions import db
from app.tasks import exports
from app.tasks.schedule import BEAT_SCHEDULE
from tests.timebank.factories_orders import make_order, make_order_world


@pytest.fixture
def world(app_ctx):
    world = make_order_world("task")
    for _ in range(7):
        make_order(world.station)
    return world


def _actor(user_id: int):
    return actor_for(db.session.get(User, user_id))


def _queued(user_id: int) -> int:
    with unit_of_work():
        return jobs.start_export(_actor(user_id), ExportKind.ORDERS, {"tab": "all"}).id


def _job(job_id: int) -> ExportJob:
    db.session.expire_all()
    return db.session.get(ExportJob, job_id)


@contextmanager
def config(app, **values):
    saved = {name: app.config[name] for name in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(saved)


def test_the_task_writes_the_file_and_a_second_delivery_changes_nothing(app, world):
    job_id = _queued(world.station_staff)
    assert exports.run_export.delay(job_id).get() == "done"
    job = _job(job_id)
    path = Path(app.config["EXPORT_DIR"]) / job.file_key
    written = path.stat().st_mtime_ns
    assert (job.status, job.rows_done, job.rows_total, job.attempts) == (ExportStatus.DONE, 7, 7, 1)
    assert exports.run_export.delay(job_id).get() == "skipped"
    again = _job(job_id)
    assert (again.file_key, again.attempts, path.stat().st_mtime_ns) == (job.file_key, 1, written)


def test_progress_is_recorded_every_n_rows_not_per_row(app, world):
    job_id = _queued(world.station_staff)
    recorded = []

    def watch(_conn, _cursor, statement, parameters, _context, _many):
        if statement.startswith("UPDATE export_jobs") and isinstance(parameters, dict) and "rows_done" in parameters:
            recorded.append(parameters["rows_done"])

    sa.event.listen(db.engine, "before_cursor_execute", watch)
    try:
        with config(app, EXPORT_PROGRESS_EVERY=3):
            assert exports.run_export.delay(job_id).get() == "done"
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", watch)
    # The claim (0), the total known (0), every third row (3, 6), the file in place (7).
    assert recorded == [0, 0, 3, 6, 7]


def test_a_failure_leaves_the_job_failed_without_a_file_and_a_retry_runs_it_again(app, world, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the export folder should be")
    job_id = _queued(world.station_staff)
    with config(app, EXPORT_DIR=str(blocked)):
        assert exports.run_export.delay(job_id).get() == "failed"
    job = _job(job_id)
    assert (job.status, job.error) == (ExportStatus.FAILED, "导出失败，请稍后重试")
    assert (job.file_key, job.filename) == (None, None)
    assert job.finished_at is not None
    assert exports.run_export.delay(job_id).get() == "skipped"  # a failed job stays failed until retried
    with unit_of_work():
        jobs.retry_export(_actor(world.station_staff), job_id)
    assert exports.run_export.delay(job_id).get() == "done"
    job = _job(job_id)
    assert (job.status, job.error, job.attempts, job.rows_done) == (ExportStatus.DONE, None, 2, 7)


def test_a_run_that_lost_its_claim_writes_nothing(app, world):
    """Its worker was silent so long that the job was claimed again: the first progress write finds the fence
    gone (another attempt number) and the run stops, leaving no file and the job to the newer run."""
    job_id = _queued(world.station_staff)
    folder = Path(app.config["EXPORT_DIR"])
    before = set(folder.iterdir()) if folder.is_dir() else set()
    taken = []

    def take_over(_conn, _cursor, statement, parameters, _context, _many):
        total_known = (parameters or {}).get("rows_total") is not None  # the run's first progress write
        if not taken and statement.startswith("UPDATE export_jobs") and total_known:
            taken.append(True)
            with db.engine.begin() as other:  # another worker's claim
                other.execute(sa.text("UPDATE export_jobs SET attempts = attempts + 1 WHERE id = :id"), {"id": job_id})

    sa.event.listen(db.engine, "before_cursor_execute", take_over)
    try:
        assert exports.run_export.delay(job_id).get() == "superseded"
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", take_over)
    job = _job(job_id)
    assert (job.status, job.attempts, job.file_key) == (ExportStatus.RUNNING, 2, None)
    assert set(folder.iterdir()) - before == set()


def test_the_sweep_resends_jobs_whose_worker_died_and_gives_up_after_three_runs(app, world):
    dead, hopeless = _queued(world.station_staff), _queued(world.station_admin)
    busy = _queued(world.association_admin)
    long_ago, now = utcnow() - timedelta(minutes=30), utcnow()
    with unit_of_work():
        for job_id, attempts, heartbeat in ((dead, 1, long_ago), (hopeless, 3, long_ago), (busy, 1, now)):
            db.session.execute(sa.update(ExportJob).where(ExportJob.id == job_id).values(
                status=ExportStatus.RUNNING, attempts=attempts, started_at=heartbeat, heartbeat_at=heartbeat))
    assert exports.sweep_exports.delay().get() == {"expired": 0, "resent": 1}
    assert (_job(dead).status, _job(dead).attempts, _job(dead).rows_done) == (ExportStatus.DONE, 2, 7)
    assert (_job(hopeless).status, _job(hopeless).error) == (ExportStatus.FAILED, "导出多次中断，请重新发起导出")
    assert _job(busy).status is ExportStatus.RUNNING  # its worker is alive: left alone
    assert runner.run_job(busy) == "skipped"


def test_the_sweep_resends_a_job_whose_message_was_lost_and_runs_every_five_minutes(app, world):
    lost = _queued(world.station_staff)
    fresh = _queued(world.station_admin)
    with unit_of_work():
        db.session.execute(sa.update(ExportJob).where(ExportJob.id == lost)
                           .values(created_at=utcnow() - timedelta(minutes=11)))
    assert exports.sweep_exports.delay().get() == {"expired": 0, "resent": 1}
    assert (_job(lost).status, _job(fresh).status) == (ExportStatus.DONE, ExportStatus.QUEUED)
    entry = BEAT_SCHEDULE["sweep-exports"]
    assert entry["task"] == exports.sweep_exports.name and entry["schedule"].minute == set(range(0, 60, 5))
