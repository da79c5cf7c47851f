"""Rows for the scoring, to-do, favourite, snapshot and reminder tests, built directly from the models (the
need and claim services are written in parallel; these tests must not depend on them)."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind, Region
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs.models import Claim, ClaimStatus, Need, NeedStatus, Zone
from tests.factories import load_regions, make_account, make_org

_SERIAL = itertools.count(1)


def needs_world() -> dict:
    """A league of 天河区 and a volunteer-service organisation of the same district, each with an admin and a
    staff account, a second volunteer organisation, and the 七彩假期 zone."""
    load_regions()
    world = {"league": make_org(OrgKind.LEAGUE, "440106", "天河团区委"),
             "provider": make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队"),
             "provider2": make_org(OrgKind.VOLUNTEER_ORG, "440106", "五山青年志愿队")}
    world["league_admin"] = make_account(world["league"], "lg-admin")
    world["league_staff"] = make_account(world["league"], "lg-staff", MemberRole.STAFF)
    world["provider_admin"] = make_account(world["provider"], "pv-admin")
    world["provider_staff"] = make_account(world["provider"], "pv-staff", MemberRole.STAFF)
    world["provider2_admin"] = make_account(world["provider2"], "pv2-admin")
    world["zone"] = make_zone("七彩假期")
    return world


def make_zone(name: str) -> int:
    with unit_of_work() as session:
        zone = Zone(name=name, starts_on=date(2026, 7, 1), ends_on=date(2026, 8, 31))
        session.add(zone)
        session.flush()
        return zone.id


def make_need(world: dict, *, zone_id: int | None | bool = True, status: NeedStatus = NeedStatus.UNCLAIMED,
              created_at: datetime | None = None, claimed_at: datetime | None = None, league: int | None = None,
              title: str | None = None) -> int:
    """A formal need of the world's league (or `league`), in the world's zone unless zone_id says otherwise."""
    zone = world["zone"] if zone_id is True else (zone_id or None)
    with unit_of_work() as session:
        region = session.scalar(sa.select(Region).where(Region.code == "440106"))
        start = utcnow() + timedelta(days=10)
        need = Need(zone_id=zone, league_org_id=league or world["league"],
                    title=title or f"【七彩假期】需求 {next(_SERIAL)}", content="暑期陪伴", region_id=region.id,
                    region_path=region.path, starts_at=start, ends_at=start + timedelta(hours=3), headcount=5,
                    leader_name="李老师",
                    leader_mobile_enc=pii().encrypt("13800001111", context="needs.leader_mobile"),
                    status=status, created_by_id=world["league_admin"],
                    created_at=created_at or utcnow(), claimed_at=claimed_at)
        session.add(need)
        session.flush()
        return need.id


def make_claim(world: dict, need_id: int, *, org: int | None = None, status: ClaimStatus = ClaimStatus.PENDING,
               decided_at: datetime | None = None, created_at: datetime | None = None) -> int:
    """A claim of the world's volunteer organisation (or `org`). An accepted claim also marks its need 已认领."""
    org = org or world["provider"]
    claimant = world["provider_admin"] if org == world["provider"] else world.get("provider2_admin")
    with unit_of_work() as session:
        at = decided_at or utcnow()
        claim = Claim(need_id=need_id, org_id=org, claimed_by_id=claimant, message="我们可以承接",
                      status=status, created_at=created_at or utcnow(),
                      decided_at=at if status in (ClaimStatus.ACCEPTED, ClaimStatus.RETURNED) else None,
                      decided_by_id=world["league_admin"] if status is not ClaimStatus.PENDING else None)
        session.add(claim)
        if status is ClaimStatus.ACCEPTED:
            need = session.get(Need, need_id)
            need.status, need.claimed_at = NeedStatus.CLAIMED, at
        session.flush()
        return claim.id


def accepted_claim(world: dict, *, decided_at: datetime | None = None) -> int:
    """A need of the world's league with the world's provider's accepted claim."""
    return make_claim(world, make_need(world), status=ClaimStatus.ACCEPTED, decided_at=decided_at)


def claim_row(claim_id: int) -> Claim:
    db.session.expire_all()
    return db.session.get(Claim, claim_id)


def actor(user_id: int):
    from app.accounts.models import User
    from app.accounts.sessions import actor_for

    return actor_for(db.session.get(User, user_id))


def platform_admin() -> int:
    from tests.factories import make_admin

    return make_admin()


def matrix_claim(ids: dict, status: ClaimStatus = ClaimStatus.ACCEPTED) -> int:
    """For permission rows: a need (no zone) of the matrix's league with its provider's claim."""
    world = {key: ids[key] for key in ("league", "league_admin", "provider", "provider_admin")}
    return make_claim(world, make_need(world, zone_id=None), status=status)
