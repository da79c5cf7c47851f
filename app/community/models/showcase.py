"""The showcase (首页展示): quarterly stars (团队之星 / 个人之星) and the public entries for professional
volunteers, volunteer teams and service bases. Photos are uploads of kind "showcase_entry"."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class StarKind(enum.StrEnum):
    TEAM = "team"            # 团队之星: an organisation (community or volunteer-service organisation)
    VOLUNTEER = "volunteer"  # 个人之星: a party-member volunteer


class StarAward(db.Model):
    """One star per quarter, region and kind. The beat job writes computed rows; an association override
    (`overridden_by_id` set) is never replaced by a later computation."""

    __tablename__ = "star_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(sa.String(7))  # "2026Q3"
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"))
    kind: Mapped[StarKind] = mapped_column(str_enum(StarKind))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    hours: Mapped[Decimal] = mapped_column(sa.Numeric(12, 1), default=Decimal(0))
    citation: Mapped[str | None] = mapped_column(sa.String(200))  # 推荐理由, for overrides
    overridden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("quarter", "region_id", "kind", name="uq_star_awards_quarter_region_kind"),
        sa.CheckConstraint("(kind = 'team') = (organisation_id IS NOT NULL) "
                           "AND (kind = 'volunteer') = (user_id IS NOT NULL)", name="subject_matches_kind"),
    )


class ShowcaseKind(enum.StrEnum):
    PROFESSIONAL = "professional"  # 专业志愿者 (e.g. 律师)
    TEAM = "team"                  # 志愿者团队
    BASE = "base"                  # 服务基地


class ShowcaseEntry(db.Model):
    __tablename__ = "showcase_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ShowcaseKind] = mapped_column(str_enum(ShowcaseKind))
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"))
    region_path: Mapped[str] = mapped_column(sa.String(200))
    name: Mapped[str] = mapped_column(sa.String(100))
    profession: Mapped[str | None] = mapped_column(sa.String(50))        # professional volunteers: 律师 …
    affiliation: Mapped[str | None] = mapped_column(sa.String(100))      # 所属协会 / 所属社区
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    introduction: Mapped[str] = mapped_column(sa.Text)
    address: Mapped[str | None] = mapped_column(sa.String(200))          # service bases
    contact: Mapped[str | None] = mapped_column(sa.String(100))          # a public contact, never a person's phone
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint("kind <> 'professional' OR profession IS NOT NULL", name="professional_has_profession"),
        sa.Index("ix_showcase_entries_kind_active", "kind", "is_active", "sort_order", "id"),
    )
