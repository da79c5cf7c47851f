"""Taking orders (接单, DOMAIN.md §3.3): take, withdraw, and the station's review of takers.

Places: a take holds one while pending or approved (app/timebank/places.py, conditional UPDATEs), so
the places held never exceed the recruit count under any concurrency.

Locks, always in this order so two use cases can never wait on each other in a cycle:
  1. the volunteer's `users` row — serialises one volunteer's takes and approvals, which is what makes
     "no two approved takes with overlapping times" hold when two stations approve at the same moment;
  2. the order row (hold_place's UPDATE, or SELECT … FOR UPDATE in review and withdrawal);
  3. the take row.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, User
from app.accounts.policy import Actor, authorize
from app.core.errors import Conflict, Forbidden, NotFound
from app.core.persistence import insert_unique
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.publish import publish
from app.timebank import access, events, places
from app.timebank.models import OrderStatus, OrderTake, TakeStatus, WishOrder
from app.timebank.notices import order_context
from app.timebank.states import ORDER, TAKE, next_status


class AlreadyTaken(Conflict):
    error = "already_taken"
    message = "您已接过该订单"


class OrderFull(Conflict):
    error = "order_full"
    message = "该订单招募人数已满"


class TimeConflict(Conflict):
    error = "time_conflict"
    message = "该订单的服务时间与您已通过审核的接单冲突"


def _take_not_found() -> NotFound:
    return NotFound("接单记录不存在", error="take_not_found")


def take_order(actor: Actor, order_id: int, *, as_organisation_id: int | None = None) -> OrderTake:
    """立即接单: the caller takes one place on an open order, in person or for their volunteer-service
    organisation (接单服务商). The take waits for the station's review."""
    if as_organisation_id is not None:
        return _take_as_provider(actor, order_id, as_organisation_id)
    person = _lock_volunteer(actor.user_id)
    if not (person.real_name or "").strip():
        raise Conflict("请先在“我的”中填写真实姓名后再接单", error="real_name_required")
    if not person.phone_enc:
        raise Conflict("请先绑定手机号后再接单", error="phone_required")
    order = _open_order(actor, order_id)
    if _overlapping_approved(actor.user_id, order.starts_at, order.ends_at, exclude_order_id=order.id):
        raise TimeConflict()
    take = OrderTake(order_id=order.id, volunteer_id=actor.user_id, taken_by_id=actor.user_id,
                     starts_at=order.starts_at, ends_at=order.ends_at)
    return _hold_and_record(order, take, actor, taker_name=person.real_name)


def _take_as_provider(actor: Actor, order_id: int, organisation_id: int) -> OrderTake:
    # OWN_ORG: a member of another organisation gets the same 404 as a missing one.
    authorize(actor, "take.provide", organisation_id=organisation_id)
    org = db.session.get(Organisation, organisation_id)
    if org is None or not org.is_active or org.kind is not OrgKind.VOLUNTEER_ORG:
        raise NotFound("志愿服务组织不存在或已停用", error="organisation_not_found")
    order = _open_order(actor, order_id)
    take = OrderTake(order_id=order.id, provider_org_id=org.id, taken_by_id=actor.user_id,
                     starts_at=order.starts_at, ends_at=order.ends_at)
    return _hold_and_record(order, take, actor, taker_name=org.name)


def _hold_and_record(order: WishOrder, take: OrderTake, actor: Actor, *, taker_name: str) -> OrderTake:
    if not places.hold_place(order.id):
        # The conditional UPDATE refused: full, or the order left `open` since we read it.
        status = db.session.scalar(sa.select(WishOrder.status).where(WishOrder.id == order.id))
        if status != OrderStatus.OPEN:
            raise Conflict("该订单已停止接单", error="order_not_open")
        raise OrderFull()
    # The partial unique index (one live take per taker and order) decides, not a prior SELECT.
    insert_unique(take, AlreadyTaken())
    events.record("take", take.id, "take", order_id=order.id, to_status=TakeStatus.PENDING.value,
                  actor_id=actor.user_id)
    db.session.refresh(order, ["places_held", "approved_count", "status"])
    publish("take.requested", ("order", order.id), order_context(order, taker_name=taker_name),
            key=f"take-{take.id}")
    return take


def withdraw_take(actor: Actor, take_id: int) -> OrderTake:
    """撤回接单: the taker (or, for a provider take, a member of that organisation) withdraws a take the
    station has not reviewed yet; the place is freed."""
    take = access.load_take(take_id)
    if take.volunteer_id is not None:
        if take.volunteer_id != actor.user_id:
            raise _take_not_found()
        _lock_volunteer(take.volunteer_id)
    else:
        try:
            authorize(actor, "take.provide", organisation_id=take.provider_org_id)
        except (NotFound, Forbidden) as exc:  # someone else's take looks like a missing one
            raise _take_not_found() from exc
    access.load_order(take.order_id, lock=True)
    _lock_loaded(take)
    events.apply(TAKE, take, "take", "withdraw", actor_id=actor.user_id, order_id=take.order_id)
    places.free_place(take.order_id)
    return take


def approve_take(actor: Actor, take_id: int) -> OrderTake:
    """审核通过 a taker. When the approved takers fill the recruit count the order is recruited
    (完成招募) and moves to in_progress."""
    order, take = _for_review(actor, take_id)
    next_status(TAKE, take.status, "approve")  # a reviewed take says so, whatever the order's state
    if order.status != OrderStatus.OPEN:
        raise Conflict("订单已不在招募中，不能再通过接单", error="order_not_open")
    if take.volunteer_id is not None and _overlapping_approved(
            take.volunteer_id, take.starts_at, take.ends_at, exclude_order_id=order.id):
        raise TimeConflict("该志愿者在此时段已有通过审核的接单")
    events.apply(TAKE, take, "take", "approve", actor_id=actor.user_id, order_id=order.id)
    take.reviewed_at, take.reviewed_by_id = utcnow(), actor.user_id
    approved, recruit = places.count_approval(order.id)
    db.session.refresh(order, ["places_held", "approved_count"])
    _tell_taker(order, take, "通过")
    if approved >= recruit:
        events.apply(ORDER, order, "order", "fill", actor_id=actor.user_id, order_id=order.id)
        publish("order.recruitment_complete", ("order", order.id), order_context(order))
    return take


def reject_take(actor: Actor, take_id: int, reason: str) -> OrderTake:
    """审核不通过 a taker, with the reason the taker reads; the place is freed."""
    order, take = _for_review(actor, take_id)
    events.apply(TAKE, take, "take", "reject", actor_id=actor.user_id, reason=reason, order_id=order.id)
    take.reviewed_at, take.reviewed_by_id = utcnow(), actor.user_id
    places.free_place(order.id)
    db.session.refresh(order, ["places_held", "approved_count"])
    _tell_taker(order, take, "不通过", take.status_reason)
    return take


def _for_review(actor: Actor, take_id: int) -> tuple[WishOrder, OrderTake]:
    """The order (locked, inside the reviewer's street) and the take (locked)."""
    take = access.load_take(take_id)
    if take.volunteer_id is not None:
        _lock_volunteer(take.volunteer_id)
    try:
        order = access.order_for(actor, "take.review", take.order_id, lock=True)
    except NotFound as exc:
        raise _take_not_found() from exc
    _lock_loaded(take)
    return order, take


def _lock_loaded(take: OrderTake) -> None:
    """Lock the take's row and re-read it. A SELECT … FOR UPDATE of an already loaded row would leave the
    session's copy as first read (before we waited for the lock), so a concurrent withdrawal or review
    would go unseen; refresh overwrites it with the row as locked."""
    db.session.refresh(take, with_for_update=True)


def _tell_taker(order: WishOrder, take: OrderTake, result: str, reason: str | None = None) -> None:
    taker_id = take.volunteer_id or take.taken_by_id
    publish("take.reviewed", ("order", order.id),
            order_context(order, taker_id=taker_id, result=result, reason=reason or ""), key=f"take-{take.id}")


def _lock_volunteer(user_id: int):
    """The volunteer's row, locked (columns only: the ORM's eager joins cannot be locked on PostgreSQL)."""
    row = db.session.execute(sa.select(User.id, User.real_name, User.phone_enc)
                             .where(User.id == user_id).with_for_update()).first()
    if row is None:
        raise NotFound("用户不存在", error="user_not_found")
    return row


def _open_order(actor: Actor, order_id: int) -> WishOrder:
    order = access.published_order(actor, order_id)
    if order.status != OrderStatus.OPEN:
        raise Conflict("该订单当前不可接单", error="order_not_open")
    if order.take_deadline <= utcnow():
        raise Conflict("该订单已过接单截止时间", error="take_deadline_passed")
    return order


def _overlapping_approved(volunteer_id: int, starts_at, ends_at, *, exclude_order_id: int) -> bool:
    """Does the volunteer hold an approved take whose service time overlaps [starts_at, ends_at)?"""
    return db.session.scalar(sa.select(sa.exists().where(
        OrderTake.volunteer_id == volunteer_id, OrderTake.status == TakeStatus.APPROVED,
        OrderTake.starts_at < ends_at, OrderTake.ends_at > starts_at,
        OrderTake.order_id != exclude_order_id)))
