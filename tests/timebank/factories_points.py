"""Rows for the points, workbench and home-tile tests, built directly from the models (the beneficiary,
order, take and certification services are written in parallel; these tests must not depend on them)."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

import sqlalchemy as sa

from app.accounts.models import Gender, Region
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.catalogue.services import seed_defaults
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services as ledger
from app.ledger.models import Cause, OwnerType
from app.timebank.beneficiaries import FILLER_PHONE_CONTEXT, ID_CARD_CONTEXT, PHONE_CONTEXT
from app.timebank.models import (
    Beneficiary,
    BeneficiaryStatus,
    Certification,
    CertificationStatus,
    NeedType,
    OrderStatus,
    OrderTake,
    TakeStatus,
    WishOrder,
)
from tests.timebank.factories_orders import id_card_number

_SERIAL = itertools.count(1)


def seed_catalogues() -> None:
    with unit_of_work():
        seed_defaults()


def _entry(kind: CatalogueKind) -> int:
    entry = db.session.scalar(sa.select(CatalogueEntry.id).where(CatalogueEntry.kind == kind).limit(1))
    if entry is None:
        seed_defaults()
        return _entry(kind)
    return entry


def _street(code: str) -> Region:
    return db.session.scalar(sa.select(Region).where(Region.code == code))


def make_beneficiary(station_id: int, staff_id: int, *, status: BeneficiaryStatus = BeneficiaryStatus.ACTIVE,
                     street_code: str = "440106001") -> int:
    serial = next(_SERIAL)
    with unit_of_work():
        street = _street(street_code)
        community = db.session.scalar(sa.select(Region).where(Region.parent_id == street.id).limit(1))
        row = Beneficiary(
            station_id=station_id, name=f"长者{serial}", phone_enc=pii().encrypt("13812345678", context=PHONE_CONTEXT),
            id_card_enc=pii().encrypt(id_card_number(), context=ID_CARD_CONTEXT), id_card_index=f"pts-{serial}",
            category_id=_entry(CatalogueKind.BENEFICIARY_CATEGORY), gender=Gender.FEMALE, age=80,
            political_status_id=_entry(CatalogueKind.POLITICAL_STATUS),
            living_status_id=_entry(CatalogueKind.LIVING_STATUS), household_street_id=street.id,
            household_address="五山路 1 号", community_id=community.id, region_path=community.path,
            residential_address="五山路 1 号", filler_name="李社工",
            filler_phone_enc=pii().encrypt("13912345678", context=FILLER_PHONE_CONTEXT), status=status,
            created_by_id=staff_id)
        db.session.add(row)
        db.session.flush()
        return row.id


def make_order(station_id: int, staff_id: int, *, status: OrderStatus = OrderStatus.OPEN,
               street_code: str = "440106001", title: str = "陪长者就医", recruit_count: int = 3,
               beneficiary_id: int | None = None) -> int:
    """An order of `station_id` in `status`, service a week from now."""
    beneficiary_id = beneficiary_id or make_beneficiary(station_id, staff_id, street_code=street_code)
    with unit_of_work():
        street = _street(street_code)
        starts_at = utcnow() + timedelta(days=7)
        row = WishOrder(
            number=f"{street_code[:6]}{starts_at:%y%m%d}{next(_SERIAL):06d}", title=title,
            need_type=NeedType.FOR_OTHERS, beneficiary_id=beneficiary_id, station_id=station_id,
            service_item_id=_entry(CatalogueKind.SERVICE_ITEM), service_type_id=_entry(CatalogueKind.SERVICE_TYPE),
            district_id=street.parent_id, street_id=street.id, region_path=street.path, latitude=23.16,
            longitude=113.35, address="五山路 1 号", starts_at=starts_at, ends_at=starts_at + timedelta(hours=3),
            take_deadline=starts_at - timedelta(days=1), recruit_count=recruit_count, taker_notes="准时到达",
            traffic_guide="地铁五山站", content="陪同就医", status=status, created_by_id=staff_id)
        db.session.add(row)
        db.session.flush()
        return row.id


def make_take(order_id: int, volunteer_id: int, status: TakeStatus = TakeStatus.APPROVED) -> int:
    """A take; pending and approved ones hold a place (and approved ones count) on the order."""
    with unit_of_work():
        order = db.session.get(WishOrder, order_id)
        row = OrderTake(order_id=order_id, volunteer_id=volunteer_id, taken_by_id=volunteer_id, status=status,
                        starts_at=order.starts_at, ends_at=order.ends_at)
        if status in (TakeStatus.PENDING, TakeStatus.APPROVED):
            order.places_held += 1
        if status is TakeStatus.APPROVED:
            order.approved_count += 1
        db.session.add(row)
        db.session.flush()
        return row.id


def make_certification(order_id: int, station_id: int, staff_id: int,
                       status: CertificationStatus = CertificationStatus.PENDING) -> int:
    today = date.today()
    with unit_of_work():
        row = Certification(
            order_id=order_id, station_id=station_id, service_date_start=today, service_date_end=today,
            beneficiary_person_times=1, beneficiary_headcount=1, volunteer_person_times=1, volunteer_headcount=1,
            service_summary="顺利", effect_summary="满意", rating_overall=5, rating_arrangement=5, rating_effect=5,
            rating_attitude=5, rating_skill=5, rating_efficiency=5, status=status, filed_by_id=staff_id)
        db.session.add(row)
        db.session.flush()
        return row.id


def give_points(user_id: int, points: int, key: str | None = None) -> None:
    """Credit a volunteer as a certification would (from the system account)."""
    with unit_of_work():
        ledger.issue((OwnerType.USER, user_id), points, cause=Cause.CERTIFICATION,
                     cause_key=key or f"test-credit:{user_id}:{next(_SERIAL)}", memo="时数认证")


class count_queries:  # used as `with count_queries() as counted:`, so it reads like a function
    """Counts the SQL statements run inside the block (for "constant queries whatever the page size")."""

    def __enter__(self):
        self.count = 0
        self._engine = db.engine
        sa.event.listen(self._engine, "before_cursor_execute", self._seen)
        return self

    def _seen(self, *_args, **_kwargs):
        self.count += 1

    def __exit__(self, *_exc):
        sa.event.remove(self._engine, "before_cursor_execute", self._seen)
