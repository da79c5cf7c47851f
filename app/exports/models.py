"""Export jobs (导出任务): one spreadsheet a staff member asked for, made by a worker, downloaded by them alone.

The row is the job's whole state, so nothing is lost when a worker dies: a queued or stalled job is sent
again by the beat sweep, and each run fences its writes on its own `attempts` number."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class ExportKind(enum.StrEnum):
    ORDERS = "orders"                    # V订单记录 (GET /orders/export)
    COMMUNITY_STATS = "community_stats"  # 志愿统计 (GET /community/stats/export)


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    EXPIRED = "expired"  # done, and its file deleted by the sweep after EXPORT_TTL_HOURS


ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportJob(db.Model):
    __tablename__ = "export_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ExportKind] = mapped_column(str_enum(ExportKind))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # The list's filters as validated at start (the export endpoint's own schema), region defaults resolved.
    filters: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The requester's reach when the job was started (platform admin flag and memberships): the worker never
    # reads more than this, and less if a membership ended meanwhile.
    scope: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[ExportStatus] = mapped_column(str_enum(ExportStatus), default=ExportStatus.QUEUED)
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int | None]
    # Random name of the file under EXPORT_DIR (never the download name), and the name offered on download.
    file_key: Mapped[str | None] = mapped_column(sa.String(64))
    filename: Mapped[str | None] = mapped_column(sa.String(200))
    error: Mapped[str | None] = mapped_column(sa.String(200))  # Chinese, for the requester
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # My recent jobs, and my jobs still under way (the per-user limit).
        sa.Index("ix_export_jobs_user_created", "user_id", "created_at"),
        # The sweep: jobs under way (stalled?) and finished files (expired?).
        sa.Index("ix_export_jobs_status_finished", "status", "finished_at"),
        sa.CheckConstraint("rows_done >= 0", name="rows_done_not_negative"),
        sa.CheckConstraint("status <> 'done' OR (file_key IS NOT NULL AND finished_at IS NOT NULL)",
                           name="done_has_file"),
    )
