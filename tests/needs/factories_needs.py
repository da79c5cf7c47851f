"""World-building for the needs-core tests, through the real services: an open 七彩假期 zone, leagues and
volunteer-service organisations with staff, completed profiles, needs and claims."""
from __future__ import annotations

from datetime import timedelta

from app.accounts import sessions
from app.accounts.models import OrgKind, User
from app.core.timeutil import SHANGHAI, utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs import claims, needs, profiles
from app.needs.models import Zone
from tests.factories import load_regions, make_account, make_org

PROFILE = {"registration_no": "51440106MJ0000001X", "registered_with": "天河区民政局", "contact_name": "陈队长",
           "contact_phone": "13900002222", "service_areas": ["助学", "关爱儿童"],
           "introduction": "扎根天河的青年志愿队"}


def actor(user_id: int):
    return sessions.actor_for(db.session.get(User, user_id))


def open_zone(name: str = "七彩假期") -> int:
    today = utcnow().astimezone(SHANGHAI).date()
    with unit_of_work() as session:
        zone = Zone(name=name, starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=60))
        session.add(zone)
        session.flush()
        return zone.id


def make_provider(name: str, username: str, *, district: str = "440106", complete: bool = True) -> dict:
    org = make_org(OrgKind.VOLUNTEER_ORG, district, name)
    admin = make_account(org, username)
    if complete:
        with unit_of_work():
            profiles.save_profile(actor(admin), org, PROFILE)
    return {"org": org, "admin": admin}


def needs_core_world() -> dict:
    load_regions()
    world = {"zone": open_zone(), "league": make_org(OrgKind.LEAGUE, "440106", "天河团区委"),
             "other_league": make_org(OrgKind.LEAGUE, "440104", "越秀团区委")}
    world["league_admin"] = make_account(world["league"], "lg-admin")
    world["other_league_admin"] = make_account(world["other_league"], "lg-other")
    world["provider"] = make_provider("天河志愿服务队", "pv-admin")
    world["provider2"] = make_provider("五山青年志愿队", "pv2-admin")
    return world


def need_fields(**overrides) -> dict:
    start = utcnow() + timedelta(days=10)
    return {"title": "暑期陪伴留守儿童", "content": "每周两次陪伴学习", "region_code": "440106001", "zone_id": None,
            "starts_at": start, "ends_at": start + timedelta(hours=3), "headcount": 6, "leader_name": "李老师",
            "leader_mobile": "13800001111", "leader_landline": "020-87654321"} | overrides


def publish(world: dict, **overrides) -> int:
    with unit_of_work():
        fields = need_fields(**{"zone_id": world["zone"]} | overrides)
        return needs.publish_need(actor(world["league_admin"]), fields).id


def claim(provider: dict, need_id: int, message: str = "我们有 20 名大学生志愿者") -> int:
    with unit_of_work():
        return claims.claim_need(actor(provider["admin"]), need_id, message).id


def accept(world: dict, claim_id: int) -> None:
    with unit_of_work():
        claims.accept_claim(actor(world["league_admin"]), claim_id)
