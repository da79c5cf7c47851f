"""Attendance (活动确认) and feedback (活动反馈) of an activity.

An attendance row is the publisher's current word on one volunteer: served (with hours) or a no-show.
What the volunteer was credited lives in the ledger; every confirmation or correction books the difference
between this row's new value and what was booked before (`credited_hours`, `credited_services`), under a
cause key carrying `revision`, so nothing is edited and nothing is booked twice.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class ActivityAttendance(db.Model):
    __tablename__ = "activity_attendances"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activities.id"))
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    attended: Mapped[bool]                       # False: 未到 (no-show), recorded too
    hours: Mapped[Decimal] = mapped_column(sa.Numeric(5, 1), default=Decimal(0))
    # What the ledger holds for this row now (the sum of its transfers), and how many times it was set.
    credited_hours: Mapped[Decimal] = mapped_column(sa.Numeric(5, 1), default=Decimal(0))
    credited_points: Mapped[int] = mapped_column(default=0)
    credited_services: Mapped[int] = mapped_column(default=0)
    revision: Mapped[int] = mapped_column(default=1)
    confirmed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    volunteer: Mapped[User] = relationship(lazy="raise", foreign_keys=[volunteer_id])

    __table_args__ = (
        sa.UniqueConstraint("activity_id", "volunteer_id", name="uq_activity_attendances_volunteer"),
        sa.CheckConstraint("hours >= 0 AND hours <= 24", name="hours_range"),
        sa.CheckConstraint("attended OR hours = 0", name="no_show_has_no_hours"),
    )


class ActivityFeedback(db.Model):
    """活动反馈: the publisher's summary after the activity; photos are uploads of kind "activity_feedback"."""

    __tablename__ = "activity_feedbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activities.id"), unique=True)
    summary: Mapped[str] = mapped_column(sa.Text)
    written_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
