"""Booking points: every movement is one transfer of two entries that sum to zero.

Safety comes from the database, not from reading balances first: the debit is a conditional UPDATE
(`balance >= amount`) so concurrent donations queue on the row lock and the loser sees the new balance;
the transfer's unique `cause_key` makes a retried credit a no-op; a CHECK keeps balances non-negative
even if a future caller forgets the condition.
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from app.core.errors import Conflict, InvalidInput
from app.core.persistence import upsert_insert
from app.extensions import db
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType

SYSTEM_OWNER = (OwnerType.SYSTEM, 0)
_accounts = LedgerAccount.__table__


class InsufficientPoints(Conflict):
    error = "insufficient_points"
    message = "积分余额不足"


def _owned(owner_type: OwnerType, owner_id: int):
    return sa.and_(_accounts.c.owner_type == owner_type.value, _accounts.c.owner_id == owner_id)


def account_id(owner_type: OwnerType, owner_id: int) -> int:
    """The id of an owner's account, created on first use (race-safe: ON CONFLICT DO NOTHING)."""
    found = db.session.scalar(sa.select(_accounts.c.id).where(_owned(owner_type, owner_id)))
    if found is not None:
        # Read first: an INSERT … ON CONFLICT on every booking would burn a sequence value each time.
        return found
    db.session.execute(upsert_insert(LedgerAccount)
                       .values(owner_type=owner_type.value, owner_id=owner_id, balance=0)
                       .on_conflict_do_nothing(index_elements=["owner_type", "owner_id"]))
    return db.session.scalar(sa.select(_accounts.c.id).where(_owned(owner_type, owner_id)))


def balance(owner_type: OwnerType, owner_id: int) -> int:
    """The owner's balance (0 when the account does not exist yet)."""
    value = db.session.scalar(sa.select(_accounts.c.balance).where(_owned(owner_type, owner_id)))
    return value or 0


def transfer_by_key(cause_key: str) -> LedgerTransfer | None:
    """The transfer booked under `cause_key`, if any: what an idempotent retry answers with."""
    return db.session.scalar(sa.select(LedgerTransfer).where(LedgerTransfer.cause_key == cause_key))


def _move(account: int, delta: int, hours: Decimal, services: int) -> bool:
    update = (sa.update(_accounts).where(_accounts.c.id == account)
              .values(balance=_accounts.c.balance + delta, hours=_accounts.c.hours + hours,
                      services=_accounts.c.services + services)
              .returning(_accounts.c.id))
    if delta < 0:
        update = update.where(sa.or_(_accounts.c.balance >= -delta,
                                     _accounts.c.owner_type == OwnerType.SYSTEM.value))
    return db.session.execute(update).first() is not None


def _account_ids(source: tuple[OwnerType, int], destination: tuple[OwnerType, int]) -> tuple[int, int]:
    # Create missing accounts in a fixed order: two opposite first transfers between new accounts would
    # otherwise each hold one new unique-index entry while waiting for the other's.
    ids = {owner: account_id(*owner) for owner in sorted({source, destination}, key=lambda o: (o[0].value, o[1]))}
    return ids[source], ids[destination]


def transfer(*, source: tuple[OwnerType, int], destination: tuple[OwnerType, int], amount: int, cause: Cause,
             cause_key: str, memo: str = "", actor_id: int | None = None, hours: Decimal | int = 0,
             services: int = 0, region_path: str | None = None) -> int | None:
    """Move `amount` points (and `hours` of service and `services` counted, for credits of service) from
    `source` to `destination`; a credit of service names the `region_path` it was served in. Returns the
    transfer id, or None when this `cause_key` was booked before (nothing happens twice). Raises
    InsufficientPoints when the source cannot cover the points; the caller's transaction then rolls back whole."""
    hours = Decimal(hours)
    if amount < 0 or hours < 0 or services < 0 or not (amount or hours or services):
        raise InvalidInput("积分数量必须大于 0", errors={"points": ["积分数量必须大于 0"]})
    if source == destination:
        raise InvalidInput("不能转给自己", errors={"destination": ["不能转给自己"]})
    src, dst = _account_ids(source, destination)
    table = LedgerTransfer.__table__
    # The unique cause_key decides first: a concurrent retry waits here for the original and then
    # books nothing, so it never touches the balances.
    transfer_id = db.session.execute(
        upsert_insert(LedgerTransfer)
        .values(cause=cause.value, cause_key=cause_key, amount=amount, hours=hours, services=services,
                source_id=src, destination_id=dst, memo=memo[:100], created_by_id=actor_id,
                region_path=region_path)
        .on_conflict_do_nothing(index_elements=["cause_key"]).returning(table.c.id)).scalar()
    if transfer_id is None:
        return None
    # Lock the two accounts in id order, so two opposite transfers cannot deadlock.
    for account, sign in sorted(((src, -1), (dst, 1))):
        if not _move(account, sign * amount, sign * hours, sign * services):
            raise InsufficientPoints()
    db.session.execute(sa.insert(LedgerEntry), [
        {"transfer_id": transfer_id, "account_id": src, "amount": -amount, "hours": -hours, "services": -services},
        {"transfer_id": transfer_id, "account_id": dst, "amount": amount, "hours": hours, "services": services},
    ])
    return transfer_id


def issue(destination: tuple[OwnerType, int], amount: int, *, cause: Cause, cause_key: str, memo: str = "",
          actor_id: int | None = None, hours: Decimal | int = 0, services: int = 0,
          region_path: str | None = None) -> int | None:
    """Credit newly earned points, and the service hours and count behind them (from the system account)."""
    return transfer(source=SYSTEM_OWNER, destination=destination, amount=amount, cause=cause,
                    cause_key=cause_key, memo=memo, actor_id=actor_id, hours=hours, services=services,
                    region_path=region_path)


def reclaim(owner: tuple[OwnerType, int], amount: int, *, cause: Cause, cause_key: str, memo: str = "",
            actor_id: int | None = None, hours: Decimal | int = 0, services: int = 0,
            region_path: str | None = None) -> int | None:
    """The compensating entry of an earlier credit (冲正): points, hours and services go back to the system
    account. InsufficientPoints when the owner has already given those points away."""
    return transfer(source=owner, destination=SYSTEM_OWNER, amount=amount, cause=cause, cause_key=cause_key,
                    memo=memo, actor_id=actor_id, hours=hours, services=services, region_path=region_path)
