"""Public help requests (公众求助): submitted to a community, assigned to its volunteers, served, closed
(办结). The requester's contact details are encrypted and shown only to the assigned volunteers, the
community's staff and the requester; a closed request is shown publicly without them."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation, User
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class HelpRequestStatus(enum.StrEnum):
    PENDING = "pending"    # 待安排
    ASSIGNED = "assigned"  # 已安排: volunteers assigned, serving
    CLOSED = "closed"      # 已办结
    DECLINED = "declined"  # 不予受理, with a reason
    WITHDRAWN = "withdrawn"  # 已撤回 by the requester before it was assigned


class HelpRequest(db.Model):
    __tablename__ = "help_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    region_path: Mapped[str] = mapped_column(sa.String(200))  # the community's, for statistics by prefix
    title: Mapped[str] = mapped_column(sa.String(100))        # 求助事项
    content: Mapped[str] = mapped_column(sa.Text)             # 求助内容
    place: Mapped[str] = mapped_column(sa.String(200))        # 地点
    wanted_at: Mapped[datetime] = mapped_column(UTCDateTime)  # 期望服务时间
    contact_name_enc: Mapped[str] = mapped_column(sa.String(255))
    contact_phone_enc: Mapped[str] = mapped_column(sa.String(255))
    status: Mapped[HelpRequestStatus] = mapped_column(str_enum(HelpRequestStatus), default=HelpRequestStatus.PENDING)
    status_reason: Mapped[str | None] = mapped_column(sa.String(200))
    close_summary: Mapped[str | None] = mapped_column(sa.Text)  # 办理情况, public once closed
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    requester: Mapped[User] = relationship(lazy="raise", foreign_keys=[requester_id])
    community: Mapped[Organisation] = relationship(lazy="raise")
    assignments: Mapped[list[HelpAssignment]] = relationship(back_populates="request", lazy="raise",
                                                             order_by="HelpAssignment.id")

    __table_args__ = (
        sa.Index("ix_help_requests_community_status", "community_id", "status", "id"),
        sa.Index("ix_help_requests_closed", "closed_at", "id", postgresql_where=sa.text("status = 'closed'"),
                 sqlite_where=sa.text("status = 'closed'")),
        sa.Index("ix_help_requests_region_path", "region_path", postgresql_ops={"region_path": "text_pattern_ops"}),
    )


class HelpAssignment(db.Model):
    """One volunteer assigned to a request, their result report (服务结果) and the hours credited at closing."""

    __tablename__ = "help_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("help_requests.id"))
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    assigned_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    result: Mapped[str | None] = mapped_column(sa.Text)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    credited_hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 1))

    request: Mapped[HelpRequest] = relationship(back_populates="assignments", lazy="raise")
    volunteer: Mapped[User] = relationship(lazy="raise", foreign_keys=[volunteer_id])

    __table_args__ = (sa.UniqueConstraint("request_id", "volunteer_id", name="uq_help_assignments_volunteer"),)
