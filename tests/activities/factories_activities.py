"""Rows for the activities tests: communities, a volunteer-service organisation with an accepted claim,
volunteers, and activities in any status, built directly from the models (the needs services are written
in parallel; these helpers must not depend on them).

    world = activity_world()                        regions, catalogues, 华农社区 and 惠新社区, 天河 provider
    activity_id = make_activity(world, headcount=5)  recruiting, community-published, starts in 3 days, 2 h long
    volunteer = make_volunteer("王小明")              real name, phone, service community 华农社区
    signup_id = sign(volunteer, activity_id)         through the real service, committed
    claim = make_claim(world)                        a 七彩假期 need of 天河团区委, accepted claim of the provider
"""
from __future__ import annotations

import itertools
from datetime import date, timedelta

import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind, Region, User
from app.accounts.sessions import actor_for
from app.accounts.wechat_login import set_phone
from app.activities import signups
from app.activities.models import Activity, ActivityStatus
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.catalogue.services import seed_defaults
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs.models import Claim, ClaimStatus, Need, NeedStatus, Zone
from tests.factories import load_regions, make_account, make_org

_SERIAL = itertools.count(1)
COMMUNITY = "440106001001"        # 华农社区, 五山街道, 天河区
OTHER_COMMUNITY = "440104001001"  # 惠新社区, 越秀区


def activity_world(*, regions: bool = True) -> dict:
    """Two communities with an admin each, a second staff member of the first, the 天河 volunteer-service
    organisation with an admin and the 越秀 one, and the 天河 league."""
    if regions:
        load_regions()
    with unit_of_work():
        seed_defaults()
    serial = next(_SERIAL)
    community = make_org(OrgKind.COMMUNITY, COMMUNITY, f"华农社区{serial}")
    other = make_org(OrgKind.COMMUNITY, OTHER_COMMUNITY, f"惠新社区{serial}")
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", f"天河志愿服务队{serial}")
    other_provider = make_org(OrgKind.VOLUNTEER_ORG, "440104", f"越秀志愿服务队{serial}")
    league = make_org(OrgKind.LEAGUE, "440106", f"天河团区委{serial}")
    return {
        "community": community, "community_admin": make_account(community, f"cm-admin-{serial}"),
        "community_staff": make_account(community, f"cm-staff-{serial}", MemberRole.STAFF),
        "other_community": other, "other_community_admin": make_account(other, f"cm-other-{serial}"),
        "provider": provider, "provider_admin": make_account(provider, f"pv-admin-{serial}"),
        "other_provider": other_provider, "other_provider_admin": make_account(other_provider, f"pv-other-{serial}"),
        "league": league, "league_admin": make_account(league, f"lg-admin-{serial}"),
    }


def region(code: str) -> Region:
    return db.session.scalars(sa.select(Region).where(Region.code == code)).one()


def category_id(code: str = "01", kind: CatalogueKind = CatalogueKind.ACTIVITY_CATEGORY) -> int:
    return db.session.scalar(sa.select(CatalogueEntry.id).where(CatalogueEntry.kind == kind,
                                                                CatalogueEntry.code == code))


def make_activity(world: dict, *, publisher: str = "community", headcount: int = 5, signed_up_count: int = 0,
                  starts_in: timedelta = timedelta(days=3), hours: float = 2, region_code: str = COMMUNITY,
                  status: ActivityStatus = ActivityStatus.RECRUITING, title: str | None = None,
                  category_code: str = "01", status_reason: str | None = None, type_code: str = "01") -> int:
    """An activity inserted directly (no event, no notification), published by world[publisher]."""
    with unit_of_work():
        starts = utcnow() + starts_in
        place_region = region(region_code)
        activity = Activity(
            publisher_org_id=world[publisher], published_by_id=world[f"{publisher}_admin"],
            title=title or f"社区清洁 {next(_SERIAL)}", category_id=category_id(category_code),
            type_id=category_id(type_code, CatalogueKind.ACTIVITY_TYPE),
            region_id=place_region.id, region_path=place_region.path, place="五山路 1 号", starts_at=starts,
            ends_at=starts + timedelta(hours=hours), headcount=headcount, signed_up_count=signed_up_count,
            content="清理社区公共区域", status=status, status_reason=status_reason)
        db.session.add(activity)
        db.session.flush()
        return activity.id


def make_volunteer(name: str | None = "志愿者", *, community_code: str | None = COMMUNITY,
                   phone: str | None = "13700001234") -> int:
    """A mini-program volunteer with a real name, a bound phone and a service community (None leaves out)."""
    with unit_of_work():
        user = User(mp_openid=f"o-act-{next(_SERIAL)}", real_name=name,
                    service_community_id=region(community_code).id if community_code else None)
        if phone:
            set_phone(user, phone)
        db.session.add(user)
        db.session.flush()
        return user.id


def make_volunteers(count: int, prefix: str = "志愿者") -> list[int]:
    """`count` volunteers with real names in one transaction (the concurrency test wants a hundred)."""
    with unit_of_work():
        users = [User(mp_openid=f"o-act-{next(_SERIAL)}", real_name=f"{prefix}{i}") for i in range(count)]
        db.session.add_all(users)
        db.session.flush()
        return [u.id for u in users]


def actor(user_id: int):
    db.session.expire_all()
    return actor_for(db.session.get(User, user_id))


def sign(user_id: int, activity_id: int) -> int:
    """`user_id` signs up (signups.sign_up, committed); returns the sign-up id."""
    with unit_of_work():
        return signups.sign_up(actor(user_id), activity_id).id


def activity_row(activity_id: int) -> Activity:
    db.session.expire_all()
    return db.session.get(Activity, activity_id)


def make_zone(name: str = "七彩假期") -> int:
    with unit_of_work():
        existing = db.session.scalar(sa.select(Zone.id).where(Zone.name == name))
        if existing:
            return existing
        zone = Zone(name=name, starts_on=date(2026, 1, 1), ends_on=date(2030, 12, 31), is_active=True)
        db.session.add(zone)
        db.session.flush()
        return zone.id


def make_claim(world: dict, *, status: ClaimStatus = ClaimStatus.ACCEPTED, org: str = "provider",
               need_status: NeedStatus = NeedStatus.CLAIMED, zone: bool = True,
               region_code: str = "440106") -> int:
    """A need of the league (in the 七彩假期 zone unless `zone` is False) and a claim of world[org]."""
    zone_id = make_zone() if zone else None
    with unit_of_work():
        starts = utcnow() + timedelta(days=10)
        need_region = region(region_code)
        zone_row = db.session.get(Zone, zone_id) if zone_id else None
        serial = next(_SERIAL)
        need = Need(zone_id=zone_id, league_org_id=world["league"],
                    title=f"{zone_row.title_prefix if zone_row else ''}暑期托管 {serial}", content="暑期儿童托管",
                    region_id=need_region.id, region_path=need_region.path, starts_at=starts,
                    ends_at=starts + timedelta(days=5), headcount=10, leader_name="李老师",
                    leader_mobile_enc=pii().encrypt("13800001111", context="needs.leader_mobile"),
                    status=need_status, created_by_id=world["league_admin"],
                    claimed_at=utcnow() if need_status is not NeedStatus.UNCLAIMED else None)
        db.session.add(need)
        db.session.flush()
        claim = Claim(need_id=need.id, org_id=world[org], claimed_by_id=world[f"{org}_admin"],
                      message="我们来认领", status=status,
                      decided_by_id=world["league_admin"] if status is not ClaimStatus.PENDING else None,
                      decided_at=utcnow() if status is not ClaimStatus.PENDING else None)
        db.session.add(claim)
        db.session.flush()
        return claim.id


def activity_form(**changes) -> dict:
    """A valid 发布活动 form as a service receives it (aware datetimes)."""
    starts = utcnow().replace(microsecond=0) + timedelta(days=3)
    form = {"title": "社区环境整治", "category_code": "01", "type_code": "01",
    "region_code": None, "place": "华农社区广场",
            "latitude": None, "longitude": None, "starts_at": starts, "ends_at": starts + timedelta(hours=3),
            "headcount": 5, "content": "清理社区公共区域的垃圾", "cover_upload_id": None}
    form.update(changes)
    return form
