"""Rows for wish-order tests: an active beneficiary and an order in any status, built directly from the
models (the beneficiary and take services are written in parallel; these helpers must not depend on them).

    world = make_order_world()
    order_id = make_order(world.station, status=OrderStatus.OPEN, recruit_count=3, approved_takers=1)
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import Gender, MemberRole, Membership, Organisation, OrgKind, Region, RegionLevel, User
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.catalogue.services import seed_defaults
from app.core.id_cards import with_check_character
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.timebank.beneficiaries import FILLER_PHONE_CONTEXT, ID_CARD_CONTEXT, PHONE_CONTEXT, id_card_index
from app.timebank.models import (
    Beneficiary,
    BeneficiaryStatus,
    NeedType,
    OrderStatus,
    OrderTake,
    TakeStatus,
    TimebankEvent,
    WishOrder,
)
from tests.factories import load_regions, make_account, make_org

_SERIAL = itertools.count(1)


@dataclass
class OrderWorld:
    station: int           # 五山街道社工站 (440106001)
    station_admin: int
    station_staff: int
    other_station: int     # 北京街道社工站 (440104001)
    other_station_admin: int
    association: int       # 广州市志愿者协会 (440100)
    association_admin: int


def make_order_world(prefix: str = "ow") -> OrderWorld:
    """Regions, catalogues, two stations, the association, each with accounts."""
    load_regions()
    with unit_of_work():
        seed_defaults()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    other = make_org(OrgKind.STATION, "440104001", "北京街道社工站")
    association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
    return OrderWorld(station, make_account(station, f"{prefix}-st-admin"),
                      make_account(station, f"{prefix}-st-staff", MemberRole.STAFF),
                      other, make_account(other, f"{prefix}-other"),
                      association, make_account(association, f"{prefix}-assoc"))


def id_card_number(serial: int | None = None) -> str:
    """A well-formed 18-digit ID number (GB 11643 check digit), different for every serial."""
    serial = next(_SERIAL) if serial is None else serial
    body = f"440106{1940 + (serial // 900) % 28}0101{100 + serial % 900:03d}"
    return with_check_character(body)


def _entry(kind: CatalogueKind) -> int:
    return db.session.scalar(sa.select(CatalogueEntry.id).where(CatalogueEntry.kind == kind)
                             .order_by(CatalogueEntry.sort_order).limit(1))


def _staff_of(station_id: int) -> int:
    user_id = db.session.scalar(sa.select(Membership.user_id).where(Membership.organisation_id == station_id)
                                .order_by(Membership.id).limit(1))
    if user_id is None:
        user = User(real_name="发单人")
        db.session.add(user)
        db.session.flush()
        user_id = user.id
    return user_id


def make_beneficiary(station_id: int, *, status: BeneficiaryStatus = BeneficiaryStatus.ACTIVE,
                     name: str = "陈伯", id_card: str | None = None) -> int:
    """A beneficiary of the station's street (its first community, else the street itself)."""
    with unit_of_work():
        street = db.session.get(Organisation, station_id).region
        community = db.session.scalar(sa.select(Region).where(
            Region.parent_id == street.id, Region.level == RegionLevel.COMMUNITY).order_by(Region.code).limit(1))
        home = community or street
        cipher = pii()
        number = id_card or id_card_number()
        seed_defaults()
        beneficiary = Beneficiary(
            station_id=station_id, name=name, phone_enc=cipher.encrypt("13812345678", context=PHONE_CONTEXT),
            id_card_enc=cipher.encrypt(number, context=ID_CARD_CONTEXT), id_card_index=id_card_index(number),
            category_id=_entry(CatalogueKind.BENEFICIARY_CATEGORY), gender=Gender.MALE, age=75,
            political_status_id=_entry(CatalogueKind.POLITICAL_STATUS),
            living_status_id=_entry(CatalogueKind.LIVING_STATUS), household_street_id=street.id,
            household_address="五山路 1 号", community_id=home.id, region_path=home.path,
            residential_address="五山路 1 号", filler_name="社工小李",
            filler_phone_enc=cipher.encrypt("13912345678", context=FILLER_PHONE_CONTEXT),
            status=status, created_by_id=_staff_of(station_id))
        db.session.add(beneficiary)
        db.session.flush()
        return beneficiary.id


def make_order(station_id: int, *, status: OrderStatus = OrderStatus.PENDING, recruit_count: int = 3,
               starts_in: timedelta = timedelta(days=3), duration: timedelta = timedelta(hours=2),
               deadline_before: timedelta = timedelta(hours=12), approved_takers: int = 0, pending_takers: int = 0,
               title: str = "陪长者就医", beneficiary_id: int | None = None, created_by_id: int | None = None,
               status_reason: str | None = None, item_code: str = "01") -> int:
    """An order of the station's street in `status`, its beneficiary made when not given; with takers,
    volunteer users and their takes (approved / pending), the order's counters matching them."""
    if beneficiary_id is None:
        beneficiary_id = make_beneficiary(station_id)
    assert approved_takers + pending_takers <= recruit_count
    with unit_of_work():
        street = db.session.get(Organisation, station_id).region
        district = db.session.get(Region, street.parent_id)
        starts = utcnow() + starts_in
        item = db.session.scalar(sa.select(CatalogueEntry.id).where(
            CatalogueEntry.kind == CatalogueKind.SERVICE_ITEM, CatalogueEntry.code == item_code))
        order = WishOrder(
            number=f"{district.code}{next(_SERIAL):014d}", title=title, need_type=NeedType.FOR_OTHERS,
            beneficiary_id=beneficiary_id, station_id=station_id, service_item_id=item,
            service_type_id=_entry(CatalogueKind.SERVICE_TYPE), district_id=district.id, street_id=street.id,
            region_path=street.path, latitude=23.16, longitude=113.35, address="五山路 1 号",
            starts_at=starts, ends_at=starts + duration, take_deadline=starts - deadline_before,
            recruit_count=recruit_count, places_held=approved_takers + pending_takers,
            approved_count=approved_takers, taker_notes="请准时到达", traffic_guide="地铁五山站 B 出口",
            content="陪同长者到医院复诊", status=status, status_reason=status_reason,
            created_by_id=created_by_id or _staff_of(station_id))
        db.session.add(order)
        db.session.flush()
        db.session.add(TimebankEvent(subject_type="order", subject_id=order.id, order_id=order.id, action="publish",
                                     to_status=str(OrderStatus.PENDING), actor_id=order.created_by_id))
        for index in range(approved_takers + pending_takers):
            add_take(order, TakeStatus.APPROVED if index < approved_takers else TakeStatus.PENDING)
        return order.id


def add_take(order: WishOrder, status: TakeStatus) -> int:
    """A volunteer's take row (no counters touched: the caller keeps places_held / approved_count)."""
    volunteer = User(mp_openid=f"o-take-{next(_SERIAL)}", real_name=f"志愿者{next(_SERIAL)}")
    db.session.add(volunteer)
    db.session.flush()
    take = OrderTake(order_id=order.id, volunteer_id=volunteer.id, taken_by_id=volunteer.id, status=status,
                     starts_at=order.starts_at, ends_at=order.ends_at,
                     reviewed_at=utcnow() if status is TakeStatus.APPROVED else None)
    db.session.add(take)
    db.session.flush()
    return take.id


def order_form(beneficiary_id: int, **changes) -> dict:
    """A valid 我要发单 form for 五山街道 (天河区), as a service receives it (aware datetimes)."""
    starts = utcnow().replace(microsecond=0) + timedelta(days=3)
    form = {"title": "陪长者就医", "need_type": "for_others", "beneficiary_id": beneficiary_id,
            "service_item_code": "01", "service_type_code": "01", "district_code": "440106",
            "street_code": "440106001", "latitude": 23.16, "longitude": 113.35, "address": "五山路 1 号",
            "starts_at": starts, "ends_at": starts + timedelta(hours=2), "take_deadline": starts - timedelta(hours=12),
            "recruit_count": 3, "taker_notes": "请准时到达", "traffic_guide": "地铁五山站 B 出口",
            "content": "陪同长者到医院复诊"}
    form.update(changes)
    return form

