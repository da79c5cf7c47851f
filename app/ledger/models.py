"""Points accounts, transfers and entries (积分账户、流水).

A transfer moves points between two accounts as two entries that sum to zero (TimeOverflow's
transfer/movement). New points enter through the one system account, the only one allowed below zero,
so the sum over every account is always zero and each volunteer's balance is what they earned minus what
they gave away.
"""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class OwnerType(enum.StrEnum):
    USER = "user"                  # a volunteer's own points
    ORGANISATION = "organisation"  # a volunteer-service organisation (接单服务商)
    ORDER = "order"                # points donated to a wish order (收到捐赠积分)
    BENEFICIARY = "beneficiary"    # points donated to a beneficiary (服务对象收到的捐赠积分)
    SYSTEM = "system"              # where earned points come from (owner_id 0); may go below zero


class Cause(enum.StrEnum):
    CERTIFICATION = "certification"  # 时数认证
    ATTENDANCE = "attendance"        # 活动出勤
    HELP_REQUEST = "help_request"    # 公众求助办结
    RATING = "rating"                # 评分奖励
    DONATION = "donation"            # 捐分
    ADJUSTMENT = "adjustment"        # 人工调整


class LedgerAccount(db.Model):
    __tablename__ = "ledger_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[OwnerType] = mapped_column(str_enum(OwnerType))
    owner_id: Mapped[int]
    # Cached sums of the account's entries, updated in the same statement that adds an entry: points,
    # service hours (服务时长) and services (服务次数). The ledger carries all three so that a volunteer's
    # totals across the time bank and community activities live in one place and add up the same way.
    balance: Mapped[int] = mapped_column(default=0)
    hours: Mapped[Decimal] = mapped_column(sa.Numeric(12, 1), default=Decimal(0))
    services: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("owner_type", "owner_id", name="uq_ledger_accounts_owner"),
        sa.CheckConstraint("balance >= 0 OR owner_type = 'system'", name="balance_not_negative"),
        sa.CheckConstraint("(hours >= 0 AND services >= 0) OR owner_type = 'system'", name="service_not_negative"),
    )


class LedgerTransfer(db.Model):
    """One movement of points, service hours and service counts, with its cause. `cause_key` is unique: the
    same certification of the same volunteer (or the same donation request) can never be booked twice,
    whatever retries happen. A correction is a new transfer the other way (冲正), never an edit.

    A certification or an attendance moves hours and one service along with its points; a donation moves
    points only. All three quantities are non-negative on the transfer; the direction says who gains."""

    __tablename__ = "ledger_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    cause: Mapped[Cause] = mapped_column(str_enum(Cause))
    cause_key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    amount: Mapped[int]
    hours: Mapped[Decimal] = mapped_column(sa.Numeric(8, 1), default=Decimal(0))
    services: Mapped[int] = mapped_column(default=0)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_accounts.id"))
    destination_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_accounts.id"))
    memo: Mapped[str] = mapped_column(sa.String(100), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entries: Mapped[list[LedgerEntry]] = relationship(back_populates="transfer", order_by="LedgerEntry.id")

    __table_args__ = (
        sa.CheckConstraint("amount >= 0 AND hours >= 0 AND services >= 0", name="quantities_not_negative"),
        sa.CheckConstraint("amount > 0 OR hours > 0 OR services > 0", name="moves_something"),
        sa.CheckConstraint("source_id <> destination_id", name="distinct_accounts"),
        # The adjustments audit list (积分调整记录) reads only these few transfers, newest first.
        sa.Index("ix_ledger_transfers_adjustments", "id", postgresql_where=sa.text("cause = 'adjustment'"),
                 sqlite_where=sa.text("cause = 'adjustment'")))


class LedgerEntry(db.Model):
    """Append-only: one signed line per account per transfer."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_transfers.id"), index=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_accounts.id"))
    amount: Mapped[int]
    hours: Mapped[Decimal] = mapped_column(sa.Numeric(8, 1), default=Decimal(0))
    services: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    transfer: Mapped[LedgerTransfer] = relationship(back_populates="entries")

    __table_args__ = (sa.Index("ix_ledger_entries_account_id_id", "account_id", "id"),
                      sa.CheckConstraint("amount <> 0 OR hours <> 0 OR services <> 0", name="moves_something"))
