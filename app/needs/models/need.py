"""Formal needs (需求信息) published by league organisations, and the initial needs (初始需求) individuals
post for a league to adopt (DOMAIN.md §4)."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation, Region
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db
from app.needs.models.zone import Zone


class NeedStatus(enum.StrEnum):
    UNCLAIMED = "unclaimed"  # 待认领 (pending claims do not change it)
    CLAIMED = "claimed"      # 已认领: one claim accepted
    COMPLETED = "completed"  # 已完成
    WITHDRAWN = "withdrawn"  # 已撤回 by the league while unclaimed


class InitialNeedStatus(enum.StrEnum):
    PENDING = "pending"    # 待处理: the region's leagues see it
    ADOPTED = "adopted"    # 已采纳: became a formal need
    DECLINED = "declined"  # 未采纳, with the league's reason


class Need(db.Model):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campaign_zones.id"), index=True)
    league_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))  # stored with the zone's prefix
    content: Mapped[str] = mapped_column(sa.Text)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    region_path: Mapped[str] = mapped_column(sa.String(200), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    headcount: Mapped[int]
    leader_name: Mapped[str] = mapped_column(sa.String(30))
    # 负责人手机 / 固定电话: encrypted; shown to the league, and to the accepted claimer only.
    leader_mobile_enc: Mapped[str] = mapped_column(sa.String(255))
    leader_landline_enc: Mapped[str | None] = mapped_column(sa.String(255))
    status: Mapped[NeedStatus] = mapped_column(str_enum(NeedStatus), default=NeedStatus.UNCLAIMED, index=True)
    origin_initial_need_id: Mapped[int | None] = mapped_column(sa.ForeignKey("initial_needs.id"), unique=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    zone: Mapped[Zone | None] = relationship(lazy="raise")
    league: Mapped[Organisation] = relationship(lazy="raise")
    region: Mapped[Region] = relationship(lazy="raise")

    __table_args__ = (
        sa.CheckConstraint("headcount >= 1", name="headcount_positive"),
        sa.CheckConstraint("starts_at < ends_at", name="window_order"),
        sa.Index("ix_needs_status_created_at_id", "status", "created_at", "id"),
    )


class InitialNeed(db.Model):
    __tablename__ = "initial_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    poster_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(100))
    content: Mapped[str] = mapped_column(sa.Text)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    region_path: Mapped[str] = mapped_column(sa.String(200), index=True)
    contact_name: Mapped[str] = mapped_column(sa.String(30))
    contact_phone_enc: Mapped[str] = mapped_column(sa.String(255))
    status: Mapped[InitialNeedStatus] = mapped_column(str_enum(InitialNeedStatus),
                                                      default=InitialNeedStatus.PENDING, index=True)
    decided_by_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    region: Mapped[Region] = relationship(lazy="raise")
