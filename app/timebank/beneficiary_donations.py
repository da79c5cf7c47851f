"""Donating points to a beneficiary (我要捐分 to a 服务对象, DOMAIN.md §3.5), like a donation to an order.

One ledger transfer from the volunteer to the beneficiary's own account, under the same cause key as an
order donation (`donation:<user>:<request id>`), so a retried request books nothing and one request id
can never pay two recipients. The beneficiary's `donated_points` is a cache of its account, raised in the
same transaction by an atomic UPDATE that re-checks that it is still approved, enabled and not deleted:
a donation racing a disable (which locks the row) either lands first or is refused, never lands after.

Who may donate mirrors orders: anyone signed in, to a beneficiary that is approved and enabled (启用中);
a beneficiary in any other state answers like a missing one, except to the station staff of its street,
who are told it does not take donations now.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.accounts.policy import Actor, allows
from app.core.crypto import mask_name
from app.core.errors import Conflict, NotFound
from app.extensions import db
from app.ledger import services as ledger
from app.ledger.history import register_counterpart_namer
from app.ledger.models import Cause, LedgerTransfer, OwnerType
from app.timebank.access import load_beneficiary
from app.timebank.donations import cause_key, check_replay, donor_balance
from app.timebank.models import Beneficiary, BeneficiaryStatus

NOT_FOUND = ("服务对象不存在或已被删除", "beneficiary_not_found")


class BeneficiaryNotDonatable(Conflict):
    error = "beneficiary_not_donatable"
    message = "该服务对象当前不接受捐分（须审核通过且处于启用中）"


@dataclass(frozen=True)
class BeneficiaryDonation:
    transfer_id: int
    beneficiary_id: int
    points: int
    balance: int                     # the donor's balance now
    beneficiary_donated_points: int  # the beneficiary's total received now
    created_at: datetime
    replayed: bool                   # True when this answers a retried request


def donatable_beneficiary(actor: Actor, beneficiary_id: int) -> Beneficiary:
    """The beneficiary a donor may give to. NotFound when missing, deleted, or not active and the caller is
    not staff of its street (probing ids tells nothing); BeneficiaryNotDonatable for that staff."""
    beneficiary = load_beneficiary(beneficiary_id)
    if beneficiary.status is BeneficiaryStatus.ACTIVE:
        return beneficiary
    if allows(actor, "beneficiary.manage", region_path=beneficiary.region_path):
        raise BeneficiaryNotDonatable()
    raise NotFound(NOT_FOUND[0], error=NOT_FOUND[1])


def donate_to_beneficiary(actor: Actor, beneficiary_id: int, points: int,
                          request_id: uuid.UUID) -> BeneficiaryDonation:
    """Move `points` from the volunteer to the beneficiary. Raises NotFound, BeneficiaryNotDonatable,
    InsufficientPoints (409 积分余额不足) or RequestIdReused; a retry with the same request id returns the
    original donation without booking again."""
    user_id = actor.user_id
    key = cause_key(user_id, request_id)
    earlier = ledger.transfer_by_key(key)
    if earlier is not None:
        return _replay(earlier, beneficiary_id, points)
    beneficiary = donatable_beneficiary(actor, beneficiary_id)
    transfer_id = ledger.transfer(source=(OwnerType.USER, user_id),
                                  destination=(OwnerType.BENEFICIARY, beneficiary_id), amount=points,
                                  cause=Cause.DONATION, cause_key=key, actor_id=user_id,
                                  memo=f"捐分：服务对象 {mask_name(beneficiary.name)}")
    if transfer_id is None:
        # The same request, sent twice at once: the other copy booked it while we waited on its key.
        return _replay(ledger.transfer_by_key(key), beneficiary_id, points)
    table = Beneficiary.__table__
    total = db.session.execute(
        sa.update(table)
        .where(table.c.id == beneficiary_id, table.c.status == BeneficiaryStatus.ACTIVE.value,
               table.c.deleted_at.is_(None))
        # A donation is not an edit of the record: keep its 最后修改时间.
        .values(donated_points=table.c.donated_points + points, updated_at=table.c.updated_at)
        .returning(table.c.donated_points)).scalar()
    if total is None:
        raise BeneficiaryNotDonatable()  # disabled or deleted meanwhile; the transfer rolls back with it
    return _donation(ledger.transfer_by_key(key), beneficiary_id, total, replayed=False)


def _replay(earlier: LedgerTransfer, beneficiary_id: int, points: int) -> BeneficiaryDonation:
    check_replay(earlier, (OwnerType.BENEFICIARY, beneficiary_id), points)
    total = db.session.scalar(sa.select(Beneficiary.donated_points).where(Beneficiary.id == beneficiary_id))
    return _donation(earlier, beneficiary_id, total, replayed=True)


def _donation(booked: LedgerTransfer, beneficiary_id: int, total: int, *, replayed: bool) -> BeneficiaryDonation:
    return BeneficiaryDonation(transfer_id=booked.id, beneficiary_id=beneficiary_id, points=booked.amount,
                               balance=donor_balance(booked), beneficiary_donated_points=total,
                               created_at=booked.created_at, replayed=replayed)


def _beneficiary_names(ids: set[int]) -> dict[int, str]:
    rows = db.session.execute(sa.select(Beneficiary.id, Beneficiary.name).where(Beneficiary.id.in_(ids)))
    return {row.id: f"服务对象 {mask_name(row.name)}" for row in rows}


# A donor's history names the beneficiary the way public notices do (张**): donors are not its station.
register_counterpart_namer(OwnerType.BENEFICIARY, _beneficiary_names)
