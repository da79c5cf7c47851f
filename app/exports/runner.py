"""Running an export job (the worker side) and the sweep that keeps jobs moving and files short-lived.

A run claims the job with one conditional UPDATE (queued, or running but silent for EXPORT_STALE_MINUTES:
its worker died), numbering its attempt; every later write is fenced on that number, so a message delivered
twice (acks_late) or a run that lost its claim to a newer one changes nothing. Rows stream from the database
into a write-only workbook on disk (constant memory); progress goes in on its own connection every
EXPORT_PROGRESS_EVERY rows. The file is written under a temporary name and renamed into place before the
job says done; any failure leaves the job `failed` with a Chinese message and no file."""
from __future__ import annotations

import logging
import os
import secrets
import time
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from app.accounts.policy import allows
from app.core.errors import DomainError, Forbidden
from app.core.runtime import setting
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.exports.jobs import actor_for_job
from app.exports.kinds import KINDS
from app.exports.models import ExportJob, ExportStatus
from app.exports.workbook import ExportWorkbook
from app.extensions import db

log = logging.getLogger(__name__)
_JOBS = ExportJob.__table__
PART = ".part"
FAILED_MESSAGE = "导出失败，请稍后重试"
# A job whose worker died this many times is given up (the requester can start it again).
MAX_ATTEMPTS = 3


class Superseded(Exception):
    """This run lost the job to a newer attempt (it was silent too long): stop, write nothing more."""


class RecordedProgress:
    """Rows done, written every `every` rows on a connection of its own: the export's read transaction,
    which holds the streaming cursor, stays open meanwhile. Each write is also the run's heartbeat."""

    def __init__(self, job_id: int, attempt: int, every: int) -> None:
        self._fence = (_JOBS.c.id == job_id, _JOBS.c.attempts == attempt, _JOBS.c.status == ExportStatus.RUNNING)
        self._every = max(1, every)
        self._recorded = 0

    def start(self, total: int) -> None:
        self._write(rows_total=total, rows_done=0)

    def __call__(self, done: int) -> None:
        if done - self._recorded >= self._every:
            self._write(rows_done=done)
            self._recorded = done

    def _write(self, **values) -> None:
        with db.engine.begin() as conn:
            if conn.execute(sa.update(_JOBS).where(*self._fence).values(heartbeat_at=utcnow(), **values)).rowcount != 1:
                raise Superseded()


def _discard(*paths: Path) -> None:
    # Cleaning up after a failure must not raise a second error over the first (the folder may be the problem).
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not delete %s", path, exc_info=True)


def _claim(job_id: int, now: datetime):
    stale = now - timedelta(minutes=setting("EXPORT_STALE_MINUTES"))
    with unit_of_work():
        return db.session.execute(
            sa.update(_JOBS)
            .where(_JOBS.c.id == job_id, sa.or_(_JOBS.c.status == ExportStatus.QUEUED,
                                                sa.and_(_JOBS.c.status == ExportStatus.RUNNING,
                                                        _JOBS.c.heartbeat_at < stale)))
            .values(status=ExportStatus.RUNNING, attempts=_JOBS.c.attempts + 1, started_at=now, heartbeat_at=now,
                    rows_done=0, rows_total=None, error=None)
            .returning(_JOBS.c.attempts, _JOBS.c.kind, _JOBS.c.user_id, _JOBS.c.filters, _JOBS.c.scope)).one_or_none()


def _finish(job_id: int, attempt: int, **values) -> bool:
    with unit_of_work():
        return db.session.execute(
            sa.update(_JOBS).where(_JOBS.c.id == job_id, _JOBS.c.attempts == attempt,
                                   _JOBS.c.status == ExportStatus.RUNNING)
            .values(finished_at=utcnow(), **values)).rowcount == 1


def run_job(job_id: int) -> str:
    """Make the job's file. Returns what happened: done, failed, skipped (not this run's to do: finished,
    or under way elsewhere) or superseded."""
    now = utcnow()
    claimed = _claim(job_id, now)
    if claimed is None:
        return "skipped"
    attempt = claimed.attempts
    folder = Path(setting("EXPORT_DIR"))
    key = secrets.token_hex(16) + ".xlsx"
    part, final = folder / (key + PART), folder / key
    try:
        spec = KINDS[claimed.kind]
        actor = actor_for_job(claimed.user_id, claimed.scope)
        if not allows(actor, spec.permission):
            raise Forbidden("已没有导出该内容的权限")
        folder.mkdir(parents=True, exist_ok=True)
        workbook = ExportWorkbook()
        progress = RecordedProgress(job_id, attempt, setting("EXPORT_PROGRESS_EVERY"))
        rows, filename = spec.write(workbook, actor, claimed.filters, progress, now)
        db.session.rollback()  # the read transaction (and its cursor) ends before the file is assembled
        workbook.save(str(part))
        os.replace(part, final)  # never a half-written file under the real name
        if _finish(job_id, attempt, status=ExportStatus.DONE, file_key=key, filename=filename, rows_done=rows,
                   rows_total=rows, heartbeat_at=utcnow()):
            return "done"
        _discard(final)
        return "superseded"
    except Superseded:
        db.session.rollback()
        _discard(part)
        return "superseded"
    except Exception as exc:
        db.session.rollback()
        _discard(part, final)
        if isinstance(exc, DomainError):
            message = exc.message
        else:
            message = FAILED_MESSAGE
            log.exception("export job %s failed", job_id)
        _finish(job_id, attempt, status=ExportStatus.FAILED, error=message[:200])
        return "failed"


# -- the beat sweep ---------------------------------------------------------------------------------------
def expire_files(now: datetime) -> int:
    """Delete the files of jobs finished more than EXPORT_TTL_HOURS ago (the job row stays, `expired`), and
    any temporary file a killed worker left behind."""
    cutoff = now - timedelta(hours=setting("EXPORT_TTL_HOURS"))
    folder = Path(setting("EXPORT_DIR"))
    with unit_of_work():
        rows = db.session.execute(sa.select(_JOBS.c.id, _JOBS.c.file_key).where(
            _JOBS.c.status == ExportStatus.DONE, _JOBS.c.finished_at < cutoff).with_for_update(skip_locked=True)).all()
        if rows:
            db.session.execute(sa.update(_JOBS).where(_JOBS.c.id.in_([r.id for r in rows]))
                               .values(status=ExportStatus.EXPIRED, file_key=None))
    for row in rows:
        (folder / row.file_key).unlink(missing_ok=True)
    if folder.is_dir():
        for leftover in folder.glob("*" + PART):
            if leftover.stat().st_mtime < time.time() - setting("EXPORT_TTL_HOURS") * 3600:
                leftover.unlink(missing_ok=True)
    return len(rows)


def stalled_jobs(now: datetime) -> list[int]:
    """Jobs to send to a worker again: queued for EXPORT_STALE_MINUTES (the message was lost), or running
    but silent that long (the worker died). After MAX_ATTEMPTS dead runs a job is failed instead."""
    stale = now - timedelta(minutes=setting("EXPORT_STALE_MINUTES"))
    silent = sa.and_(_JOBS.c.status == ExportStatus.RUNNING, _JOBS.c.heartbeat_at < stale)
    with unit_of_work():
        db.session.execute(sa.update(_JOBS).where(silent, _JOBS.c.attempts >= MAX_ATTEMPTS).values(
            status=ExportStatus.FAILED, finished_at=now, error="导出多次中断，请重新发起导出"))
        return list(db.session.scalars(sa.select(_JOBS.c.id).where(sa.or_(
            sa.and_(_JOBS.c.status == ExportStatus.QUEUED, _JOBS.c.created_at < stale), silent))
            .order_by(_JOBS.c.id)))
