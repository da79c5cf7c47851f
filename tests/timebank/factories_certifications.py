"""Rows for certification tests: a beneficiary, an order whose service has ended (待评价) and its approved
takes, built directly from the models (the beneficiary, order and take services are written in parallel;
these tests must not depend on them)."""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import Gender, OrgKind, Region, User
from app.accounts.wechat_login import set_phone
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.catalogue.services import seed_defaults
from app.core.runtime import pii
from app.core.timeutil import SHANGHAI, utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.timebank.models import Beneficiary, BeneficiaryStatus, NeedType, OrderStatus, OrderTake, TakeStatus, WishOrder
from app.uploads.services import store_upload
from tests.factories import load_regions, make_account, make_org, make_user
from tests.uploads.helpers import image_bytes

VALID_ID_CARD = "11010519491231002X"
_SERIAL = itertools.count(1)


@dataclass
class Ended:
    """An ended order and its people: volunteer ids, their take ids (same order), the provider take if any."""
    order_id: int
    station_id: int
    station_staff_id: int
    volunteer_ids: list[int] = field(default_factory=list)
    take_ids: list[int] = field(default_factory=list)
    provider_take_id: int | None = None
    other_take_ids: dict[str, int] = field(default_factory=dict)  # pending / rejected takes, by status
    first_day: date | None = None
    last_day: date | None = None
    photo_ids: list[int] = field(default_factory=list)  # a service photo of the station staff's, unattached


@dataclass
class World:
    station: int
    station_staff: int
    association: int
    association_admin: int
    other_station: int
    other_station_admin: int
    provider: int
    provider_admin: int


def make_world() -> World:
    """Regions, catalogues, the station of 五山街道 (440106001), another station, the association of the
    city and a provider in 天河区, each with an account."""
    load_regions()
    with unit_of_work():
        seed_defaults()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    other = make_org(OrgKind.STATION, "440104001", "北京街道社工站")
    association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    return World(station, make_account(station, "cert-station"), association, make_account(association, "cert-assoc"),
                 other, make_account(other, "cert-other"), provider, make_account(provider, "cert-provider"))


def _entry(kind: CatalogueKind) -> int:
    return db.session.scalar(sa.select(CatalogueEntry.id).where(CatalogueEntry.kind == kind).limit(1))


def make_ended_order(station_id: int, staff_id: int, *, volunteers: int = 2, provider_org_id: int | None = None,
                     provider_user_id: int | None = None, days: int = 1, extra_takes: bool = False,
                     street_code: str = "440106001", ended_days_ago: int = 1, title: str = "陪长者就医") -> Ended:
    """An order in 待评价 whose service ran `days` calendar days (Shanghai), ending `ended_days_ago` days
    ago, with `volunteers` approved volunteer takes (+ one approved provider take when provider_org_id is
    given, + a pending and a rejected take when extra_takes)."""
    volunteer_ids = [make_user(mp_openid=f"o-cert-{random.getrandbits(40)}", real_name=f"志愿者{i + 1}")
                     for i in range(volunteers)]
    with unit_of_work():
        for index, user_id in enumerate(volunteer_ids):
            set_phone(db.session.get(User, user_id), f"1381234{index:04d}")
        street = db.session.scalar(sa.select(Region).where(Region.code == street_code))
        community = db.session.scalar(sa.select(Region).where(Region.parent_id == street.id).limit(1))
        last_day = utcnow().astimezone(SHANGHAI).date() - timedelta(days=ended_days_ago)
        first_day = last_day - timedelta(days=days - 1)
        starts_at = datetime.combine(first_day, datetime.min.time(), SHANGHAI).replace(hour=9)
        ends_at = datetime.combine(last_day, datetime.min.time(), SHANGHAI).replace(hour=17)
        beneficiary = Beneficiary(
            station_id=station_id, name="张阿姨", phone_enc=pii().encrypt("13900001111", context="beneficiaries.phone"),
            id_card_enc=pii().encrypt(VALID_ID_CARD, context="beneficiaries.id_card"),
            id_card_index=f"test-{random.getrandbits(64):x}", category_id=_entry(CatalogueKind.BENEFICIARY_CATEGORY),
            gender=Gender.FEMALE, age=78, political_status_id=_entry(CatalogueKind.POLITICAL_STATUS),
            living_status_id=_entry(CatalogueKind.LIVING_STATUS), household_street_id=street.id,
            household_address="五山路 1 号", community_id=community.id, region_path=community.path,
            residential_address="五山路 1 号", filler_name="李社工",
            filler_phone_enc=pii().encrypt("13900002222", context="beneficiaries.filler_phone"),
            status=BeneficiaryStatus.ACTIVE, created_by_id=staff_id)
        db.session.add(beneficiary)
        db.session.flush()
        approved = volunteers + (1 if provider_org_id else 0)
        order = WishOrder(
            number=f"{street_code[:6]}{starts_at:%y%m%d%H%M}{next(_SERIAL):04d}",
            title=title, need_type=NeedType.FOR_OTHERS, beneficiary_id=beneficiary.id, station_id=station_id,
            service_item_id=_entry(CatalogueKind.SERVICE_ITEM), service_type_id=_entry(CatalogueKind.SERVICE_TYPE),
            district_id=street.parent_id, street_id=street.id, region_path=street.path, latitude=23.16,
            longitude=113.35, address="五山路 1 号", starts_at=starts_at, ends_at=ends_at,
            take_deadline=starts_at - timedelta(days=1), recruit_count=approved + (1 if extra_takes else 0),
            places_held=approved + (1 if extra_takes else 0), approved_count=approved, taker_notes="准时到达",
            traffic_guide="地铁五山站", content="陪同就医", status=OrderStatus.TO_EVALUATE, created_by_id=staff_id)
        db.session.add(order)
        db.session.flush()
        ended = Ended(order.id, station_id, staff_id, volunteer_ids, first_day=first_day, last_day=last_day)
        # Service photos are required (1–9): the staff member's own upload, ready to attach.
        ended.photo_ids = [store_upload(staff_id, image_bytes("PNG")).id]

        def take(status: TakeStatus, **who) -> int:
            row = OrderTake(order_id=order.id, status=status, starts_at=starts_at, ends_at=ends_at,
                            taken_by_id=who.pop("taken_by_id", None) or who.get("volunteer_id"), **who)
            db.session.add(row)
            db.session.flush()
            return row.id

        ended.take_ids = [take(TakeStatus.APPROVED, volunteer_id=user_id) for user_id in volunteer_ids]
        if provider_org_id:
            ended.provider_take_id = take(TakeStatus.APPROVED, provider_org_id=provider_org_id,
                                          taken_by_id=provider_user_id or staff_id)
        if extra_takes:
            for status in (TakeStatus.PENDING, TakeStatus.REJECTED):
                extra = make_user(mp_openid=f"o-cert-{random.getrandbits(40)}", real_name=f"候补{status}")
                ended.other_take_ids[status.value] = take(status, volunteer_id=extra)
    return ended


def certification_form(ended: Ended, **overrides) -> dict:
    """A valid filing form (API JSON shape) for `ended`: 2.5 hours each, counts matching the takers."""
    takes = ended.take_ids + ([ended.provider_take_id] if ended.provider_take_id else [])
    form = {
        "service_date_start": ended.first_day.isoformat(), "service_date_end": ended.last_day.isoformat(),
        "hours": [{"take_id": take_id, "hours": 2.5} for take_id in takes],
        "beneficiary_person_times": 1, "beneficiary_headcount": 1,
        "volunteer_person_times": len(takes), "volunteer_headcount": len(takes),
        "service_summary": "陪同长者前往医院复诊，协助挂号取药。", "effect_summary": "长者顺利完成复诊，情绪良好。",
        "photo_ids": list(ended.photo_ids),
        "rating_overall": 5, "rating_arrangement": 5, "rating_effect": 4, "rating_attitude": 5, "rating_skill": 4,
        "rating_efficiency": 5,
    }
    form.update(overrides)
    return form


def service_form(ended: Ended, **overrides) -> dict:
    """The same form as the service takes it: dates as dates (hours pass as given; the service reads
    numbers, numeric text and Decimals alike)."""
    form = certification_form(ended, **overrides)
    form["service_date_start"] = _as_date(form["service_date_start"])
    form["service_date_end"] = _as_date(form["service_date_end"])
    return form


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value
