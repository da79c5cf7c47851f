"""Reading takes: the station's taker list for one order (接单人/接单服务商审核) and a volunteer's
"orders I took" (我接的单). Each is one query whatever the number of rows (names joined, no lazy loads)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import Organisation, Region, User
from app.accounts.policy import Actor
from app.accounts.wechat_login import PHONE_CONTEXT
from app.catalogue.models import CatalogueEntry
from app.core.crypto import mask_phone
from app.core.runtime import pii
from app.extensions import db
from app.timebank import access
from app.timebank.models import OrderTake, TakeStatus, WishOrder
from app.timebank.order_labels import STATUS_LABELS, TAKERS_ONLY
from app.timebank.states import TAKE, TAKE_HOLDS_PLACE, actions_from


def order_takers(actor: Actor, order_id: int, status: TakeStatus | None = None) -> list[dict]:
    """Every take of an order the reviewer's station covers, oldest first: who (volunteer, or provider
    organisation and the person who took for it), masked phone, status and what the reviewer may do."""
    order = access.order_for(actor, "take.review", order_id)
    volunteer, taken_by = aliased(User, name="volunteer"), aliased(User, name="taken_by")
    query = (sa.select(OrderTake, volunteer.real_name, volunteer.phone_enc, Organisation.name,
                       taken_by.real_name, taken_by.phone_enc)
             .outerjoin(volunteer, volunteer.id == OrderTake.volunteer_id)
             .outerjoin(Organisation, Organisation.id == OrderTake.provider_org_id)
             .join(taken_by, taken_by.id == OrderTake.taken_by_id)
             .where(OrderTake.order_id == order.id).order_by(OrderTake.id))
    if status is not None:
        query = query.where(OrderTake.status == status)
    rows = []
    for take, name, phone_enc, org_name, taken_by_name, taken_by_phone_enc in db.session.execute(query):
        is_provider = take.provider_org_id is not None
        rows.append({
            "id": take.id, "order_id": take.order_id,
            "taker_type": "provider" if is_provider else "volunteer",
            "name": org_name if is_provider else name,
            "phone": _masked(taken_by_phone_enc if is_provider else phone_enc),
            "provider_org_id": take.provider_org_id, "provider_org_name": org_name,
            "taken_by_name": taken_by_name, "status": take.status, "status_reason": take.status_reason,
            "created_at": take.created_at, "reviewed_at": take.reviewed_at,
            "actions": [a for a in actions_from(TAKE, take.status) if a in ("approve", "reject")],
        })
    return rows


def my_takes(actor: Actor, *, status: TakeStatus | None = None, before_id: int | None = None,
             limit: int = 20) -> tuple[list[dict], int | None]:
    """我接的单: the caller's own takes, and those of the volunteer-service organisations they take for,
    newest first with an order summary. Keyset on the take id; returns (rows, next before_id)."""
    item, street = aliased(CatalogueEntry, name="item"), aliased(Region, name="street")
    query = (sa.select(OrderTake.id, OrderTake.status, OrderTake.status_reason, OrderTake.created_at,
                       OrderTake.reviewed_at, OrderTake.provider_org_id, Organisation.name.label("provider_org_name"),
                       WishOrder.id.label("order_id"), WishOrder.number, WishOrder.title,
                       WishOrder.status.label("order_status"), WishOrder.starts_at, WishOrder.ends_at,
                       WishOrder.address, item.name.label("service_item_name"), street.name.label("street_name"))
             .join(WishOrder, WishOrder.id == OrderTake.order_id)
             .join(item, item.id == WishOrder.service_item_id)
             .join(street, street.id == WishOrder.street_id)
             .outerjoin(Organisation, Organisation.id == OrderTake.provider_org_id)
             .where(_mine(actor)).order_by(OrderTake.id.desc()).limit(limit + 1))
    if status is not None:
        query = query.where(OrderTake.status == status)
    if before_id is not None:
        query = query.where(OrderTake.id < before_id)
    rows = db.session.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [{
        "id": r.id, "status": r.status, "status_reason": r.status_reason, "created_at": r.created_at,
        "reviewed_at": r.reviewed_at, "provider_org_id": r.provider_org_id,
        "provider_org_name": r.provider_org_name,
        "order": {"id": r.order_id, "number": r.number, "title": r.title, "status": r.order_status,
                  "starts_at": r.starts_at, "ends_at": r.ends_at, "address": _address_for(r),
                  "service_item_name": r.service_item_name, "street_name": r.street_name},
    } for r in rows]
    return items, (rows[-1].id if more and rows else None)


def _address_for(row) -> str | None:
    # A take that was not approved makes no taker: once the order is under way its address is not theirs.
    if row.order_status in TAKERS_ONLY and row.status != TakeStatus.APPROVED:
        return None
    return row.address


def my_take_of(actor: Actor, order_id: int) -> dict | None:
    """The caller's take of one order (their own, or one of an organisation they take for): the live one
    (pending or approved) if any, else the newest. None for anonymous callers and for staff who never took it."""
    if actor.user_id is None:
        return None
    live = sa.case((OrderTake.status.in_(sorted(TAKE_HOLDS_PLACE)), 0), else_=1)
    row = db.session.execute(
        sa.select(OrderTake.id, OrderTake.status, OrderTake.status_reason, OrderTake.provider_org_id,
                  Organisation.name.label("provider_org_name"))
        .outerjoin(Organisation, Organisation.id == OrderTake.provider_org_id)
        .where(OrderTake.order_id == order_id, _mine(actor))
        .order_by(live, OrderTake.id.desc()).limit(1)).first()
    if row is None:
        return None
    return {**row._asdict(), "status_label": STATUS_LABELS["take"][row.status]}


def _mine(actor: Actor):
    provider_orgs = [g.organisation_id for g in actor.grants_for("take.provide")]
    condition = OrderTake.volunteer_id == actor.user_id
    if provider_orgs:  # both branches are indexed (volunteer_id, provider_org_id)
        condition = sa.or_(condition, OrderTake.provider_org_id.in_(provider_orgs))
    return condition


def _masked(phone_enc: str | None) -> str | None:
    return mask_phone(pii().decrypt(phone_enc, context=PHONE_CONTEXT)) if phone_enc else None
