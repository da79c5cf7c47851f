"""Rows for the beat-sweep tests, written directly through the models (the order and take services are
other parts of the work; the sweeps only need rows in a given state).

    world = sweep_world()                               two stations, their staff, volunteers, a beneficiary each
    make_order(world, deadline=-1h)                     an open order whose take deadline passed an hour ago
    make_order(world, deadline=-1h, approved=[v], pending=[w])   with takes (places and counts consistent)
    make_order(world, "other", status="in_progress", starts=-3h, ends=-1h)

Times are offsets (timedelta) from `world["now"]`, or absolute datetimes.
"""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import Gender, MemberRole, OrgKind
from app.accounts.regions import get_region
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.catalogue.services import seed_defaults
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.timebank.models import Beneficiary, BeneficiaryStatus, NeedType, OrderTake, TakeStatus, WishOrder
from tests.factories import load_regions, make_account, make_org, make_user

_NUMBERS = itertools.count(1)
STREETS = {"main": "440106001", "other": "440104001"}  # 五山街道 (天河区), 北京街道 (越秀区)


def _entry(kind: CatalogueKind) -> int:
    return db.session.scalar(sa.select(CatalogueEntry.id).where(CatalogueEntry.kind == kind).limit(1))


def _beneficiary(station_id: int, street_code: str, staff_id: int) -> int:
    community = get_region(f"{street_code}001")
    cipher = pii()  # real ciphertexts, so any list or export that decrypts these rows works
    id_card = f"{street_code[:6]}195001011234"
    beneficiary = Beneficiary(
        station_id=station_id, name="王伯", phone_enc=cipher.encrypt("13800138000", context="beneficiaries.phone"),
        id_card_enc=cipher.encrypt(id_card, context="beneficiaries.id_card"),
        id_card_index=cipher.blind_index(id_card, context="beneficiaries.id_card"),
        category_id=_entry(CatalogueKind.BENEFICIARY_CATEGORY), gender=Gender.MALE, age=80,
        political_status_id=_entry(CatalogueKind.POLITICAL_STATUS),
        living_status_id=_entry(CatalogueKind.LIVING_STATUS), household_street_id=community.parent_id,
        household_address="户籍地址", community_id=community.id, region_path=community.path,
        residential_address="居住地址", filler_name="社工",
        filler_phone_enc=cipher.encrypt("13900139000", context="beneficiaries.filler_phone"),
        status=BeneficiaryStatus.ACTIVE, created_by_id=staff_id)
    db.session.add(beneficiary)
    db.session.flush()
    return beneficiary.id


def sweep_world() -> dict:
    """Two stations with an admin (the publisher) and a staff member each, an active beneficiary each,
    three volunteers in 五山街道 and one in 越秀区 (reached only by a city-wide wave)."""
    load_regions()
    with unit_of_work():
        seed_defaults()
    world: dict = {"now": utcnow(), "stations": {}}
    for name, street in STREETS.items():
        station = make_org(OrgKind.STATION, street, f"{name}-社工站")
        admin = make_account(station, f"{name}-admin", MemberRole.ADMIN)
        staff = make_account(station, f"{name}-staff", MemberRole.STAFF)
        with unit_of_work():
            world["stations"][name] = {"id": station, "admin": admin, "staff": staff,
                                       "beneficiary": _beneficiary(station, street, admin),
                                       "street": get_region(street)}
    home = get_region("440106001001").id
    world["volunteers"] = [make_user(real_name=f"志愿者{i}", service_community_id=home) for i in range(3)]
    world["far_volunteer"] = make_user(real_name="越秀志愿者", service_community_id=get_region("440104001001").id)
    return world


def _at(world: dict, when) -> datetime:
    return when if isinstance(when, datetime) else world["now"] + when


def make_order(world: dict, station: str = "main", *, status: str = "open", deadline=timedelta(hours=-1),
               starts=timedelta(days=2), ends=None, recruit: int = 3, approved=(), pending=(),
               **fields) -> int:
    """An order in `status` with takes: `approved` and `pending` volunteer ids (places held and the approved
    count follow them)."""
    post = world["stations"][station]
    street = post["street"]
    starts_at = _at(world, starts)
    ends_at = _at(world, ends) if ends is not None else starts_at + timedelta(hours=2)
    take_deadline = min(_at(world, deadline), starts_at)
    with unit_of_work():
        service_item = _entry(CatalogueKind.SERVICE_ITEM)
        order = WishOrder(
            number=f"{street.code}{next(_NUMBERS):011d}", title=fields.pop("title", "陪同就医"),
            need_type=NeedType.FOR_OTHERS, beneficiary_id=post["beneficiary"], station_id=post["id"],
            service_item_id=service_item, service_type_id=_entry(CatalogueKind.SERVICE_TYPE),
            district_id=street.parent_id, street_id=street.id, region_path=street.path, latitude=23.16,
            longitude=113.35, address="五山路 1 号", starts_at=starts_at, ends_at=ends_at,
            take_deadline=take_deadline, recruit_count=recruit, places_held=len(approved) + len(pending),
            approved_count=len(approved), taker_notes="须知", traffic_guide="地铁", content="内容", status=status,
            created_by_id=post["admin"], **fields)
        db.session.add(order)
        db.session.flush()
        for volunteers, take_status in ((approved, TakeStatus.APPROVED), (pending, TakeStatus.PENDING)):
            for volunteer in volunteers:
                db.session.add(OrderTake(order_id=order.id, volunteer_id=volunteer, taken_by_id=volunteer,
                                         status=take_status, starts_at=starts_at, ends_at=ends_at))
        return order.id


def make_orders(world: dict, count: int, station: str = "main", **fields) -> list[int]:
    """Many takeless orders in one transaction (the chunking and mass-expiry tests)."""
    post = world["stations"][station]
    street = post["street"]
    starts_at = _at(world, fields.pop("starts", timedelta(days=2)))
    take_deadline = _at(world, fields.pop("deadline", timedelta(hours=-1)))
    with unit_of_work():
        common = {"need_type": NeedType.FOR_OTHERS, "beneficiary_id": post["beneficiary"], "station_id": post["id"],
                  "service_item_id": _entry(CatalogueKind.SERVICE_ITEM),
                  "service_type_id": _entry(CatalogueKind.SERVICE_TYPE), "district_id": street.parent_id,
                  "street_id": street.id, "region_path": street.path, "latitude": 23.16, "longitude": 113.35,
                  "address": "五山路 1 号", "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=2),
                  "take_deadline": min(take_deadline, starts_at), "recruit_count": 2, "taker_notes": "须知",
                  "traffic_guide": "地铁", "content": "内容", "status": "open", "created_by_id": post["admin"],
                  **fields}
        orders = [WishOrder(number=f"{street.code}{next(_NUMBERS):011d}", title=f"订单{i}", **common)
                  for i in range(count)]
        db.session.add_all(orders)
        db.session.flush()
        return [order.id for order in orders]
