"""A points owner's history (积分明细): signed entries with their cause and the other side of each transfer.

Keyset-paginated by entry id (newest first), and a constant number of queries whatever the page size:
one for the entries (joined to their transfer and the counterpart account) and at most one per kind of
counterpart for its display name. Features above the ledger name their own owners (an order's title)
through `register_counterpart_namer`, since the ledger may not import them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import Organisation, User
from app.extensions import db
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType

# ids of one owner type -> {id: display name}, in one query.
CounterpartNamer = Callable[[set[int]], dict[int, str]]
_NAMERS: dict[OwnerType, CounterpartNamer] = {}
SYSTEM_NAME = "时间银行"
FALLBACK_NAMES = {OwnerType.USER: "志愿者", OwnerType.ORGANISATION: "组织", OwnerType.ORDER: "订单",
                  OwnerType.BENEFICIARY: "服务对象", OwnerType.SYSTEM: SYSTEM_NAME}


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    amount: int  # signed: + credited to the owner, - taken from it
    cause: Cause
    memo: str
    counterpart_type: OwnerType
    counterpart_id: int
    counterpart_name: str
    created_at: datetime


def register_counterpart_namer(owner_type: OwnerType, namer: CounterpartNamer) -> None:
    """Let a feature name its owners in histories (e.g. orders by title and number)."""
    _NAMERS[owner_type] = namer


def _user_names(ids: set[int]) -> dict[int, str]:
    rows = db.session.execute(sa.select(User.id, User.real_name).where(User.id.in_(ids)))
    return {row.id: row.real_name or FALLBACK_NAMES[OwnerType.USER] for row in rows}


def _organisation_names(ids: set[int]) -> dict[int, str]:
    return dict(db.session.execute(sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all())


_BUILT_IN: dict[OwnerType, CounterpartNamer] = {OwnerType.USER: _user_names,
                                                OwnerType.ORGANISATION: _organisation_names}


def display_names(counterparts: Iterable[tuple[OwnerType, int]]) -> dict[tuple[OwnerType, int], str]:
    """Each owner's display name, with one query per kind of owner."""
    by_type: dict[OwnerType, set[int]] = defaultdict(set)
    for owner_type, owner_id in counterparts:
        by_type[owner_type].add(owner_id)
    names: dict[tuple[OwnerType, int], str] = {}
    for owner_type, ids in by_type.items():
        namer = _NAMERS.get(owner_type) or _BUILT_IN.get(owner_type)
        found = namer(ids) if namer else {}
        for owner_id in ids:
            names[(owner_type, owner_id)] = found.get(owner_id) or FALLBACK_NAMES[owner_type]
    return names


def history(owner: tuple[OwnerType, int], *, before_id: int | None = None, limit: int = 20) -> list[HistoryEntry]:
    """The owner's entries, newest first; pass the last entry's id as `before_id` for the next page."""
    own, other = aliased(LedgerAccount), aliased(LedgerAccount)
    counterpart_id = sa.case((LedgerTransfer.source_id == LedgerEntry.account_id, LedgerTransfer.destination_id),
                             else_=LedgerTransfer.source_id)
    query = (sa.select(LedgerEntry.id, LedgerEntry.amount, LedgerEntry.created_at, LedgerTransfer.cause,
                       LedgerTransfer.memo, other.owner_type, other.owner_id)
             .join(own, own.id == LedgerEntry.account_id)
             .join(LedgerTransfer, LedgerTransfer.id == LedgerEntry.transfer_id)
             .join(other, other.id == counterpart_id)
             .where(own.owner_type == owner[0], own.owner_id == owner[1]))
    if before_id is not None:
        query = query.where(LedgerEntry.id < before_id)
    rows = db.session.execute(query.order_by(LedgerEntry.id.desc()).limit(limit)).all()
    names = display_names((row.owner_type, row.owner_id) for row in rows)
    return [HistoryEntry(id=row.id, amount=row.amount, cause=row.cause, memo=row.memo,
                         counterpart_type=row.owner_type, counterpart_id=row.owner_id,
                         counterpart_name=names[(row.owner_type, row.owner_id)], created_at=row.created_at)
            for row in rows]
