"""Wish order use cases (V订单: 发单、修改、重新提交、初审、终审、取消、过期、完成招募、中止; DOMAIN.md §3.2).

Stations publish orders for their active beneficiaries; the station first-reviews, the association
final-reviews, and an approved order opens for takers (派单). Every status change goes through
events.apply with the ORDER table on the locked order row, and each use case publishes its notification
in the same transaction. Services flush and never commit.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Region
from app.accounts.policy import Actor
from app.catalogue.models import CatalogueEntry
from app.core.errors import Conflict, InvalidInput
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.publish import publish
from app.timebank import events, places
from app.timebank.access import order_for
from app.timebank.models import OrderStatus, TimebankEvent, WishOrder
from app.timebank.notices import lapsed_takers, order_context, tell_lapsed
from app.timebank.order_form import FIELDS, check_form
from app.timebank.order_labels import EDITABLE
from app.timebank.order_numbers import insert_numbered, order_number
from app.timebank.states import ORDER, next_status

SUBJECT = "order"


def publish_order(actor: Actor, values: dict) -> WishOrder:
    """我要发单: station staff publish an order for an active beneficiary of their street; it waits for
    the station's first review."""
    clean = check_form(actor, values)
    order = WishOrder(station_id=_publishing_station(actor, clean), created_by_id=actor.user_id,
                      status=OrderStatus.PENDING, places_held=0, approved_count=0, donated_points=0)
    _assign(order, clean)
    district_code = clean["district"].code
    insert_numbered(order, lambda: order_number(district_code))
    events.record(SUBJECT, order.id, "publish", order_id=order.id, to_status=str(OrderStatus.PENDING),
                  actor_id=actor.user_id)
    publish("order.published", (SUBJECT, order.id), order_context(order), key="round-1")
    return order


def edit_order(actor: Actor, order_id: int, changes: dict) -> WishOrder:
    """修改: while the order waits for review or after a rejection; the whole form is checked again."""
    order = order_for(actor, "order.publish", order_id, lock=True)
    if order.status not in EDITABLE:
        raise Conflict("只有待审核或审核不通过的订单可以修改", error="order_not_editable")
    changes = {k: v for k, v in changes.items() if k in FIELDS}
    if not changes:
        return order
    clean = check_form(actor, {**current_values(order), **changes})
    _assign(order, clean)
    status = str(order.status)
    events.record(SUBJECT, order.id, "edit", order_id=order.id, from_status=status, to_status=status,
                  actor_id=actor.user_id)
    db.session.flush()
    return order


def resubmit_order(actor: Actor, order_id: int) -> WishOrder:
    """重新提交: a rejected (and corrected) order goes back to the station's first review."""
    order = order_for(actor, "order.publish", order_id, lock=True)
    next_status(ORDER, order.status, "resubmit")
    if order.take_deadline <= utcnow():
        raise InvalidInput("接单截止日期已过，请修改服务时间后再提交",
                           errors={"take_deadline": ["接单截止日期已过，请修改服务时间后再提交"]})
    _move(order, "resubmit", actor)
    order.status_reason = None
    publish("order.published", (SUBJECT, order.id), order_context(order), key=f"round-{_round(order.id)}")
    return order


def first_approve_order(actor: Actor, order_id: int) -> WishOrder:
    """初审通过 (station): the order goes to the association's final review."""
    order = order_for(actor, "order.first_review", order_id, lock=True)
    _move(order, "first_approve", actor)
    publish("order.first_approved", (SUBJECT, order.id), order_context(order), key=f"round-{_round(order.id)}")
    _reviewed(order, "初审通过", None, "first")  # the submitter follows the review, not only the association
    return order


def first_reject_order(actor: Actor, order_id: int, reason: str) -> WishOrder:
    """初审不通过 (station), with the reason the publisher reads (查看原因)."""
    order = order_for(actor, "order.first_review", order_id, lock=True)
    _move(order, "first_reject", actor, reason)
    _reviewed(order, "初审不通过", reason, "first")
    return order


def final_approve_order(actor: Actor, order_id: int) -> WishOrder:
    """终审通过 (association): the order opens and is dispatched to the volunteers and providers of its
    district (派单)."""
    order = order_for(actor, "order.final_review", order_id, lock=True)
    next_status(ORDER, order.status, "final_approve")
    if order.take_deadline <= utcnow():
        raise Conflict("接单截止日期已过，请终审不通过并退回修改", error="order_deadline_passed")
    _move(order, "final_approve", actor)
    publish("order.opened", (SUBJECT, order.id), order_context(order))
    _reviewed(order, "审核通过", None, "final")
    return order


def final_reject_order(actor: Actor, order_id: int, reason: str) -> WishOrder:
    """终审不通过 (association), with the reason; the station may correct and resubmit."""
    order = order_for(actor, "order.final_review", order_id, lock=True)
    _move(order, "final_reject", actor, reason)
    _reviewed(order, "终审不通过", reason, "final")
    return order


def cancel_order(actor: Actor, order_id: int, reason: str) -> WishOrder:
    """取消 (station) before the service: takes still waiting for review lapse and free their places."""
    order = order_for(actor, "order.manage", order_id, lock=True)
    _move(order, "cancel", actor, reason)
    _end_recruitment(order, actor, "cancel")
    publish("order.cancelled", (SUBJECT, order.id), order_context(order, reason=order.status_reason))
    return order


def mark_order_expired(actor: Actor, order_id: int) -> WishOrder:
    """过期 (station): an open order is closed as expired; pending takes lapse."""
    order = order_for(actor, "order.manage", order_id, lock=True)
    _move(order, "mark_expired", actor)
    _end_recruitment(order, actor, "mark_expired")
    publish("order.expired", (SUBJECT, order.id), order_context(order))
    return order


def close_recruitment(actor: Actor, order_id: int) -> WishOrder:
    """完成招募 (station): an open order with at least one approved taker starts (进行中) before its
    places are filled; pending takes lapse."""
    order = order_for(actor, "order.manage", order_id, lock=True)
    next_status(ORDER, order.status, "close_recruitment")
    if order.approved_count < 1:
        raise Conflict("还没有审核通过的接单人，不能完成招募", error="no_approved_taker")
    _move(order, "close_recruitment", actor)
    _end_recruitment(order, actor, "close_recruitment")
    publish("order.recruitment_complete", (SUBJECT, order.id), order_context(order))
    return order


def abort_order(actor: Actor, order_id: int, reason: str) -> WishOrder:
    """中止 (station): a service in progress is stopped, with the reason takers and publisher read."""
    order = order_for(actor, "order.manage", order_id, lock=True)
    _move(order, "abort", actor, reason)
    _end_recruitment(order, actor, "abort")
    publish("order.aborted", (SUBJECT, order.id), order_context(order, reason=order.status_reason))
    return order


def current_values(order: WishOrder) -> dict:
    """The form as stored (codes, not ids): the base an edit's changes are checked against."""
    regions = dict(db.session.execute(sa.select(Region.id, Region.code).where(
        Region.id.in_([order.district_id, order.street_id]))).all())
    entries = dict(db.session.execute(sa.select(CatalogueEntry.id, CatalogueEntry.code).where(
        CatalogueEntry.id.in_([order.service_item_id, order.service_type_id]))).all())
    return {
        "title": order.title, "need_type": order.need_type, "beneficiary_id": order.beneficiary_id,
        "service_item_code": entries.get(order.service_item_id),
        "service_type_code": entries.get(order.service_type_id),
        "district_code": regions.get(order.district_id), "street_code": regions.get(order.street_id),
        "latitude": order.latitude, "longitude": order.longitude, "address": order.address,
        "starts_at": order.starts_at, "ends_at": order.ends_at, "take_deadline": order.take_deadline,
        "recruit_count": order.recruit_count, "taker_notes": order.taker_notes,
        "traffic_guide": order.traffic_guide, "content": order.content,
    }


def _publishing_station(actor: Actor, clean: dict) -> int:
    """The actor's station whose street holds the order (a station is one street); a platform
    administrator publishes on behalf of the beneficiary's station."""
    street_path = clean["street"].path
    for grant in actor.grants_for("order.publish"):
        if street_path.startswith(grant.region_path):
            return grant.organisation_id
    return clean["beneficiary"].station_id


def _assign(order: WishOrder, clean: dict) -> None:
    for field in ("title", "need_type", "latitude", "longitude", "address", "starts_at", "ends_at",
                  "take_deadline", "recruit_count", "taker_notes", "traffic_guide", "content"):
        setattr(order, field, clean[field])
    order.beneficiary_id = clean["beneficiary"].id
    order.service_item_id = clean["service_item"].id
    order.service_type_id = clean["service_type"].id
    order.district_id = clean["district"].id
    order.street_id = clean["street"].id
    order.region_path = clean["street"].path


def _move(order: WishOrder, action: str, actor: Actor, reason: str | None = None) -> None:
    events.apply(ORDER, order, SUBJECT, action, actor_id=actor.user_id, reason=reason, order_id=order.id)
    db.session.flush()


def _round(order_id: int) -> int:
    """Review round: 1 + the resubmissions so far, so each round's notifications are told apart."""
    return 1 + (db.session.scalar(sa.select(sa.func.count()).select_from(TimebankEvent).where(
        TimebankEvent.subject_type == SUBJECT, TimebankEvent.subject_id == order_id,
        TimebankEvent.action == "resubmit")) or 0)


def _reviewed(order: WishOrder, result: str, reason: str | None, level: str) -> None:
    publish("order.reviewed", (SUBJECT, order.id),
            order_context(order, result=result, reason=(reason or "").strip()),
            key=f"round-{_round(order.id)}:{level}")


def _end_recruitment(order: WishOrder, actor: Actor, action: str) -> None:
    """Recruitment is over: pending takes lapse and give back their places (set-based), and their takers
    are told (未录用); the row is refreshed so the notifications' figures are the new ones."""
    lapsed = places.release_pending_takes(order.id, actor_id=actor.user_id)
    if lapsed:
        db.session.refresh(order, attribute_names=["places_held", "approved_count"])
        tell_lapsed(order, lapsed_takers(lapsed).get(order.id, []), action)
