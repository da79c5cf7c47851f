"""League account imports (团组织账号批量导入): one row per committed spreadsheet, keyed by the digest of the
file's bytes, so submitting the same file twice cannot create its organisations twice."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class LeagueImportBatch(db.Model):
    __tablename__ = "league_import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)  # sha256 of the uploaded file
    filename: Mapped[str] = mapped_column(sa.String(200))
    organisation_count: Mapped[int] = mapped_column()
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
