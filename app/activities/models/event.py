"""The activities' audit trail: every state change of an activity or a sign-up, who made it, when and why."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class ActivityEvent(db.Model):
    __tablename__ = "activity_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(sa.String(20))  # activity | signup
    subject_id: Mapped[int]
    # The activity the event belongs to (sign-ups too), so an activity's history is one indexed query.
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activities.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(30))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # None: the platform's beat jobs
    reason: Mapped[str | None] = mapped_column(sa.String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_activity_events_subject", "subject_type", "subject_id", "id"),)
