"""Wish orders (V订单): a service published by a station for one beneficiary (DOMAIN.md §3.2)."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation, Region
from app.catalogue.models import CatalogueEntry
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db
from app.timebank.models.beneficiary import Beneficiary


class NeedType(enum.StrEnum):
    FOR_OTHERS = "for_others"  # 为他人下单
    FOR_SELF = "for_self"      # 为自己下单


class OrderStatus(enum.StrEnum):
    PENDING = "pending"                # 待审核
    FIRST_APPROVED = "first_approved"  # 初审已通过
    REJECTED = "rejected"              # 审核不通过 (station first review)
    FINAL_REJECTED = "final_rejected"  # 二审不通过 (association final review)
    OPEN = "open"                      # 待接单
    IN_PROGRESS = "in_progress"        # 进行中
    TO_EVALUATE = "to_evaluate"        # 待评价
    COMPLETED = "completed"            # 已完成
    CANCELLED = "cancelled"            # 已取消
    EXPIRED = "expired"                # 已过期
    ABORTED = "aborted"                # 已中止


class WishOrder(db.Model):
    __tablename__ = "wish_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)  # 订单号: region code + yyMMddHHmmss + 2 digits
    title: Mapped[str] = mapped_column(sa.String(50))
    need_type: Mapped[NeedType] = mapped_column(str_enum(NeedType))
    beneficiary_id: Mapped[int] = mapped_column(sa.ForeignKey("beneficiaries.id"), index=True)
    station_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)  # publisher (创建人)
    service_item_id: Mapped[int] = mapped_column(sa.ForeignKey("catalogue_entries.id"))
    service_type_id: Mapped[int] = mapped_column(sa.ForeignKey("catalogue_entries.id"))
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"))
    street_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"))
    # The street's materialised path: region filters and "inside my region" are prefix matches.
    region_path: Mapped[str] = mapped_column(sa.String(200))
    latitude: Mapped[float] = mapped_column(sa.Float)
    longitude: Mapped[float] = mapped_column(sa.Float)
    address: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    take_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    recruit_count: Mapped[int]
    # Places held by pending or approved takes; the conditional UPDATE and the CHECK keep it <= recruit_count.
    places_held: Mapped[int] = mapped_column(default=0)
    approved_count: Mapped[int] = mapped_column(default=0)
    taker_notes: Mapped[str] = mapped_column(sa.Text)   # 接单须知
    traffic_guide: Mapped[str] = mapped_column(sa.Text)  # 交通指引
    content: Mapped[str] = mapped_column(sa.Text)        # 服务内容
    status: Mapped[OrderStatus] = mapped_column(str_enum(OrderStatus), default=OrderStatus.PENDING)
    status_reason: Mapped[str | None] = mapped_column(sa.String(200))  # 查看原因
    donated_points: Mapped[int] = mapped_column(default=0)  # 收到捐赠积分, cached from the ledger
    # Set by the beat jobs as they act, so each reminder goes out once and each sweep is a single UPDATE.
    reminded_24h_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_1h_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deadline_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    beneficiary: Mapped[Beneficiary] = relationship(lazy="raise")
    station: Mapped[Organisation] = relationship(lazy="raise")
    service_item: Mapped[CatalogueEntry] = relationship(foreign_keys=[service_item_id], lazy="raise")
    service_type: Mapped[CatalogueEntry] = relationship(foreign_keys=[service_type_id], lazy="raise")
    district: Mapped[Region] = relationship(foreign_keys=[district_id], lazy="raise")
    street: Mapped[Region] = relationship(foreign_keys=[street_id], lazy="raise")

    __table_args__ = (
        sa.CheckConstraint("recruit_count >= 1", name="recruit_count_positive"),
        sa.CheckConstraint("places_held >= 0 AND places_held <= recruit_count", name="places_within_count"),
        sa.CheckConstraint("approved_count >= 0 AND approved_count <= places_held", name="approved_within_held"),
        sa.CheckConstraint("take_deadline <= starts_at AND starts_at < ends_at", name="times_ordered"),
        sa.CheckConstraint("donated_points >= 0", name="donated_points_not_negative"),
        # The volunteer feed: open orders by start time (keyset on (starts_at, id)).
        sa.Index("ix_wish_orders_status_starts_at_id", "status", "starts_at", "id"),
        sa.Index("ix_wish_orders_status_take_deadline", "status", "take_deadline"),
        sa.Index("ix_wish_orders_status_ends_at", "status", "ends_at"),
        sa.Index("ix_wish_orders_region_path_status", "region_path", "status"),
    )
