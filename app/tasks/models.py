"""The last run of each scheduled job, written where the tasks run (app/tasks/runs.py): beat's own record
lives in its schedule file on one machine and says nothing about how a run ended."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.types import UTCDateTime
from app.extensions import db


class JobRun(db.Model):
    __tablename__ = "job_runs"

    job: Mapped[str] = mapped_column(sa.String(100), primary_key=True)  # the beat schedule entry's name
    task: Mapped[str] = mapped_column(sa.String(200))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(sa.String(20))  # running / succeeded / failed / retrying
    error: Mapped[str | None] = mapped_column(sa.String(300))  # the exception's class and first words
