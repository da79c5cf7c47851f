"""The needs module's audit trail: every state change of a need, initial need or claim, who, when, why."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class NeedEvent(db.Model):
    __tablename__ = "need_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(sa.String(20))  # need | initial_need | claim
    subject_id: Mapped[int]
    # The need the event belongs to (claims too), so a need's progress (处理进度) is one indexed query.
    need_id: Mapped[int | None] = mapped_column(sa.ForeignKey("needs.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(30))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # None: beat jobs
    reason: Mapped[str | None] = mapped_column(sa.String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_need_events_subject", "subject_type", "subject_id", "id"),)
