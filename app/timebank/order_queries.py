"""Reading wish orders: the back-office list (V订单记录列表 / 订单审核), 我发出的订单, the export rows.

One query for the page and one for the total, whatever the page size: every column the console shows is
joined in, and masking is decided from the actor's grants without further queries.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import Organisation, OrgKind, Region, User
from app.accounts.policy import Actor, allows, region_paths
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.core.crypto import mask_id_card
from app.core.errors import InvalidInput
from app.core.runtime import pii
from app.core.timeutil import SHANGHAI
from app.extensions import db
from app.timebank.beneficiaries import ID_CARD_CONTEXT
from app.timebank.models import Beneficiary, OrderStatus, OrderTake, TakeStatus, WishOrder
from app.timebank.order_labels import (
    ACTION_PERMISSIONS,
    EDITABLE,
    NEED_TYPE_LABELS,
    ORDER_STATUS_LABELS,
    REVIEW_TABS,
)
from app.timebank.states import ACTION_LABELS, ORDER, actions_from

Item = aliased(CatalogueEntry, name="item")
Street = aliased(Region, name="street")
Creator = aliased(User, name="creator")


@dataclass(frozen=True)
class OrderFilters:
    """The list's search form: 需求标题 (contains), 服务项目 (code), 所属街道 (region code, anything inside
    it), 服务时间 (dates, Asia/Shanghai: orders whose service overlaps them), 订单状态, the tab, and whether
    a take waits for the station's review (the workbench's 接单人待审核 queue opens the list with it)."""
    title: str | None = None
    service_item: str | None = None
    street: str | None = None
    service_from: date | None = None
    service_to: date | None = None
    status: OrderStatus | None = None
    tab: str = "all"
    has_pending_takes: bool | None = None


def own_stations(actor: Actor) -> frozenset[int]:
    """Stations whose staff the actor is: they alone read their beneficiaries' ID numbers in clear."""
    return frozenset(g.organisation_id for g in actor.grants if g.kind is OrgKind.STATION)


def show_id_card(actor: Actor, owner_station_id: int, encrypted: str | None) -> str | None:
    number = pii().decrypt(encrypted, context=ID_CARD_CONTEXT)
    return number if owner_station_id in own_stations(actor) else mask_id_card(number)


def allowed_actions(actor: Actor, status: OrderStatus, region_path: str, approved_count: int) -> list[dict]:
    """The 操作 column: the table's next moves the caller's permissions reach, plus 修改."""
    names = ["edit"] if status in EDITABLE else []
    names += [a for a in actions_from(ORDER, status) if a in ACTION_PERMISSIONS]
    if approved_count < 1 and "close_recruitment" in names:
        names.remove("close_recruitment")
    return [{"action": name, "label": ACTION_LABELS[name]} for name in names
            if allows(actor, ACTION_PERMISSIONS.get(name, "order.publish"), region_path=region_path)]


def _conditions(filters: OrderFilters) -> list:
    conditions = []
    if filters.title:
        conditions.append(WishOrder.title.contains(filters.title.strip(), autoescape=True))
    if filters.service_item:
        conditions.append(WishOrder.service_item_id.in_(sa.select(CatalogueEntry.id).where(
            CatalogueEntry.kind == CatalogueKind.SERVICE_ITEM, CatalogueEntry.code == filters.service_item)))
    if filters.street:
        path = db.session.scalar(sa.select(Region.path).where(Region.code == filters.street))
        if path is None:
            raise InvalidInput("所属街道不存在", errors={"street": ["所属街道不存在"]})
        conditions.append(WishOrder.region_path.startswith(path))
    if filters.service_from:
        conditions.append(WishOrder.ends_at >= datetime.combine(filters.service_from, time.min, SHANGHAI))
    if filters.service_to:
        conditions.append(WishOrder.starts_at < datetime.combine(filters.service_to + timedelta(days=1),
                                                                 time.min, SHANGHAI))
    if filters.status:
        conditions.append(WishOrder.status == filters.status)
    statuses = REVIEW_TABS.get(filters.tab)
    if statuses is not None:
        conditions.append(WishOrder.status.in_(sorted(statuses)))
    if filters.has_pending_takes is not None:
        waiting = sa.exists().where(OrderTake.order_id == WishOrder.id, OrderTake.status == TakeStatus.PENDING)
        conditions.append(waiting if filters.has_pending_takes else ~waiting)
    return conditions


def _scope(actor: Actor, *, mine: bool) -> list:
    if mine:
        stations = [g.organisation_id for g in actor.grants_for("order.publish")]
        return [WishOrder.station_id.in_(stations)]
    paths = region_paths(actor, "order.view")
    if paths is None:
        return []
    return [sa.or_(*[WishOrder.region_path.startswith(p) for p in paths])] if paths else [sa.false()]


def _rows_query(where: list):
    return (sa.select(WishOrder.id, WishOrder.number, WishOrder.title, WishOrder.need_type, WishOrder.status,
                      WishOrder.starts_at, WishOrder.ends_at, WishOrder.donated_points, WishOrder.updated_at,
                      WishOrder.region_path, WishOrder.recruit_count, WishOrder.approved_count,
                      Beneficiary.station_id.label("owner_station_id"), Beneficiary.id_card_enc,
                      Beneficiary.name.label("beneficiary_name"),
                      Item.code.label("item_code"), Item.name.label("item_name"),
                      Street.code.label("street_code"), Street.name.label("street_name"),
                      Organisation.name.label("station_name"), Creator.real_name, Creator.username)
            .select_from(WishOrder)
            .join(Beneficiary, Beneficiary.id == WishOrder.beneficiary_id)
            .join(Item, Item.id == WishOrder.service_item_id)
            .join(Street, Street.id == WishOrder.street_id)
            .join(Organisation, Organisation.id == WishOrder.station_id)
            .join(Creator, Creator.id == WishOrder.created_by_id)
            .where(*where).order_by(WishOrder.id.desc()))


def count_orders(actor: Actor, filters: OrderFilters, *, mine: bool = False) -> int:
    where = _scope(actor, mine=mine) + _conditions(filters)
    return db.session.scalar(sa.select(sa.func.count()).select_from(WishOrder).where(*where)) or 0


def list_orders(actor: Actor, filters: OrderFilters, *, page: int, page_size: int,
                mine: bool = False) -> dict:
    """One page of the back-office list (or, with `mine`, of 我发出的订单), with the total."""
    where = _scope(actor, mine=mine) + _conditions(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(WishOrder).where(*where)) or 0
    rows = db.session.execute(_rows_query(where).limit(page_size).offset((page - 1) * page_size))
    return {"items": [present_row(actor, row) for row in rows], "total": total, "page": page,
            "page_size": page_size}


def export_rows(actor: Actor, filters: OrderFilters, *, batch: int = 500) -> Iterator[dict]:
    """Every row of the list under `filters`, streamed from the database in batches (constant memory)."""
    where = _scope(actor, mine=False) + _conditions(filters)
    result = db.session.execute(_rows_query(where).execution_options(yield_per=batch))
    for row in result:
        yield present_row(actor, row, with_actions=False)


def present_row(actor: Actor, row, *, with_actions: bool = True) -> dict:
    item = {
        "id": row.id, "number": row.number, "title": row.title,
        "need_type": row.need_type, "need_type_label": NEED_TYPE_LABELS[row.need_type],
        "id_card_number": show_id_card(actor, row.owner_station_id, row.id_card_enc),
        # The list's readers are the detail's staff readers (order.view over the order's region), and
        # the detail shows them the name in clear; only the ID number and phone are masked for others.
        "beneficiary_name": row.beneficiary_name,
        "service_item": {"code": row.item_code, "name": row.item_name},
        "street": {"code": row.street_code, "name": row.street_name},
        "starts_at": row.starts_at, "ends_at": row.ends_at, "donated_points": row.donated_points,
        "recruit_count": row.recruit_count, "approved_count": row.approved_count,
        "status": row.status, "status_label": ORDER_STATUS_LABELS[row.status],
        "creator": row.station_name, "created_by": row.real_name or row.username,
        "updated_at": row.updated_at,
    }
    if with_actions:
        item["actions"] = allowed_actions(actor, row.status, row.region_path, row.approved_count)
    return item
