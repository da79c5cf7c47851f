"""Reviewing an hours certification (认证审核) by the association, and crediting the points it earns.

Approval completes the order (待评价 → 已完成) and credits each certified taker once: a volunteer's own
account, or the provider organisation's (接单服务商). Nothing credits twice, by two locks: the order and the
certification rows are locked (order first, as filing does) and the certification must still be pending, so a
second approval answers 409; and each credit's ledger cause_key (certification id + take id) is unique, so
even a retry that slipped past the state machine would book nothing.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.policy import Actor
from app.core.errors import NotFound
from app.core.timeutil import utcnow
from app.extensions import db
from app.ledger.models import Cause, OwnerType
from app.ledger.rates import points_for_hours
from app.ledger.services import issue
from app.notify.publish import publish
from app.timebank import events
from app.timebank.access import load_certification, order_for
from app.timebank.certifications import SUBJECT
from app.timebank.models import Certification, OrderTake, WishOrder
from app.timebank.notices import order_context
from app.timebank.states import CERTIFICATION, ORDER

RESULT_LABELS = {"approve": "审核通过", "reject": "审核不通过"}


def cause_key(certification_id: int, take_id: int) -> str:
    return f"certification:{certification_id}:take:{take_id}"


def approve_certification(actor: Actor, certification_id: int) -> Certification:
    """Approve a pending certification (permission certification.review in the order's region): the order
    becomes completed and each certified taker is credited once; 409 when it is no longer pending."""
    certification, order = _locked(actor, certification_id)
    events.apply(CERTIFICATION, certification, SUBJECT, "approve", actor_id=actor.user_id, order_id=order.id)
    events.apply(ORDER, order, "order", "complete", actor_id=actor.user_id, order_id=order.id)
    certification.reviewed_by_id, certification.reviewed_at = actor.user_id, utcnow()
    _credit(actor, certification, order)
    _tell_filer(certification, order, "approve", None)
    return certification


def reject_certification(actor: Actor, certification_id: int, reason: str | None) -> Certification:
    """Return a pending certification to the station with a reason (required); the order stays 待评价 and
    the station may file again."""
    certification, order = _locked(actor, certification_id)
    events.apply(CERTIFICATION, certification, SUBJECT, "reject", actor_id=actor.user_id, reason=reason,
                 order_id=order.id)
    certification.reviewed_by_id, certification.reviewed_at = actor.user_id, utcnow()
    _tell_filer(certification, order, "reject", certification.status_reason)
    return certification


def _locked(actor: Actor, certification_id: int) -> tuple[Certification, WishOrder]:
    # The order id is read as a plain value, not an entity: the certification must enter the session only
    # with its lock, or a stale copy from before the lock would be reused (and approved a second time).
    order_id = db.session.scalar(sa.select(Certification.order_id).where(Certification.id == certification_id))
    if order_id is None:
        raise NotFound("时数认证不存在", error="certification_not_found")
    try:
        order = order_for(actor, "certification.review", order_id, lock=True)
    except NotFound as exc:
        raise NotFound("时数认证不存在", error="certification_not_found") from exc
    return load_certification(certification_id, lock=True), order


def _credit(actor: Actor, certification: Certification, order: WishOrder) -> None:
    takes = {t.id: t for t in db.session.scalars(
        sa.select(OrderTake).where(OrderTake.id.in_([row.take_id for row in certification.hours])))}
    for row in certification.hours:
        take = takes[row.take_id]
        row.points = points_for_hours(row.hours)
        destination = ((OwnerType.USER, take.volunteer_id) if take.volunteer_id is not None
                       else (OwnerType.ORGANISATION, take.provider_org_id))
        # The hours and the one service are booked even when they earn no points (a tenth of an hour at
        # one point per hour): they count in the volunteer's totals and the statistics.
        issue(destination, row.points, cause=Cause.CERTIFICATION, cause_key=cause_key(certification.id, take.id),
              memo=f"时数认证：{order.title}", actor_id=actor.user_id, hours=row.hours, services=1,
              region_path=order.region_path)
        if row.points == 0:
            continue
        # A provider's points go to the organisation; the person who took the order for it hears of them.
        publish("points.credited", (SUBJECT, certification.id),
                {"user_ids": [take.volunteer_id or take.taken_by_id], "title": order.title, "points": row.points,
                 "order_id": order.id}, key=f"take:{take.id}")


def _tell_filer(certification: Certification, order: WishOrder, action: str, reason: str | None) -> None:
    publish("certification.reviewed", ("order", order.id),
            order_context(order, submitter_id=certification.filed_by_id, result=RESULT_LABELS[action],
                          reason=reason or "", certification_id=certification.id),
            key=f"certification:{certification.id}")
