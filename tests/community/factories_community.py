"""Rows for the community tests: service communities (community offices at community-level regions), a
district office (not a community anyone joins), their staff, people who apply, and valid ID numbers.

    world = community_world()          regions, 华农社区 and 茶山社区 (五山街道, 天河), 惠新社区 (越秀), 天河区 office
    person = make_person("王小明")      a mini-program user with a bound phone, no service community yet
    form(world["community"])           a valid 志愿者申请 form for the service
    application_id = submit(person, world["community"])   through the real service, committed
"""
from __future__ import annotations

import itertools

from app.accounts.models import MemberRole, OrgKind, User
from app.accounts.sessions import actor_for
from app.accounts.wechat_login import set_phone
from app.community import membership
from app.core.id_cards import with_check_character
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.factories import load_regions, make_account, make_org

_SERIAL = itertools.count(1)
HUANONG = "440106001001"   # 华农社区, 五山街道, 天河区
CHASHAN = "440106001002"   # 茶山社区, 五山街道, 天河区
HUIXIN = "440104001001"    # 惠新社区, 北京街道, 越秀区


def id_card(*, male: bool = True, year: int = 1985, serial: int | None = None) -> str:
    """A valid 18-digit ID number (GB 11643 check character), distinct per call unless `serial` is given."""
    serial = next(_SERIAL) if serial is None else serial
    order = (serial * 2 + (1 if male else 0)) % 1000
    area = 320300 + serial // 500  # 徐州市 area codes: the numbers stay distinct however many a test makes
    body = f"{area:06d}{year}0615{order:03d}"
    return with_check_character(body)


def community_world() -> dict:
    """Three service communities with an admin each (华农 also a staff member), and a district-level community
    office (天河区, the district's admin for statistics: nobody applies to it)."""
    load_regions()
    serial = next(_SERIAL)
    community = make_org(OrgKind.COMMUNITY, HUANONG, f"华农社区{serial}")
    second = make_org(OrgKind.COMMUNITY, CHASHAN, f"茶山社区{serial}")
    other = make_org(OrgKind.COMMUNITY, HUIXIN, f"惠新社区{serial}")
    district = make_org(OrgKind.COMMUNITY, "440106", f"天河区社区办{serial}")
    return {
        "community": community, "community_admin": make_account(community, f"hn-admin-{serial}"),
        "community_staff": make_account(community, f"hn-staff-{serial}", MemberRole.STAFF),
        "second": second, "second_admin": make_account(second, f"cs-admin-{serial}"),
        "other": other, "other_admin": make_account(other, f"hx-admin-{serial}"),
        "district": district, "district_admin": make_account(district, f"th-admin-{serial}"),
    }


def make_person(name: str | None = None, *, phone: str | None = "13912345678") -> int:
    with unit_of_work():
        user = User(mp_openid=f"o-cm-{next(_SERIAL)}", real_name=name)
        if phone:
            set_phone(user, phone)
        db.session.add(user)
        db.session.flush()
        return user.id


def form(community_id: int, **changes) -> dict:
    values = {"community_id": community_id, "real_name": "王小明", "id_card_number": id_card(),
              "work_unit": "徐州市税务局", "is_party_member": True}
    values.update(changes)
    return values


def actor(user_id: int):
    db.session.expire_all()
    return actor_for(db.session.get(User, user_id))


def submit(user_id: int, community_id: int, **changes) -> int:
    with unit_of_work():
        return membership.apply(actor(user_id), form(community_id, **changes)).id


def approve(staff_id: int, application_id: int) -> None:
    with unit_of_work():
        membership.approve(actor(staff_id), application_id)
