"""Open orders and volunteers for the taking tests, built directly from the models (the order services
are written elsewhere; taking only needs an order that is `open`).

    world = take_world()                                   regions, catalogues, station in 五山街道, staff
    order_id = make_open_order(world, recruit_count=5)     open, starts in 3 days, 2 hours long
    make_open_order(world, street_code="440104001", starts_in=timedelta(days=5), service_item_code="02")
    volunteer_id = make_volunteer("王小明")                  real name and a bound phone
    take_id = take(volunteer_id, order_id)                 through the real service, committed
"""
from __future__ import annotations

import itertools
from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind, Region, User
from app.accounts.sessions import actor_for
from app.accounts.wechat_login import set_phone
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.catalogue.services import seed_defaults
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.timebank import takes
from app.timebank.models import Beneficiary, BeneficiaryStatus, NeedType, OrderStatus, WishOrder
from tests.factories import load_regions, make_account, make_org

_SERIAL = itertools.count(1)
STREET = "440106001"  # 五山街道, 天河区
# A point per street (lat, lng) so distance sorts have something to order.
POINTS = {"440106001": (23.1560, 113.3520), "440106002": (23.1250, 113.3800), "440106003": (23.1300, 113.4000),
          "440106004": (23.1350, 113.3300), "440104001": (23.1250, 113.2700), "440104002": (23.1280, 113.2900)}


def take_world(*, regions: bool = True) -> dict:
    """Regions, the default catalogues, the 五山街道 station with an admin, a station beneficiary."""
    if regions:
        load_regions()
    with unit_of_work():
        seed_defaults()
    station = make_org(OrgKind.STATION, STREET, "五山街道社工站")
    staff = make_account(station, f"st-take-{next(_SERIAL)}", MemberRole.ADMIN)
    world = {"station": station, "staff": staff}
    world["beneficiary"] = make_beneficiary(station, staff)
    return world


def make_beneficiary(station_id: int, created_by_id: int, community_code: str = "440106001001") -> int:
    with unit_of_work():
        community = _region(community_code)
        entry = _entry(CatalogueKind.BENEFICIARY_CATEGORY, "01")
        serial = next(_SERIAL)
        row = Beneficiary(
            station_id=station_id, name="陈伯", phone_enc=pii().encrypt("13800000000", context="beneficiaries.phone"),
            id_card_enc=pii().encrypt(f"44010619500101{serial:04d}", context="beneficiaries.id_card"),
            id_card_index=f"take-{serial}-{utcnow().timestamp()}", category_id=entry.id, gender="male", age=75,
            political_status_id=_entry(CatalogueKind.POLITICAL_STATUS, "01").id,
            living_status_id=_entry(CatalogueKind.LIVING_STATUS, "01").id, household_street_id=community.parent_id,
            household_address="五山路 1 号", community_id=community.id, region_path=community.path,
            residential_address="五山路 1 号 101", filler_name="王社工",
            filler_phone_enc=pii().encrypt("13900001111", context="beneficiaries.filler_phone"),
            status=BeneficiaryStatus.ACTIVE, created_by_id=created_by_id)
        db.session.add(row)
        db.session.flush()
        return row.id


def make_open_order(world: dict, *, recruit_count: int = 3, street_code: str = STREET,
                    starts_in: timedelta = timedelta(days=3), hours: float = 2,
                    deadline_before: timedelta = timedelta(hours=12), service_item_code: str = "01",
                    service_type_code: str = "01", status: OrderStatus = OrderStatus.OPEN,
                    title: str | None = None, point: tuple[float, float] | None = None) -> int:
    """An order already through both reviews (status `open`), inserted directly."""
    with unit_of_work():
        street = _region(street_code)
        district = db.session.get(Region, street.parent_id)
        starts = utcnow() + starts_in
        serial = next(_SERIAL)
        lat, lng = point or POINTS.get(street_code, (23.13, 113.30))
        order = WishOrder(
            number=f"{street_code[:6]}{starts:%y%m%d%H%M}{serial % 10000:04d}",
            title=title or f"上门探访 {serial}", need_type=NeedType.FOR_OTHERS,
            beneficiary_id=world["beneficiary"], station_id=world["station"],
            service_item_id=_entry(CatalogueKind.SERVICE_ITEM, service_item_code).id,
            service_type_id=_entry(CatalogueKind.SERVICE_TYPE, service_type_code).id,
            district_id=district.id, street_id=street.id, region_path=street.path, latitude=lat, longitude=lng,
            address="五山路 1 号 101", starts_at=starts, ends_at=starts + timedelta(hours=hours),
            take_deadline=starts - deadline_before, recruit_count=recruit_count, taker_notes="请准时到达",
            traffic_guide="地铁 3 号线五山站", content="陪长者聊天", status=status, created_by_id=world["staff"])
        db.session.add(order)
        db.session.flush()
        return order.id


def make_volunteer(name: str | None = "志愿者", phone: str | None = "13700000000", **fields) -> int:
    """A mini-program volunteer with a real name and a bound phone (pass None to leave either out)."""
    with unit_of_work():
        user = User(mp_openid=f"o-take-{next(_SERIAL)}", real_name=name, **fields)
        if phone:
            set_phone(user, phone)
        db.session.add(user)
        db.session.flush()
        return user.id


def make_volunteers(count: int, prefix: str = "志愿者") -> list[int]:
    """`count` volunteers in one transaction (the concurrency test wants hundreds)."""
    with unit_of_work():
        users = []
        for index in range(count):
            user = User(mp_openid=f"o-take-{next(_SERIAL)}", real_name=f"{prefix}{index}")
            set_phone(user, f"137{index:08d}")
            users.append(user)
        db.session.add_all(users)
        db.session.flush()
        return [u.id for u in users]


def actor(user_id: int):
    db.session.expire_all()
    return actor_for(db.session.get(User, user_id))


def take(user_id: int, order_id: int, **kwargs) -> int:
    """`user_id` takes the order (takes.take_order, committed); returns the take id."""
    with unit_of_work():
        return takes.take_order(actor(user_id), order_id, **kwargs).id


def order_row(order_id: int) -> WishOrder:
    db.session.expire_all()
    return db.session.get(WishOrder, order_id)


def _region(code: str) -> Region:
    return db.session.scalars(sa.select(Region).where(Region.code == code)).one()


def _entry(kind: CatalogueKind, code: str) -> CatalogueEntry:
    return db.session.scalars(sa.select(CatalogueEntry).where(CatalogueEntry.kind == kind,
                                                              CatalogueEntry.code == code)).one()
