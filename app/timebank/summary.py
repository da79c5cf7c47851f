"""The home tile (首页): "已接单 N 次, 已募集 M 积分".

For staff who see orders (a station, the association, platform administrators) it sums the orders in
their region: N approved takes on those orders, M points donated to them and to the region's beneficiaries.
For a volunteer it is their own record: N takes of theirs approved, M points they gave away (to orders and
beneficiaries alike). One SELECT either way.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa

from app.accounts.policy import Actor, region_paths
from app.extensions import db
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType
from app.timebank.models import Beneficiary, OrderTake, TakeStatus, WishOrder


class Perspective(enum.StrEnum):
    ORGANISATION = "organisation"  # the orders of my station (or region)
    VOLUNTEER = "volunteer"        # my own takes and donations


@dataclass(frozen=True)
class HomeSummary:
    perspective: Perspective
    taken_count: int    # 已接单 N 次
    raised_points: int  # 已募集 M 积分


def default_perspective(actor: Actor) -> Perspective:
    """Staff who see orders get their organisation's figures; everyone else their own."""
    if actor.is_platform_admin or actor.grants_for("order.view"):
        return Perspective.ORGANISATION
    return Perspective.VOLUNTEER


def home_summary(actor: Actor, perspective: Perspective | None = None) -> HomeSummary:
    """The tile's two figures for `actor`, from the given perspective (default: by role). Asking for the
    organisation's figures without seeing any orders gives zeros, never someone else's figures."""
    perspective = perspective or default_perspective(actor)
    if perspective is Perspective.ORGANISATION:
        taken, raised = _for_region(region_paths(actor, "order.view"))
    else:
        taken, raised = _for_volunteer(actor.user_id)
    return HomeSummary(perspective=perspective, taken_count=taken or 0, raised_points=raised or 0)


def _for_region(paths: list[str] | None) -> tuple[int, int]:
    if paths == []:
        return 0, 0
    inside = sa.true() if paths is None else sa.or_(*(WishOrder.region_path.like(f"{p}%") for p in paths))
    takes = (sa.select(sa.func.count(OrderTake.id)).join(WishOrder, WishOrder.id == OrderTake.order_id)
             .where(OrderTake.status == TakeStatus.APPROVED, inside).scalar_subquery())
    raised = sa.select(sa.func.coalesce(sa.func.sum(WishOrder.donated_points), 0)).where(inside).scalar_subquery()
    # Points given straight to the region's beneficiaries (deleted ones included: the points were raised).
    theirs = sa.true() if paths is None else sa.or_(*(Beneficiary.region_path.like(f"{p}%") for p in paths))
    to_beneficiaries = (sa.select(sa.func.coalesce(sa.func.sum(Beneficiary.donated_points), 0)).where(theirs)
                        .scalar_subquery())
    taken, raised, given = db.session.execute(sa.select(takes, raised, to_beneficiaries)).one()
    return taken, raised + given


def _for_volunteer(user_id: int) -> tuple[int, int]:
    takes = (sa.select(sa.func.count(OrderTake.id))
             .where(OrderTake.volunteer_id == user_id, OrderTake.status == TakeStatus.APPROVED).scalar_subquery())
    # Through the volunteer's entries (indexed by account), not a scan of every transfer's source.
    given = (sa.select(sa.func.coalesce(-sa.func.sum(LedgerEntry.amount), 0))
             .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
             .join(LedgerTransfer, LedgerTransfer.id == LedgerEntry.transfer_id)
             .where(LedgerAccount.owner_type == OwnerType.USER, LedgerAccount.owner_id == user_id,
                    LedgerEntry.amount < 0, LedgerTransfer.cause == Cause.DONATION).scalar_subquery())
    return tuple(db.session.execute(sa.select(takes, given)).one())
