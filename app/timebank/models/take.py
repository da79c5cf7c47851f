"""Takes (接单): a volunteer, or a volunteer-service organisation as provider, taking a place (DOMAIN.md §3.3)."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation, User
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db
from app.timebank.models.order import WishOrder

ACTIVE_TAKE = "status IN ('pending', 'approved')"


class TakeStatus(enum.StrEnum):
    PENDING = "pending"      # 待审核: holds a place
    APPROVED = "approved"    # 审核通过: holds a place
    REJECTED = "rejected"    # 审核不通过
    WITHDRAWN = "withdrawn"  # 已撤回 (by the taker, before review)
    LAPSED = "lapsed"        # 未录用: still pending when recruitment ended


class OrderTake(db.Model):
    __tablename__ = "order_takes"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("wish_orders.id"), index=True)
    # Exactly one of the two: a volunteer taking in person, or an organisation taking as provider.
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    provider_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    taken_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))  # who pressed 立即接单
    status: Mapped[TakeStatus] = mapped_column(str_enum(TakeStatus), default=TakeStatus.PENDING)
    status_reason: Mapped[str | None] = mapped_column(sa.String(200))
    # Copied from the order so "no overlapping approved takes" is one indexed query.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    order: Mapped[WishOrder] = relationship(lazy="raise")
    volunteer: Mapped[User | None] = relationship(foreign_keys=[volunteer_id], lazy="raise")
    provider_org: Mapped[Organisation | None] = relationship(lazy="raise")

    __table_args__ = (
        sa.CheckConstraint("(volunteer_id IS NULL) <> (provider_org_id IS NULL)", name="one_taker"),
        # One live take per taker per order; a withdrawn or rejected one does not block taking again.
        sa.Index("uq_order_takes_order_volunteer_active", "order_id", "volunteer_id", unique=True,
                 postgresql_where=sa.text(ACTIVE_TAKE), sqlite_where=sa.text(ACTIVE_TAKE)),
        sa.Index("uq_order_takes_order_provider_active", "order_id", "provider_org_id", unique=True,
                 postgresql_where=sa.text(ACTIVE_TAKE), sqlite_where=sa.text(ACTIVE_TAKE)),
        sa.Index("ix_order_takes_volunteer_id_status_starts_at", "volunteer_id", "status", "starts_at"),
    )
