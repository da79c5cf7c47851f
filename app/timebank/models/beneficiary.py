"""Beneficiaries (服务对象): elderly or needy people entered by a station (DOMAIN.md §3.1)."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Gender, Organisation, Region
from app.catalogue.models import CatalogueEntry
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class BeneficiaryStatus(enum.StrEnum):
    PENDING = "pending"    # 待审核
    ACTIVE = "active"      # 启用中
    REJECTED = "rejected"  # 审核不通过
    DISABLED = "disabled"  # 已禁用


class Beneficiary(db.Model):
    __tablename__ = "beneficiaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The station that entered the record; it alone sees the clear ID number and phone.
    station_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(30))
    phone_enc: Mapped[str] = mapped_column(sa.String(255))
    id_card_enc: Mapped[str] = mapped_column(sa.String(255))
    # HMAC blind index of the ID number: exact lookups and "one record per person".
    id_card_index: Mapped[str] = mapped_column(sa.String(64))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("catalogue_entries.id"))
    gender: Mapped[Gender] = mapped_column(str_enum(Gender))
    age: Mapped[int]
    political_status_id: Mapped[int] = mapped_column(sa.ForeignKey("catalogue_entries.id"))
    self_care_level_id: Mapped[int | None] = mapped_column(sa.ForeignKey("catalogue_entries.id"))
    living_status_id: Mapped[int] = mapped_column(sa.ForeignKey("catalogue_entries.id"))
    household_street_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"))  # 户籍街道 (its parent: 户籍区域)
    household_address: Mapped[str] = mapped_column(sa.String(200))
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"), index=True)  # 所在社区
    # The community's materialised path: the reviewing station is the one whose street contains it.
    region_path: Mapped[str] = mapped_column(sa.String(200), index=True)
    residential_address: Mapped[str] = mapped_column(sa.String(200))
    remarks: Mapped[str | None] = mapped_column(sa.String(500))
    filler_name: Mapped[str] = mapped_column(sa.String(30))       # 填写人姓名
    filler_phone_enc: Mapped[str] = mapped_column(sa.String(255))  # 填写人联系方式
    status: Mapped[BeneficiaryStatus] = mapped_column(str_enum(BeneficiaryStatus),
                                                      default=BeneficiaryStatus.PENDING, index=True)
    status_reason: Mapped[str | None] = mapped_column(sa.String(200))
    donated_points: Mapped[int] = mapped_column(default=0)  # 收到捐赠积分, cached from the ledger
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    station: Mapped[Organisation] = relationship(lazy="raise")
    category: Mapped[CatalogueEntry] = relationship(foreign_keys=[category_id], lazy="raise")
    political_status: Mapped[CatalogueEntry] = relationship(foreign_keys=[political_status_id], lazy="raise")
    self_care_level: Mapped[CatalogueEntry | None] = relationship(foreign_keys=[self_care_level_id], lazy="raise")
    living_status: Mapped[CatalogueEntry] = relationship(foreign_keys=[living_status_id], lazy="raise")
    household_street: Mapped[Region] = relationship(foreign_keys=[household_street_id], lazy="raise")
    community: Mapped[Region] = relationship(foreign_keys=[community_id], lazy="raise")

    __table_args__ = (
        # A deleted record frees its ID number for a new entry.
        sa.Index("uq_beneficiaries_id_card_index", "id_card_index", unique=True,
                 postgresql_where=sa.text("deleted_at IS NULL"), sqlite_where=sa.text("deleted_at IS NULL")),
        sa.CheckConstraint("age BETWEEN 0 AND 150", name="age_range"),
        sa.CheckConstraint("donated_points >= 0", name="donated_points_not_negative"),
    )
