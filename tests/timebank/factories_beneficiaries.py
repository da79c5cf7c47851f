"""Beneficiaries for tests, built through the real services (entry, review, disable).

    make_beneficiary(station_id)                                   a pending beneficiary in 华农社区
    make_beneficiary(station_id, status="active")                  approved by the station
    make_beneficiary(station_id, community_code="...", status="disabled", name="李四")

The caller loads the regions and creates the station (tests.factories); catalogues are seeded here.
"""
from __future__ import annotations

import io
import itertools
from datetime import date

import sqlalchemy as sa
from PIL import Image

from app.accounts import sessions
from app.accounts.models import MemberRole, Membership, Organisation, User
from app.accounts.organisations import create_account
from app.catalogue.services import seed_defaults
from app.core.id_cards import with_check_character
from app.core.timeutil import SHANGHAI, utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.timebank import beneficiaries
from app.uploads.services import store_upload

_SERIAL = itertools.count(1)
DEFAULT_COMMUNITY = "440106001001"  # 华农社区, 五山街道 (440106001), 天河区


def id_card_number(birth: date, *, male: bool = True, serial: int | None = None, area: str = "440106") -> str:
    """A valid 18-digit ID number (GB 11643 check character) for a birth date and sex."""
    serial = next(_SERIAL) if serial is None else serial
    order = (serial * 2 + (1 if male else 0)) % 1000  # the 17th digit is odd for men
    body = f"{area}{birth:%Y%m%d}{order:03d}"
    return with_check_character(body)


def birth_for_age(age: int) -> date:
    """1 January of the year that makes the person exactly `age` today (Shanghai)."""
    return date(utcnow().astimezone(SHANGHAI).year - age, 1, 1)


def unique_id_card(age: int = 70, *, male: bool = True) -> str:
    serial = next(_SERIAL)
    # 500 serials per area code keep the numbers distinct however many a test makes.
    return id_card_number(birth_for_age(age), male=male, serial=serial % 500, area=f"{440100 + serial // 500:06d}")


def png_bytes(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, "PNG")
    return buffer.getvalue()


def proof_upload(user_id: int) -> int:
    """An unattached image owned by `user_id`, ready to be attached as proof."""
    with unit_of_work():
        return store_upload(user_id, png_bytes()).id


def form(proof_ids: list[int], *, age: int = 70, male: bool = True, community_code: str = DEFAULT_COMMUNITY,
         **overrides) -> dict:
    """A complete, valid entry form (the API body and the service's values)."""
    values = {
        "name": "张三", "phone": "13812345678", "id_card_number": unique_id_card(age, male=male),
        "gender": "male" if male else "female", "age": age, "category_code": "01", "political_status_code": "01",
        "self_care_level_code": "01", "living_status_code": "01", "household_street_code": community_code[:9],
        "household_address": "天河区五山路 1 号", "community_code": community_code,
        "residential_address": "天河区五山路 1 号 101 房", "remarks": None, "proof_upload_ids": proof_ids,
        "filler_name": "王社工", "filler_phone": "13900001111",
    }
    values.update(overrides)
    return values


def station_user(station_id: int) -> int:
    """A staff account of the station (created on first use) to act as the entering social worker."""
    user_id = db.session.scalar(
        sa.select(Membership.user_id).join(User, User.id == Membership.user_id)
        .where(Membership.organisation_id == station_id, User.username.like("bf-staff-%")).limit(1))
    if user_id is not None:
        return user_id
    with unit_of_work():
        user, _ = create_account(db.session.get(Organisation, station_id), f"bf-staff-{station_id}-{next(_SERIAL)}",
                                 MemberRole.STAFF, initial_password="Passw0rd2026")
        return user.id


def actor_of(user_id: int):
    return sessions.actor_for(db.session.get(User, user_id))


_PATH_TO = {"pending": [], "active": ["approve"], "rejected": ["reject"], "disabled": ["approve", "disable"]}


def make_beneficiary(station_id: int, community_code: str = DEFAULT_COMMUNITY, status: str = "pending", *,
                     user_id: int | None = None, **overrides) -> int:
    """A beneficiary entered by a staff member of `station_id` (or `user_id`) in `community_code`, moved to
    `status` (pending / active / rejected / disabled) through the review services. Returns its id."""
    with unit_of_work():
        seed_defaults()
    user_id = user_id or station_user(station_id)
    values = form([proof_upload(user_id)], community_code=community_code, **overrides)
    with unit_of_work():
        beneficiary_id = beneficiaries.create_beneficiary(actor_of(user_id), values).id
    for action in _PATH_TO[status]:
        with unit_of_work():
            actor = actor_of(user_id)
            if action == "reject":
                beneficiaries.reject_beneficiary(actor, beneficiary_id, "材料不全")
            else:
                getattr(beneficiaries, f"{action}_beneficiary")(actor, beneficiary_id)
    return beneficiary_id
