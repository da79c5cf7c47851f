"""Uploaded files (上传文件). The bytes live in the storage backend; this row says whose they are."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class Upload(db.Model):
    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random storage name: never derived from the client's file name.
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    content_type: Mapped[str] = mapped_column(sa.String(50))
    size: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    # What the file is attached to once a feature claims it (e.g. "beneficiary", 42).
    attached_kind: Mapped[str | None] = mapped_column(sa.String(30))
    attached_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_uploads_attached", "attached_kind", "attached_id"),
        # Half an attachment (a kind without a record, or the reverse) would make access rules guess.
        sa.CheckConstraint("(attached_kind IS NULL) = (attached_id IS NULL)", name="attachment_pair"),
    )
