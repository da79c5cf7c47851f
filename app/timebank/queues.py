"""The time bank's review queues (工作台待办), defined once for the workbench counts and the daily digest.

A queue is the rows waiting on someone holding `permission`, with the region path that decides whose
they are: a station sees the rows inside its street, the association those of its city.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from app.timebank.models import (
    Beneficiary,
    BeneficiaryStatus,
    Certification,
    CertificationStatus,
    OrderStatus,
    OrderTake,
    TakeStatus,
    WishOrder,
)

LIVE_CERTIFICATION = (CertificationStatus.PENDING, CertificationStatus.APPROVED)


@dataclass(frozen=True)
class Queue:
    key: str
    label: str       # what staff read, in the workbench and the digest
    permission: str  # who acts on it (app.accounts.policy.RULES)
    # () -> (SELECT of the waiting rows' ids, the column holding each row's region path)
    rows: Callable[[], tuple[sa.Select, sa.ColumnElement]]


def _beneficiaries():
    return (sa.select(Beneficiary.id).where(Beneficiary.status == BeneficiaryStatus.PENDING,
                                            Beneficiary.deleted_at.is_(None)), Beneficiary.region_path)


def _orders(status: OrderStatus):
    return lambda: (sa.select(WishOrder.id).where(WishOrder.status == status), WishOrder.region_path)


def _takes():
    return (sa.select(OrderTake.id).join(WishOrder, WishOrder.id == OrderTake.order_id)
            .where(OrderTake.status == TakeStatus.PENDING), WishOrder.region_path)


def _certifications():
    return (sa.select(Certification.id).join(WishOrder, WishOrder.id == Certification.order_id)
            .where(Certification.status == CertificationStatus.PENDING), WishOrder.region_path)


def _to_certify():
    # 待认证: the service is over (待评价) and no certification is pending or approved for it yet; a
    # rejected one sends the order back to this queue.
    live = sa.exists().where(Certification.order_id == WishOrder.id, Certification.status.in_(LIVE_CERTIFICATION))
    return (sa.select(WishOrder.id).where(WishOrder.status == OrderStatus.TO_EVALUATE, ~live), WishOrder.region_path)


QUEUES: tuple[Queue, ...] = (
    Queue("beneficiaries_pending", "服务对象待审核", "beneficiary.review", _beneficiaries),
    Queue("orders_first_review", "V订单待初审", "order.first_review", _orders(OrderStatus.PENDING)),
    Queue("orders_final_review", "V订单待终审", "order.final_review", _orders(OrderStatus.FIRST_APPROVED)),
    Queue("takes_pending", "接单人待审核", "take.review", _takes),
    Queue("orders_to_certify", "订单待认证", "certification.file", _to_certify),
    Queue("certifications_pending", "时数认证待审核", "certification.review", _certifications),
)


def inside(path_column: sa.ColumnElement, paths: list[str] | None) -> sa.ColumnElement:
    """Rows whose region path lies under one of `paths` (None: everywhere)."""
    if paths is None:
        return sa.true()
    return sa.or_(*(path_column.like(f"{path}%") for path in paths)) if paths else sa.false()
