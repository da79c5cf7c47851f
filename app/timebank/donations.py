"""Donating points to a wish order (我要捐分, 收到捐赠积分); beneficiaries: app/timebank/beneficiary_donations.py.

A donation is one ledger transfer from the volunteer to the order's account. The client sends a request
id (a UUID) with each donation; it is part of the transfer's unique cause key, so a retried request books
nothing and answers with the original donation. The order's `donated_points` is a cache of its account,
raised in the same transaction by an atomic UPDATE that also re-checks the order's status, so a donation
racing a cancellation cannot land on the cancelled order.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.policy import Actor
from app.core.errors import Conflict
from app.extensions import db
from app.ledger import services as ledger
from app.ledger.history import register_counterpart_namer
from app.ledger.models import Cause, LedgerAccount, LedgerTransfer, OwnerType
from app.timebank.access import published_order
from app.timebank.events import record
from app.timebank.models import OrderStatus, WishOrder

# Published orders volunteers can see and support; not before review, not after it was called off.
DONATABLE = frozenset({OrderStatus.OPEN, OrderStatus.IN_PROGRESS, OrderStatus.TO_EVALUATE, OrderStatus.COMPLETED})


class OrderNotDonatable(Conflict):
    error = "order_not_donatable"
    message = "该订单当前不接受捐分"


class RequestIdReused(Conflict):
    error = "request_id_reused"
    message = "该请求编号已用于另一笔捐分"


@dataclass(frozen=True)
class Donation:
    transfer_id: int
    order_id: int
    points: int
    balance: int               # the donor's balance now
    order_donated_points: int  # the order's total received now
    created_at: datetime
    replayed: bool             # True when this answers a retried request


def cause_key(user_id: int, request_id: uuid.UUID) -> str:
    return f"donation:{user_id}:{request_id}"


def donate_points(actor: Actor, order_id: int, points: int, request_id: uuid.UUID) -> Donation:
    """Move `points` from the volunteer to the order. Raises NotFound (no such order, or one the donor
    cannot open: not published yet, or called off), OrderNotDonatable, InsufficientPoints (409 积分余额不足)
    or RequestIdReused; a retry with the same request id returns the original donation without booking
    again."""
    user_id = actor.user_id
    key = cause_key(user_id, request_id)
    earlier = ledger.transfer_by_key(key)
    if earlier is not None:
        return _replay(earlier, order_id, points)
    order = published_order(actor, order_id)
    if order.status not in DONATABLE:
        raise OrderNotDonatable()
    transfer_id = ledger.transfer(source=(OwnerType.USER, user_id), destination=(OwnerType.ORDER, order_id),
                                  amount=points, cause=Cause.DONATION, cause_key=key,
                                  memo=f"捐分：{order.title}", actor_id=user_id)
    if transfer_id is None:
        # The same request, sent twice at once: the other copy booked it while we waited on its key.
        return _replay(ledger.transfer_by_key(key), order_id, points)
    table = WishOrder.__table__
    total = db.session.execute(
        sa.update(table).where(table.c.id == order_id, table.c.status.in_([s.value for s in DONATABLE]))
        # A donation is not an edit of the order: keep its 最后修改时间.
        .values(donated_points=table.c.donated_points + points, updated_at=table.c.updated_at)
        .returning(table.c.donated_points)).scalar()
    if total is None:
        raise OrderNotDonatable()  # cancelled meanwhile; the transfer rolls back with the transaction
    record("order", order_id, "donate", order_id=order_id, actor_id=user_id, reason=f"捐赠 {points} 积分")
    return _donation(ledger.transfer_by_key(key), order_id, total, replayed=False)


def check_replay(earlier: LedgerTransfer, destination: tuple[OwnerType, int], points: int) -> None:
    """A retry must repeat the original request: same recipient, same points; else RequestIdReused."""
    booked_to = db.session.execute(sa.select(LedgerAccount.owner_type, LedgerAccount.owner_id)
                                   .where(LedgerAccount.id == earlier.destination_id)).one()
    if tuple(booked_to) != destination or earlier.amount != points:
        raise RequestIdReused()


def donor_balance(booked: LedgerTransfer) -> int:
    return db.session.scalar(sa.select(LedgerAccount.balance).where(LedgerAccount.id == booked.source_id))


def _replay(earlier: LedgerTransfer, order_id: int, points: int) -> Donation:
    check_replay(earlier, (OwnerType.ORDER, order_id), points)
    total = db.session.scalar(sa.select(WishOrder.donated_points).where(WishOrder.id == order_id))
    return _donation(earlier, order_id, total, replayed=True)


def _donation(booked: LedgerTransfer, order_id: int, total: int, *, replayed: bool) -> Donation:
    return Donation(transfer_id=booked.id, order_id=order_id, points=booked.amount, balance=donor_balance(booked),
                    order_donated_points=total, created_at=booked.created_at, replayed=replayed)


def _order_names(ids: set[int]) -> dict[int, str]:
    rows = db.session.execute(sa.select(WishOrder.id, WishOrder.title, WishOrder.number).where(WishOrder.id.in_(ids)))
    return {row.id: f"{row.title}（{row.number}）" for row in rows}


# Histories name the order a volunteer donated to by its title and number.
register_counterpart_namer(OwnerType.ORDER, _order_names)
