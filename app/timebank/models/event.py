"""The time bank's audit trail (订单跟踪): every state change of a beneficiary, order, take or
certification, who made it, when and why."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class TimebankEvent(db.Model):
    __tablename__ = "timebank_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(sa.String(20))  # beneficiary | order | take | certification
    subject_id: Mapped[int]
    # The order the event belongs to (takes and certifications too), so 订单跟踪 is one indexed query.
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("wish_orders.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(30))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # None: the platform's beat jobs
    reason: Mapped[str | None] = mapped_column(sa.String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_timebank_events_subject", "subject_type", "subject_id", "id"),)
