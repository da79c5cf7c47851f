"""Reading the quarterly stars: the public home page (a region's current or given quarter, the volunteer's name
masked as 张*) and the association's list of a quarter's stars in its region (names in clear, overrides
marked). Each read is a constant number of queries."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import Organisation, Region, User
from app.accounts.policy import Actor, region_paths
from app.community import quarters
from app.community.models import CommunityVolunteer, StarAward, StarKind
from app.community.stars import STAR_LEVELS
from app.core.crypto import mask_name
from app.core.errors import InvalidInput, NotFound
from app.core.timeutil import utcnow
from app.extensions import db

KIND_LABELS = {StarKind.TEAM: "团队之星", StarKind.VOLUNTEER: "个人之星"}


def _region(code: str | None) -> Region:
    """The region named by `code`, or the top of the tree (the city) without one."""
    query = sa.select(Region)
    query = query.where(Region.code == code) if code else query.where(Region.parent_id.is_(None)).order_by(Region.code)
    region = db.session.scalars(query.limit(1)).first()
    if region is None:
        raise NotFound("区域不存在", error="region_not_found")
    if region.level not in STAR_LEVELS:
        raise InvalidInput("之星按市、区、街道评选", errors={"region": ["请选择市、区或街道"]})
    return region


def _rows(where: list, order_by: tuple) -> list:
    team = aliased(Organisation, name="team")
    community = aliased(Organisation, name="community")
    query = (sa.select(StarAward, Region.code.label("region_code"), Region.name.label("region_name"),
                       team.name.label("team_name"), team.kind.label("team_kind"), User.real_name,
                       community.id.label("community_id"), community.name.label("community_name"))
             .join(Region, Region.id == StarAward.region_id)
             .outerjoin(team, team.id == StarAward.organisation_id)
             .outerjoin(User, User.id == StarAward.user_id)
             .outerjoin(CommunityVolunteer, CommunityVolunteer.user_id == StarAward.user_id)
             .outerjoin(community, community.id == CommunityVolunteer.community_id)
             .where(*where).order_by(*order_by))
    return db.session.execute(query).all()


def _present(row, *, clear_names: bool) -> dict:
    award: StarAward = row.StarAward
    item = {"id": award.id, "quarter": award.quarter, "kind": award.kind, "kind_label": KIND_LABELS[award.kind],
            "region": {"code": row.region_code, "name": row.region_name}, "hours": award.hours,
            "citation": award.citation, "overridden": award.overridden_by_id is not None,
            "team": None, "volunteer": None}
    if award.kind is StarKind.TEAM:
        item["team"] = {"id": award.organisation_id, "name": row.team_name, "kind": row.team_kind}
    else:
        name = row.real_name if clear_names else mask_name(row.real_name)
        community = {"id": row.community_id, "name": row.community_name} if row.community_id else None
        item["volunteer"] = {"name": name, "community": community}
        if clear_names:
            item["volunteer"]["user_id"] = award.user_id
    return item


def public_stars(region_code: str | None = None, quarter: str | None = None, *, now: datetime | None = None) -> dict:
    """首页之星: a region's team and volunteer star of `quarter`, or of the latest ended quarter that has any
    (the current quarter is never shown: it has not been judged)."""
    region = _region(region_code)
    current = quarters.quarter_of(now or utcnow())
    if quarter is not None:
        quarters.parse(quarter)
    else:
        quarter = db.session.scalar(sa.select(sa.func.max(StarAward.quarter)).where(
            StarAward.region_id == region.id, StarAward.quarter < current))
    stars = {"team": None, "volunteer": None}
    if quarter is not None and quarter < current:
        for row in _rows([StarAward.region_id == region.id, StarAward.quarter == quarter], (StarAward.kind,)):
            stars[row.StarAward.kind.value] = _present(row, clear_names=False)
    return {"region": {"code": region.code, "name": region.name, "level": region.level}, "quarter": quarter,
            **stars}


def managed_stars(actor: Actor, quarter: str | None = None, region_code: str | None = None, *,
                  now: datetime | None = None) -> list[dict]:
    """之星管理: every star of `quarter` (default: the quarter just ended) in the association's region (or inside
    `region_code`), with names."""
    if quarter is None:
        quarter = quarters.previous(quarters.quarter_of(now or utcnow()))
    quarters.parse(quarter)
    where = [StarAward.quarter == quarter]
    paths = region_paths(actor, "showcase.manage")
    if paths is not None:
        where.append(sa.or_(*[Region.path.startswith(p) for p in paths]) if paths else sa.false())
    if region_code:
        path = db.session.scalar(sa.select(Region.path).where(Region.code == region_code))
        if path is None:
            raise InvalidInput("区域不存在", errors={"region": ["区域不存在"]})
        where.append(Region.path.startswith(path))
    return [_present(row, clear_names=True) for row in _rows(where, (Region.path, StarAward.kind))]
