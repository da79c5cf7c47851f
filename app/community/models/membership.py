"""Joining a service community (志愿者申请) and being its volunteer."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation, User
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class ApplicationStatus(enum.StrEnum):
    PENDING = "pending"      # 待审核
    APPROVED = "approved"    # 审核通过
    REJECTED = "rejected"    # 审核不通过
    WITHDRAWN = "withdrawn"  # 已撤回 by the applicant


class CommunityApplication(db.Model):
    """志愿者申请: what the person filled in, kept as written, whatever the decision."""

    __tablename__ = "community_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)  # 服务社区
    real_name: Mapped[str] = mapped_column(sa.String(30))
    id_card_enc: Mapped[str] = mapped_column(sa.String(255))
    id_card_index: Mapped[str] = mapped_column(sa.String(64), index=True)
    work_unit: Mapped[str] = mapped_column(sa.String(100))
    is_party_member: Mapped[bool]
    status: Mapped[ApplicationStatus] = mapped_column(str_enum(ApplicationStatus), default=ApplicationStatus.PENDING)
    status_reason: Mapped[str | None] = mapped_column(sa.String(200))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="raise", foreign_keys=[user_id])
    community: Mapped[Organisation] = relationship(lazy="raise")

    __table_args__ = (
        # One application waiting at a time per person.
        sa.Index("uq_community_applications_user_pending", "user_id", unique=True,
                 postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'")),
        sa.Index("ix_community_applications_community_status", "community_id", "status", "id"),
    )


class CommunityVolunteer(db.Model):
    """A person's current service community (one at a time). Moving replaces the row; the applications
    keep the history. `region_path` is the community's, copied so statistics group by prefix on one table."""

    __tablename__ = "community_volunteers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    region_path: Mapped[str] = mapped_column(sa.String(200))
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("community_applications.id"))
    id_card_enc: Mapped[str] = mapped_column(sa.String(255))
    work_unit: Mapped[str] = mapped_column(sa.String(100))
    is_party_member: Mapped[bool]
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="raise")
    community: Mapped[Organisation] = relationship(lazy="raise")

    __table_args__ = (
        sa.Index("ix_community_volunteers_region_path", "region_path",
                 postgresql_ops={"region_path": "text_pattern_ops"}),
        sa.Index("ix_community_volunteers_work_unit", "work_unit"),
    )
