"""Rows for the showcase tests, built directly from the models (the joining and attendance services are written
in parallel; these helpers must not depend on them), and ledger credits through the real ledger service.

    world = star_world()                                  regions, the association, communities, a provider
    user = make_member(world, "华农", "张三")               a party member whose service community is 华农社区
    credit(user, 3, at=moment)                            3 hours, 1 service, booked at `moment`
    attend(world, "provider", "440106001001", user, 2, at=moment)   an attended row of a provider's activity
"""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.accounts.models import MemberRole, Organisation, OrgKind, Region, User
from app.accounts.sessions import actor_for
from app.activities.models import Activity, ActivityAttendance, ActivityStatus
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.catalogue.services import seed_defaults
from app.community.models import ApplicationStatus, CommunityApplication, CommunityVolunteer
from app.core.runtime import pii
from app.core.timeutil import SHANGHAI
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services as ledger
from app.ledger.models import Cause, LedgerEntry, LedgerTransfer, OwnerType
from app.ledger.rates import points_for_hours
from tests.factories import load_regions, make_account, make_org

_SERIAL = itertools.count(1)
COMMUNITIES = {"华农": "440106001001", "茶山": "440106001002", "员村": "440106002001", "惠新": "440104001001"}
CITY, TIANHE, YUEXIU = "440100", "440106", "440104"
WUSHAN, YUANCUN, BEIJING_STREET = "440106001", "440106002", "440104001"


def star_world() -> dict:
    """The Guangzhou regions; the association (city) with an admin; four communities (three in 天河, one in 越秀)
    with an admin each; a 天河 and a 越秀 volunteer-service organisation; a 天河 league; activity categories."""
    load_regions()
    with unit_of_work():
        seed_defaults()
    world = {"association": make_org(OrgKind.ASSOCIATION, CITY, "广州市志愿者协会")}
    world["association_admin"] = make_account(world["association"], "as-admin")
    for name, code in COMMUNITIES.items():
        world[name] = make_org(OrgKind.COMMUNITY, code, f"{name}社区")
        world[f"{name}_admin"] = make_account(world[name], f"cm-{code}")
    world["provider"] = make_org(OrgKind.VOLUNTEER_ORG, TIANHE, "天河志愿服务队")
    world["provider_admin"] = make_account(world["provider"], "pv-admin")
    world["other_provider"] = make_org(OrgKind.VOLUNTEER_ORG, YUEXIU, "越秀志愿服务队")
    world["other_provider_admin"] = make_account(world["other_provider"], "pv-other")
    world["league"] = make_org(OrgKind.LEAGUE, TIANHE, "天河团区委")
    world["league_admin"] = make_account(world["league"], "lg-admin", MemberRole.ADMIN)
    return world


def region(code: str) -> Region:
    return db.session.scalars(sa.select(Region).where(Region.code == code)).one()


def region_id(code: str) -> int:
    return region(code).id


def make_member(world: dict, community: str, name: str, *, party: bool = True) -> int:
    """A volunteer of `community` (a key of COMMUNITIES): an approved application and the membership row."""
    return member_of(world[community], name, party=party)


def member_of(community_id: int, name: str, *, party: bool = True) -> int:
    """A volunteer of the community organisation `community_id`."""
    with unit_of_work():
        org = db.session.get(Organisation, community_id)
        user = User(mp_openid=f"o-star-{next(_SERIAL)}", real_name=name, is_party_member=party)
        db.session.add(user)
        db.session.flush()
        id_card = pii().encrypt("440106199001011234", context="community.id_card")
        application = CommunityApplication(
            user_id=user.id, community_id=org.id, real_name=name, id_card_enc=id_card,
            id_card_index=f"idx-{user.id}", work_unit="测试单位", is_party_member=party,
            status=ApplicationStatus.APPROVED)
        db.session.add(application)
        db.session.flush()
        db.session.add(CommunityVolunteer(user_id=user.id, community_id=org.id, region_path=org.region.path,
                                          application_id=application.id, id_card_enc=id_card, work_unit="测试单位",
                                          is_party_member=party))
        return user.id


def _backdate(transfer_id: int, at: datetime) -> None:
    db.session.execute(sa.update(LedgerEntry).where(LedgerEntry.transfer_id == transfer_id).values(created_at=at))
    db.session.execute(sa.update(LedgerTransfer).where(LedgerTransfer.id == transfer_id).values(created_at=at))


def _place(user_id: int, region_code: str | None) -> str | None:
    """The region path a service was given in: `region_code`'s, else the volunteer's own community's."""
    if region_code is not None:
        return region(region_code).path
    return db.session.scalar(sa.select(CommunityVolunteer.region_path).where(CommunityVolunteer.user_id == user_id))


def credit(user_id: int, hours: float | Decimal, *, at: datetime, cause: Cause = Cause.ATTENDANCE,
           services: int = 1, region_code: str | None = None) -> int:
    """Credit `hours` (and `services`) to the user through the ledger, booked at `at`, served in `region_code`
    (the volunteer's community unless given)."""
    hours = Decimal(str(hours))
    with unit_of_work():
        transfer_id = ledger.issue((OwnerType.USER, user_id), points_for_hours(hours), cause=cause,
                                   cause_key=f"test-star:{next(_SERIAL)}", hours=hours, services=services,
                                   region_path=_place(user_id, region_code))
        _backdate(transfer_id, at)
        return transfer_id


def reclaim(user_id: int, hours: float | Decimal, *, at: datetime, cause: Cause = Cause.ATTENDANCE,
            services: int = 1, region_code: str | None = None) -> int:
    """The compensating entry (冲正) of an earlier credit, booked at `at` (served where `credit` says)."""
    hours = Decimal(str(hours))
    with unit_of_work():
        transfer_id = ledger.reclaim((OwnerType.USER, user_id), points_for_hours(hours), cause=cause,
                                     cause_key=f"test-star-back:{next(_SERIAL)}", hours=hours, services=services,
                                     region_path=_place(user_id, region_code))
        _backdate(transfer_id, at)
        return transfer_id


def make_activity(world: dict, publisher: str, region_code: str) -> int:
    """An ended activity of world[publisher] held in `region_code`, inserted directly."""
    with unit_of_work():
        place = region(region_code)
        category, kind = (db.session.scalar(sa.select(CatalogueEntry.id).where(
            CatalogueEntry.kind == catalogue, CatalogueEntry.code == "01"))
            for catalogue in (CatalogueKind.ACTIVITY_CATEGORY, CatalogueKind.ACTIVITY_TYPE))
        starts = datetime(2026, 1, 1, 1, 0, tzinfo=SHANGHAI)
        activity = Activity(publisher_org_id=world[publisher], published_by_id=world[f"{publisher}_admin"],
                            title=f"社区服务 {next(_SERIAL)}", category_id=category, type_id=kind, region_id=place.id,
                            region_path=place.path, place="社区广场", starts_at=starts,
                            ends_at=starts + timedelta(hours=2), headcount=50, content="社区服务",
                            status=ActivityStatus.ENDED)
        db.session.add(activity)
        db.session.flush()
        return activity.id


def attend(world: dict, publisher: str, region_code: str, volunteer_id: int, hours: float, *, at: datetime,
           attended: bool = True, activity_id: int | None = None) -> int:
    """An attendance row confirmed at `at` (an activity of `publisher` in `region_code` made unless given)."""
    activity_id = activity_id or make_activity(world, publisher, region_code)
    with unit_of_work():
        row = ActivityAttendance(activity_id=activity_id, volunteer_id=volunteer_id, attended=attended,
                                 hours=Decimal(str(hours)) if attended else Decimal(0),
                                 confirmed_by_id=world[f"{publisher}_admin"], confirmed_at=at)
        db.session.add(row)
        db.session.flush()
        return activity_id


def actor(user_id: int):
    db.session.expire_all()
    return actor_for(db.session.get(User, user_id))
