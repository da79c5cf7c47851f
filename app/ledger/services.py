"""Booking points: every movement is one transfer of two entries that sum to zero.

Safety comes from the database, not from reading balances first: the debit is a conditional UPDATE
(`balance >= amount`) so concurrent donations queue on the row lock and the loser sees the new balance;
the transfer's unique `cause_key` makes a retried credit a no-op; a CHECK keeps balances non-negative
even if a future caller forgets the condition.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.core.errors import Conflict, InvalidInput
from app.core.persistence import upsert_insert
from app.extensions import db
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType

SYSTEM_OWNER = (OwnerType.SYSTEM, 0)


class InsufficientPoints(Conflict):
    error = "insufficient_points"
    message = "积分余额不足"


def account_id(owner_type: OwnerType, owner_id: int) -> int:
    """The id of an owner's account, created on first use (race-safe: ON CONFLICT DO NOTHING)."""
    db.session.execute(upsert_insert(LedgerAccount)
                       .values(owner_type=owner_type.value, owner_id=owner_id, balance=0)
                       .on_conflict_do_nothing(index_elements=["owner_type", "owner_id"]))
    return db.session.scalar(sa.select(LedgerAccount.id).where(LedgerAccount.owner_type == owner_type,
                                                               LedgerAccount.owner_id == owner_id))


def balance(owner_type: OwnerType, owner_id: int) -> int:
    value = db.session.scalar(sa.select(LedgerAccount.balance).where(LedgerAccount.owner_type == owner_type,
                                                                     LedgerAccount.owner_id == owner_id))
    return value or 0


def _move(account: int, delta: int) -> bool:
    table = LedgerAccount.__table__
    update = (sa.update(table).where(table.c.id == account).values(balance=table.c.balance + delta)
              .returning(table.c.id))
    if delta < 0:
        update = update.where(sa.or_(table.c.balance >= -delta, table.c.owner_type == OwnerType.SYSTEM.value))
    return db.session.execute(update).first() is not None


def transfer(*, source: tuple[OwnerType, int], destination: tuple[OwnerType, int], amount: int, cause: Cause,
             cause_key: str, memo: str = "", actor_id: int | None = None) -> int | None:
    """Move `amount` points from `source` to `destination`. Returns the transfer id, or None when this
    `cause_key` was booked before (nothing happens twice). Raises InsufficientPoints when the source
    cannot cover it; the caller's transaction then rolls back whole."""
    if amount <= 0:
        raise InvalidInput("积分数量必须大于 0", errors={"points": ["积分数量必须大于 0"]})
    src, dst = account_id(*source), account_id(*destination)
    if src == dst:
        raise InvalidInput("不能转给自己", errors={"destination": ["不能转给自己"]})
    table = LedgerTransfer.__table__
    transfer_id = db.session.execute(
        upsert_insert(LedgerTransfer)
        .values(cause=cause.value, cause_key=cause_key, amount=amount, source_id=src, destination_id=dst,
                memo=memo[:100], created_by_id=actor_id)
        .on_conflict_do_nothing(index_elements=["cause_key"]).returning(table.c.id)).scalar()
    if transfer_id is None:
        return None
    # Lock the two accounts in id order, so two opposite transfers cannot deadlock.
    for account, delta in sorted(((src, -amount), (dst, amount))):
        if not _move(account, delta):
            raise InsufficientPoints()
    db.session.execute(sa.insert(LedgerEntry), [
        {"transfer_id": transfer_id, "account_id": src, "amount": -amount},
        {"transfer_id": transfer_id, "account_id": dst, "amount": amount},
    ])
    return transfer_id


def issue(destination: tuple[OwnerType, int], amount: int, *, cause: Cause, cause_key: str, memo: str = "",
          actor_id: int | None = None) -> int | None:
    """Credit newly earned points (from the system account)."""
    return transfer(source=SYSTEM_OWNER, destination=destination, amount=amount, cause=cause,
                    cause_key=cause_key, memo=memo, actor_id=actor_id)
