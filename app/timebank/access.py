"""Loading time bank rows for an actor: a row outside the actor's region answers exactly like a missing
one (404), so probing ids reveals nothing about other stations."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.policy import Actor, allows, authorize
from app.core.errors import NotFound
from app.extensions import db
from app.timebank.models import Beneficiary, Certification, OrderTake, WishOrder
from app.timebank.order_labels import PUBLICLY_VISIBLE

ORDER_NOT_FOUND = ("订单不存在或已被删除", "order_not_found")


def _load(model, row_id: int, lock: bool, message: str, error: str):
    query = sa.select(model).where(model.id == row_id)
    if model is Beneficiary:
        query = query.where(Beneficiary.deleted_at.is_(None))
    if lock:
        # populate_existing: a row already in the session must be refreshed from the locked read, or the
        # caller would decide on the copy it loaded before another transaction changed it.
        query = query.with_for_update().execution_options(populate_existing=True)
    row = db.session.scalars(query).first()
    if row is None:
        raise NotFound(message, error=error)
    return row


def load_order(order_id: int, *, lock: bool = False) -> WishOrder:
    return _load(WishOrder, order_id, lock, *ORDER_NOT_FOUND)


def published_order(actor: Actor, order_id: int) -> WishOrder:
    """The order a volunteer acts on (take, donate): anyone once it is published, staff of its region at
    any time; anyone else gets exactly the 404 of a missing order, so probing ids (or their answers: not
    yet open, already called off) reveals nothing about orders the caller cannot open."""
    order = load_order(order_id)
    if order.status not in PUBLICLY_VISIBLE and not allows(actor, "order.view", region_path=order.region_path):
        raise NotFound(ORDER_NOT_FOUND[0], error=ORDER_NOT_FOUND[1])
    return order


def load_beneficiary(beneficiary_id: int, *, lock: bool = False) -> Beneficiary:
    return _load(Beneficiary, beneficiary_id, lock, "服务对象不存在或已被删除", "beneficiary_not_found")


def load_take(take_id: int, *, lock: bool = False) -> OrderTake:
    return _load(OrderTake, take_id, lock, "接单记录不存在", "take_not_found")


def load_certification(certification_id: int, *, lock: bool = False) -> Certification:
    return _load(Certification, certification_id, lock, "时数认证不存在", "certification_not_found")


def order_for(actor: Actor, permission: str, order_id: int, *, lock: bool = False) -> WishOrder:
    """The order, if `permission` reaches its street; else the same 404 as a missing order."""
    order = load_order(order_id, lock=lock)
    _authorize(actor, permission, order.region_path, *ORDER_NOT_FOUND)
    return order


def beneficiary_for(actor: Actor, permission: str, beneficiary_id: int, *, lock: bool = False) -> Beneficiary:
    beneficiary = load_beneficiary(beneficiary_id, lock=lock)
    _authorize(actor, permission, beneficiary.region_path, "服务对象不存在或已被删除", "beneficiary_not_found")
    return beneficiary


def _authorize(actor: Actor, permission: str, region_path: str, message: str, error: str) -> None:
    try:
        authorize(actor, permission, region_path=region_path)
    except NotFound as exc:
        raise NotFound(message, error=error) from exc
