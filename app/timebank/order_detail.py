"""One wish order as its readers see it: the detail page (staff of its region, or volunteers from the feed)
and its event history (订单跟踪)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import Organisation, Region, User
from app.accounts.policy import Actor, allows
from app.catalogue.models import CatalogueEntry
from app.core.crypto import mask_id_card, mask_phone
from app.core.errors import NotFound
from app.core.runtime import pii
from app.extensions import db
from app.timebank.access import ORDER_NOT_FOUND, load_order, order_for
from app.timebank.beneficiaries import ID_CARD_CONTEXT, PHONE_CONTEXT
from app.timebank.certification_queries import latest_certification
from app.timebank.models import Beneficiary, TakeStatus, TimebankEvent, WishOrder
from app.timebank.order_labels import (
    NEED_TYPE_LABELS,
    ORDER_STATUS_LABELS,
    PRIVATE_FIELDS,
    PUBLICLY_VISIBLE,
    REASON_SHOWN,
    STATUS_LABELS,
    SUBJECT_LABELS,
    TAKERS_ONLY,
)
from app.timebank.order_queries import allowed_actions, own_stations
from app.timebank.states import ACTION_LABELS
from app.timebank.take_queries import my_take_of

ItemEntry, TypeEntry = aliased(CatalogueEntry, name="item"), aliased(CatalogueEntry, name="type")
District, Street = aliased(Region, name="district"), aliased(Region, name="street")


def visible_order(actor: Actor, order_id: int) -> tuple[WishOrder, bool]:
    """The order and whether the actor reads it as staff. Staff of its region see everything; staff of
    another region get the 404 of a missing order; anyone else (volunteers from the feed) sees orders
    once they are open, without the beneficiary's personal data."""
    order = load_order(order_id)
    if allows(actor, "order.view", region_path=order.region_path):
        return order, True
    if actor.grants_for("order.view") or order.status not in PUBLICLY_VISIBLE:
        raise NotFound(ORDER_NOT_FOUND[0], error=ORDER_NOT_FOUND[1])
    return order, False


def order_detail(actor: Actor, order: WishOrder, *, staff: bool) -> dict:
    """All fields of the order with the names behind its codes and the caller's own take of it (once it is
    under way or done, a volunteer who is not one of its takers gets the public summary: PRIVATE_FIELDS
    null); for staff also the beneficiary summary (ID number and phone in clear for the owning station
    only), the reason, the allowed actions and the latest hours certification."""
    names = db.session.execute(
        sa.select(ItemEntry.code, ItemEntry.name, TypeEntry.code, TypeEntry.name, District.code, District.name,
                  Street.code, Street.name, Organisation.name, User.real_name, User.username)
        .select_from(WishOrder)
        .join(ItemEntry, ItemEntry.id == WishOrder.service_item_id)
        .join(TypeEntry, TypeEntry.id == WishOrder.service_type_id)
        .join(District, District.id == WishOrder.district_id)
        .join(Street, Street.id == WishOrder.street_id)
        .join(Organisation, Organisation.id == WishOrder.station_id)
        .join(User, User.id == WishOrder.created_by_id)
        .where(WishOrder.id == order.id)).one()
    detail = {
        "id": order.id, "number": order.number, "title": order.title, "need_type": order.need_type,
        "need_type_label": NEED_TYPE_LABELS[order.need_type],
        "service_item": {"code": names[0], "name": names[1]}, "service_type": {"code": names[2], "name": names[3]},
        "district": {"code": names[4], "name": names[5]}, "street": {"code": names[6], "name": names[7]},
        "latitude": order.latitude, "longitude": order.longitude, "address": order.address,
        "starts_at": order.starts_at, "ends_at": order.ends_at, "take_deadline": order.take_deadline,
        "recruit_count": order.recruit_count, "places_held": order.places_held,
        "approved_count": order.approved_count, "places_left": order.recruit_count - order.places_held,
        "taker_notes": order.taker_notes, "traffic_guide": order.traffic_guide, "content": order.content,
        "status": order.status, "status_label": ORDER_STATUS_LABELS[order.status],
        "donated_points": order.donated_points, "station": {"id": order.station_id, "name": names[8]},
        "created_at": order.created_at, "updated_at": order.updated_at,
        "beneficiary": None, "status_reason": None, "created_by": None, "actions": [], "certification": None,
        "my_take": my_take_of(actor, order.id),
    }
    if not staff and order.status in TAKERS_ONLY and not _is_taker(detail["my_take"]):
        detail.update(dict.fromkeys(PRIVATE_FIELDS))
    if staff:
        detail["beneficiary"] = _beneficiary_summary(actor, order.beneficiary_id)
        detail["created_by"] = names[9] or names[10]
        detail["status_reason"] = order.status_reason if order.status in REASON_SHOWN else None
        detail["actions"] = allowed_actions(actor, order.status, order.region_path, order.approved_count)
        detail["certification"] = latest_certification(order.id)
    return detail


def _is_taker(my_take: dict | None) -> bool:
    # The live take comes first, so an approved one is never hidden behind an older rejected one.
    return my_take is not None and my_take["status"] == TakeStatus.APPROVED


def _beneficiary_summary(actor: Actor, beneficiary_id: int) -> dict:
    beneficiary = db.session.get(Beneficiary, beneficiary_id)
    cipher = pii()
    number = cipher.decrypt(beneficiary.id_card_enc, context=ID_CARD_CONTEXT)
    phone = cipher.decrypt(beneficiary.phone_enc, context=PHONE_CONTEXT)
    clear = beneficiary.station_id in own_stations(actor)
    return {"id": beneficiary.id, "name": beneficiary.name, "gender": beneficiary.gender, "age": beneficiary.age,
            "id_card_number": number if clear else mask_id_card(number),
            "phone": phone if clear else mask_phone(phone)}


def order_events(actor: Actor, order_id: int) -> list[dict]:
    """订单跟踪: every event of the order, its takes and its certifications, oldest first, with who acted
    (系统 for the platform's scheduled jobs) and the Chinese words for the action and statuses."""
    order_for(actor, "order.view", order_id)
    rows = db.session.execute(
        sa.select(TimebankEvent, User.real_name, User.username)
        .outerjoin(User, User.id == TimebankEvent.actor_id)
        .where(sa.or_(TimebankEvent.order_id == order_id,
                      sa.and_(TimebankEvent.subject_type == "order", TimebankEvent.subject_id == order_id)))
        .order_by(TimebankEvent.at, TimebankEvent.id))
    return [_event(event, real_name, username) for event, real_name, username in rows]


def _event(event: TimebankEvent, real_name: str | None, username: str | None) -> dict:
    labels = STATUS_LABELS.get(event.subject_type, {})
    return {
        "id": event.id, "subject_type": event.subject_type,
        "subject_label": SUBJECT_LABELS.get(event.subject_type, event.subject_type),
        "subject_id": event.subject_id, "action": event.action,
        "action_label": ACTION_LABELS.get(event.action, event.action),
        "from_status": event.from_status, "from_status_label": labels.get(event.from_status),
        "to_status": event.to_status, "to_status_label": labels.get(event.to_status),
        "reason": event.reason, "at": event.at,
        "actor": {"id": event.actor_id, "name": (real_name or username or "") if event.actor_id else "系统"},
    }
