"""The adjustments audit list (积分调整记录): who booked which adjustment, when, for whom, how much and why.

Read straight from the ledger (transfers with cause `adjustment`, a partial index keeps them at hand), in
three queries whatever the page size: the count, the page (joined to the adjusted account and the booker)
and the adjusted accounts' display names.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import Organisation, Region, User
from app.accounts.policy import Actor, region_paths
from app.extensions import db
from app.ledger.adjustments import PERMISSION, Adjustment
from app.ledger.history import display_names
from app.ledger.models import Cause, LedgerAccount, LedgerTransfer, OwnerType
from app.ledger.services import SYSTEM_OWNER


def list_adjustments(actor: Actor, *, account_type: OwnerType | None = None, account_id: int | None = None,
                     page: int = 1, page_size: int = 20) -> tuple[list[Adjustment], int]:
    """One page, newest first, and the total. Association staff see adjustments of people (who belong to no
    region) and of the organisations inside their region; platform administrators see all."""
    system = db.session.scalar(sa.select(LedgerAccount.id).where(LedgerAccount.owner_type == SYSTEM_OWNER[0],
                                                                 LedgerAccount.owner_id == SYSTEM_OWNER[1]))
    if system is None:
        return [], 0
    target = aliased(LedgerAccount, name="target")
    transfer = LedgerTransfer
    # The adjusted account is the side that is not the system account.
    joined = (sa.select(transfer.id).join(target, target.id == sa.case(
        (transfer.source_id == system, transfer.destination_id), else_=transfer.source_id)))
    conditions = [transfer.cause == Cause.ADJUSTMENT]
    if account_type is not None:
        conditions.append(target.owner_type == account_type)
    if account_id is not None:
        conditions.append(target.owner_id == account_id)
    paths = region_paths(actor, PERMISSION)
    if paths is not None:
        in_region = (sa.select(Organisation.id).join(Region, Region.id == Organisation.region_id)
                     .where(Organisation.id == target.owner_id,
                            sa.or_(sa.false(), *[Region.path.startswith(p) for p in paths])).exists())
        conditions.append(sa.or_(target.owner_type == OwnerType.USER,
                                 sa.and_(target.owner_type == OwnerType.ORGANISATION, in_region)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(joined.where(*conditions).subquery()))
    rows = db.session.execute(
        joined.add_columns(transfer.amount, transfer.memo, transfer.created_by_id, transfer.created_at,
                           transfer.source_id, target.owner_type, target.owner_id, User.real_name, User.username)
        .outerjoin(User, User.id == transfer.created_by_id)
        .where(*conditions).order_by(transfer.id.desc()).limit(page_size).offset((page - 1) * page_size)).all()
    names = display_names((OwnerType(row.owner_type), row.owner_id) for row in rows)
    return [Adjustment(id=row.id, account_type=OwnerType(row.owner_type), account_id=row.owner_id,
                       account_name=names[(OwnerType(row.owner_type), row.owner_id)],
                       amount=row.amount if row.source_id == system else -row.amount, reason=row.memo,
                       booked_by_id=row.created_by_id, booked_by_name=row.real_name or row.username,
                       created_at=row.created_at) for row in rows], total or 0
