"""Volunteer reports (志愿者上报): experiences and plans, reviewed by the community, optionally published
to the public reports column. Photos are uploads of kind "volunteer_report"."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation, User
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class ReportKind(enum.StrEnum):
    EXPERIENCE = "experience"  # 心得体会
    PLAN = "plan"              # 活动计划


class ReportStatus(enum.StrEnum):
    PENDING = "pending"    # 待审核
    APPROVED = "approved"  # 审核通过
    REJECTED = "rejected"  # 审核不通过


class VolunteerReport(db.Model):
    __tablename__ = "volunteer_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    kind: Mapped[ReportKind] = mapped_column(str_enum(ReportKind))
    title: Mapped[str] = mapped_column(sa.String(100))
    content: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ReportStatus] = mapped_column(str_enum(ReportStatus), default=ReportStatus.PENDING)
    status_reason: Mapped[str | None] = mapped_column(sa.String(200))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set: shown in the public column
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(lazy="raise", foreign_keys=[author_id])
    community: Mapped[Organisation] = relationship(lazy="raise")

    __table_args__ = (
        sa.Index("ix_volunteer_reports_community_status", "community_id", "status", "id"),
        sa.Index("ix_volunteer_reports_published", "published_at", "id",
                 postgresql_where=sa.text("published_at IS NOT NULL"),
                 sqlite_where=sa.text("published_at IS NOT NULL")),
    )
