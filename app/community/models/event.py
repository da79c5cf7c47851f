"""The community module's audit trail: every state change of an application, a volunteer report, a help
request or a star, who, when, why."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class CommunityEvent(db.Model):
    __tablename__ = "community_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(sa.String(20))  # application | report | help_request | star
    subject_id: Mapped[int]
    # The community the subject was submitted to (None for stars, which belong to a region), so a
    # community's trail is one indexed query.
    community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(30))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # None: the platform's beat jobs
    reason: Mapped[str | None] = mapped_column(sa.String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_community_events_subject", "subject_type", "subject_id", "id"),)
