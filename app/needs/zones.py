"""Campaign zones (专区) such as 七彩假期: kept by the platform administrator; a need in a zone carries its
title prefix 【七彩假期】, written by the platform (DOMAIN.md §4)."""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.accounts.policy import Actor, authorize
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.persistence import insert_unique
from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.needs.models import Zone

_BRACKETS = re.compile(r"[【】\[\]]")


def list_zones(*, active_only: bool = False) -> list[Zone]:
    query = sa.select(Zone).order_by(Zone.starts_on.desc(), Zone.id)
    if active_only:
        query = query.where(Zone.is_active.is_(True))
    return list(db.session.scalars(query))


def create_zone(actor: Actor, fields: dict) -> Zone:
    authorize(actor, "zone.manage")
    zone = Zone()
    _fill(zone, fields)
    return insert_unique(zone, Conflict("已有同名专区", error="zone_exists"))


def update_zone(actor: Actor, zone_id: int, fields: dict) -> Zone:
    authorize(actor, "zone.manage")
    zone = db.session.get(Zone, zone_id)
    if zone is None:
        raise NotFound("专区不存在", error="zone_not_found")
    _fill(zone, fields)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as exc:
        raise Conflict("已有同名专区", error="zone_exists") from exc
    return zone


def _fill(zone: Zone, fields: dict) -> None:
    for name in ("name", "description", "starts_on", "ends_on", "is_active"):
        if name in fields:
            setattr(zone, name, fields[name].strip() if isinstance(fields[name], str) else fields[name])
    errors = {}
    if not zone.name or not 2 <= len(zone.name) <= 20 or _BRACKETS.search(zone.name):
        errors["name"] = ["专区名称须为 2-20 个字，不含【】"]
    if zone.starts_on and zone.ends_on and zone.starts_on > zone.ends_on:
        errors["ends_on"] = ["结束日期不能早于开始日期"]
    if errors:
        raise InvalidInput(errors=errors)


def zone_for_new_need(zone_id: int | None) -> Zone | None:
    """The zone a need is published in: it must exist, be active and be within its period today."""
    if zone_id is None:
        return None
    zone = db.session.get(Zone, zone_id)
    if zone is None:
        raise InvalidInput("专区不存在", errors={"zone_id": ["专区不存在"]})
    today = utcnow().astimezone(SHANGHAI).date()
    if not zone.is_active or not zone.starts_on <= today <= zone.ends_on:
        raise Conflict(f"「{zone.name}」专区不在开放期内", error="zone_closed")
    return zone


def with_prefix(zone: Zone | None, title: str) -> str:
    """【七彩假期】+ the title, never doubled: a prefix the typist already wrote (with or without spaces)
    is taken off first."""
    title = title.strip()
    if zone is None:
        return title
    typed = re.compile(r"^\s*[【\[]\s*" + re.escape(zone.name) + r"\s*[】\]]\s*")
    while typed.match(title):
        title = typed.sub("", title, count=1)
    return zone.title_prefix + title

