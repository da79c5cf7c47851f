"""Points adjustments (积分调整): the association corrects a person's or an organisation's points by hand.

An adjustment is one more transfer with cause `adjustment`, never an edit: points added come from the
system account (like any earned points), points taken go back to it (like a 冲正), so the ledger stays
double-entry and every history shows the adjustment, its reason (the transfer's memo) and who booked it
(`created_by_id`). Taking more than the balance is refused by the ledger's conditional debit, which also
makes two concurrent adjustments safe. The client's request id is part of the unique cause key: a retried
request books nothing and answers with the original adjustment.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, User
from app.accounts.policy import Actor, authorize
from app.core.errors import Conflict, InvalidInput, NotFound
from app.extensions import db
from app.ledger import services
from app.ledger.history import display_names
from app.ledger.models import Cause, LedgerAccount, LedgerTransfer, OwnerType

PERMISSION = "points.adjust"
MAX_ADJUSTMENT = 100_000
MAX_REASON = 100  # the transfer's memo, shown as is in both histories
# The organisations that hold points (they earn them by being scored): the others have no history to show.
POINT_HOLDERS = frozenset({OrgKind.LEAGUE, OrgKind.VOLUNTEER_ORG})
TARGET_TYPES = (OwnerType.USER, OwnerType.ORGANISATION)


class AdjustmentRequestReused(Conflict):
    error = "request_id_reused"
    message = "该请求编号已用于另一笔积分调整"


class BalanceWouldGoNegative(InvalidInput):
    error = "points_below_zero"
    message = "调减后积分余额不能小于 0"


@dataclass(frozen=True)
class Adjustment:
    id: int                  # the transfer's id
    account_type: OwnerType  # user or organisation
    account_id: int
    account_name: str
    amount: int              # signed: + added to the account, - taken from it
    reason: str
    booked_by_id: int | None
    booked_by_name: str | None
    created_at: datetime
    balance: int | None = None  # the account's balance now (when just booked)
    replayed: bool = False


def cause_key(user_id: int, request_id: uuid.UUID) -> str:
    return f"adjustment:{user_id}:{request_id}"


def check_target(actor: Actor, owner_type: OwnerType, owner_id: int) -> None:
    """The account exists, may hold points and lies within the actor's reach; else NotFound (an
    organisation of another city answers like a missing one) or InvalidInput."""
    if owner_type is OwnerType.USER:
        if db.session.get(User, owner_id) is None:
            raise NotFound("用户不存在", error="user_not_found")
        authorize(actor, PERMISSION)
        if owner_id == actor.user_id:
            raise InvalidInput("不能为自己调整积分", errors={"account_id": ["不能为自己调整积分"]})
        return
    organisation = db.session.get(Organisation, owner_id)
    if organisation is None:
        raise NotFound("组织不存在", error="organisation_not_found")
    try:
        authorize(actor, PERMISSION, region_path=organisation.region.path)
    except NotFound as exc:
        raise NotFound("组织不存在", error="organisation_not_found") from exc
    if organisation.kind not in POINT_HOLDERS:
        message = "只有团组织和志愿服务组织有积分账户"
        raise InvalidInput(message, errors={"account_id": [message]})


def book_adjustment(actor: Actor, owner_type: OwnerType, owner_id: int, amount: int, reason: str,
                    request_id: uuid.UUID) -> Adjustment:
    """Add (amount > 0) or take (amount < 0) points. Raises NotFound, InvalidInput, BalanceWouldGoNegative
    (422) or AdjustmentRequestReused; a retry with the same request id answers with the original."""
    reason = reason.strip()
    if not reason or not amount or abs(amount) > MAX_ADJUSTMENT or len(reason) > MAX_REASON:
        raise InvalidInput()  # the API schema checks these first, field by field
    key = cause_key(actor.user_id, request_id)
    earlier = services.transfer_by_key(key)
    if earlier is not None:
        return _replay(earlier, owner_type, owner_id, amount, reason)
    check_target(actor, owner_type, owner_id)
    target = (owner_type, owner_id)
    booking = {"cause": Cause.ADJUSTMENT, "cause_key": key, "memo": reason, "actor_id": actor.user_id}
    if amount > 0:
        transfer_id = services.issue(target, amount, **booking)
    else:
        try:
            transfer_id = services.reclaim(target, -amount, **booking)
        except services.InsufficientPoints:
            # The whole transaction rolls back with this error: the transfer row goes with it.
            held = services.balance(owner_type, owner_id)
            message = f"调减后积分余额不能小于 0：当前余额 {held} 积分，最多可调减 {held} 积分"
            raise BalanceWouldGoNegative(message, errors={"amount": [message]}) from None
    if transfer_id is None:
        # The same request, sent twice at once: the other copy booked it while we waited on its key.
        return _replay(services.transfer_by_key(key), owner_type, owner_id, amount, reason)
    return describe(services.transfer_by_key(key), with_balance=True)


def _replay(earlier: LedgerTransfer, owner_type: OwnerType, owner_id: int, amount: int,
            reason: str) -> Adjustment:
    if earlier.cause != Cause.ADJUSTMENT:
        raise AdjustmentRequestReused()
    booked = describe(earlier, with_balance=True)
    if (booked.account_type, booked.account_id, booked.amount, booked.reason) != (owner_type, owner_id, amount,
                                                                                 reason):
        raise AdjustmentRequestReused()
    return replace(booked, replayed=True)


def describe(transfer: LedgerTransfer, *, with_balance: bool = False) -> Adjustment:
    """One booked adjustment as the audit list shows it."""
    accounts = {row.id: row for row in db.session.execute(
        sa.select(LedgerAccount.id, LedgerAccount.owner_type, LedgerAccount.owner_id, LedgerAccount.balance)
        .where(LedgerAccount.id.in_([transfer.source_id, transfer.destination_id])))}
    source, destination = accounts[transfer.source_id], accounts[transfer.destination_id]
    added = source.owner_type == OwnerType.SYSTEM
    target = destination if added else source
    owner = (OwnerType(target.owner_type), target.owner_id)
    booker = db.session.get(User, transfer.created_by_id) if transfer.created_by_id else None
    return Adjustment(id=transfer.id, account_type=owner[0], account_id=owner[1],
                      account_name=display_names([owner])[owner], amount=transfer.amount if added else -transfer.amount,
                      reason=transfer.memo, booked_by_id=transfer.created_by_id,
                      booked_by_name=(booker.real_name or booker.username) if booker else None,
                      created_at=transfer.created_at, balance=target.balance if with_balance else None)
