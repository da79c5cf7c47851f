"""Starting, reading and downloading export jobs (the request side); app/exports/runner.py is the worker side.

A job is its requester's alone: anybody else — their organisation's admin, a platform administrator —
gets the same 404 as for a job that does not exist. Starting needs the synchronous export's permission,
with its reach checked the same way, and pins that reach on the job (`scope`): the worker reads no more."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind, User
from app.accounts.policy import Actor, MembershipGrant, allows
from app.accounts.sessions import actor_for
from app.core.errors import Conflict, DomainError, Forbidden, NotFound, TooManyRequests
from app.core.runtime import setting
from app.exports.kinds import KINDS
from app.exports.models import ACTIVE, ExportJob, ExportKind, ExportStatus
from app.extensions import db

STATUS_LABELS = {ExportStatus.QUEUED: "排队中", ExportStatus.RUNNING: "导出中", ExportStatus.DONE: "已完成",
                 ExportStatus.FAILED: "导出失败", ExportStatus.EXPIRED: "已过期"}
RECENT = 20


def export_not_found() -> NotFound:
    return NotFound("导出任务不存在", error="export_not_found")


# -- the requester's reach, pinned on the job -------------------------------------------------------------
def scope_of(actor: Actor) -> dict:
    return {"platform_admin": actor.is_platform_admin,
            "grants": [[g.organisation_id, g.kind.value, g.role.value, g.region_path] for g in actor.grants]}


def actor_for_job(user_id: int, scope: dict) -> Actor:
    """The reach a job runs with: what was pinned at start, less whatever the user has lost since (a
    membership ended, an account disabled). Never more than at start."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        raise Forbidden("账号已停用，无法导出")
    current = actor_for(user)
    pinned = tuple(MembershipGrant(organisation_id=org, kind=OrgKind(kind), role=MemberRole(role), region_path=path)
                   for org, kind, role, path in scope.get("grants", []))
    return Actor(user_id=user_id, is_platform_admin=bool(scope.get("platform_admin")) and current.is_platform_admin,
                 grants=tuple(g for g in pinned if g in current.grants))


# -- starting ---------------------------------------------------------------------------------------------
def start_export(actor: Actor, kind: ExportKind, filters: dict) -> ExportJob:
    """A queued job for `filters` (already loaded by the endpoint's schema, JSON-shaped); the caller commits
    and then hands the job to a worker."""
    spec = KINDS[kind]
    if not allows(actor, spec.permission):
        raise Forbidden()
    pinned = spec.pin(actor, filters)
    _check_limit(actor)
    job = ExportJob(kind=kind, user_id=actor.user_id, filters=pinned, scope=scope_of(actor),
                    status=ExportStatus.QUEUED, rows_done=0, attempts=0)
    db.session.add(job)
    db.session.flush()
    return job


def _check_limit(actor: Actor) -> None:
    # Concurrent starts by one user queue here (their user row), so the count below cannot be raced past.
    db.session.execute(sa.select(User.id).where(User.id == actor.user_id).with_for_update())
    active = db.session.scalar(sa.select(sa.func.count()).select_from(ExportJob).where(
        ExportJob.user_id == actor.user_id, ExportJob.status.in_(ACTIVE))) or 0
    limit = setting("EXPORT_MAX_ACTIVE")
    if active >= limit:
        raise TooManyRequests(f"同时进行的导出最多 {limit} 个，请等已有的导出完成后再试",
                              error="export_limit_reached")


def retry_export(actor: Actor, job_id: int) -> ExportJob:
    """A failed job queued again, with the filters and reach pinned when it first started."""
    job = own_job(actor, job_id)
    if not allows(actor, KINDS[job.kind].permission):
        raise Forbidden()
    if job.status is not ExportStatus.FAILED:
        raise Conflict("只有导出失败的任务可以重试", error="export_not_retryable")
    _check_limit(actor)
    job.status, job.error, job.finished_at, job.rows_done, job.rows_total = ExportStatus.QUEUED, None, None, 0, None
    db.session.flush()
    return job


# -- reading ----------------------------------------------------------------------------------------------
def own_job(actor: Actor, job_id: int) -> ExportJob:
    # Always the row as it is now: a worker (another session) moves it on while this one holds a copy.
    job = db.session.get(ExportJob, job_id, populate_existing=True)
    if job is None or job.user_id != actor.user_id:
        raise export_not_found()
    return job


def my_jobs(actor: Actor) -> list[ExportJob]:
    return list(db.session.scalars(sa.select(ExportJob).where(ExportJob.user_id == actor.user_id)
                                   .order_by(ExportJob.id.desc()).limit(RECENT)))


def expires_at(job: ExportJob) -> datetime | None:
    if job.finished_at is None or job.status not in (ExportStatus.DONE, ExportStatus.EXPIRED):
        return None
    return job.finished_at + timedelta(hours=setting("EXPORT_TTL_HOURS"))


def present(job: ExportJob) -> dict:
    total = job.rows_total
    if job.status in (ExportStatus.DONE, ExportStatus.EXPIRED):
        percent = 100
    elif not total:
        percent = 0
    else:
        percent = min(99, job.rows_done * 100 // total)  # 100 only once the file is there
    return {"id": job.id, "kind": job.kind, "kind_label": KINDS[job.kind].label, "status": job.status,
            "status_label": STATUS_LABELS[job.status], "rows_done": job.rows_done, "rows_total": total,
            "percent": percent, "filters": job.filters, "error": job.error, "filename": job.filename,
            "created_at": job.created_at, "started_at": job.started_at, "finished_at": job.finished_at,
            "expires_at": expires_at(job)}


def export_file(job: ExportJob) -> Path:
    return Path(setting("EXPORT_DIR")) / job.file_key


def downloadable(actor: Actor, job_id: int) -> tuple[Path, str, str]:
    """(file, download name, ASCII fallback name) of the caller's finished job."""
    job = own_job(actor, job_id)
    if not allows(actor, KINDS[job.kind].permission):
        raise Forbidden()  # the right to this data was lost since the job started
    gone = DomainError(f"导出文件已过期（保留 {setting('EXPORT_TTL_HOURS')} 小时），请重新导出",
                       error="export_expired", status_code=410)
    if job.status is ExportStatus.EXPIRED:
        raise gone
    if job.status is not ExportStatus.DONE:
        raise Conflict("导出尚未完成" if job.status in ACTIVE else "导出失败，没有可下载的文件",
                       error="export_not_ready")
    path = export_file(job)
    if not path.is_file():
        raise gone
    return path, job.filename, KINDS[job.kind].fallback
