"""Showcase entries (首页展示, seed 004 (五)3–4): professional volunteers (专业志愿者, e.g. the lawyers of 市律师协会),
volunteer teams (志愿者团队) and service bases (服务基地), managed by the association inside its region.

Form rules, each breach a 422 naming the field (all at once): a name and an introduction; a region inside the
association's region; a professional volunteer has a profession and an affiliation and may be linked to an
active user, but never shows an address (a person's home is private); a team may be linked to an active
community or volunteer-service organisation inside the association's region; a service base has an address.
The public contact may be an office line, an e-mail or a place, never a mobile number: entries are public and
a mobile is a person's. Up to 9 photos, the manager's own uploads (or those already attached), public once
attached to an active entry.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, Region, User
from app.accounts.policy import Actor, allows, authorize
from app.community.models import ShowcaseEntry, ShowcaseKind
from app.core.errors import InvalidInput, NotFound
from app.extensions import db
from app.uploads.access import register_access_rule
from app.uploads.services import attach_uploads, attached_uploads

PHOTO_KIND = "showcase_entry"  # the upload kind of entry photos, attached to the entry's id
PHOTO_MAX = 9
SORT_ORDER_MAX = 9999
TEXT_LIMITS = {"name": 100, "profession": 50, "affiliation": 100, "introduction": 5000, "address": 200,
               "contact": 100}
LINKED_ORG_KINDS = (OrgKind.COMMUNITY, OrgKind.VOLUNTEER_ORG)
# A mobile number anywhere in the text (with or without +86), whatever separators were typed between its digits.
_MOBILE_INSIDE = re.compile(r"(?<!\d)(?:(?:00)?86)?1[3-9]\d{9}(?!\d)")
_SEPARATORS = re.compile(r"[\s\-‐–—()（）+]")


def entry_not_found() -> NotFound:
    return NotFound("展示内容不存在或已被删除", error="showcase_entry_not_found")


def _texts(values: dict, kind: ShowcaseKind, errors: dict) -> dict:
    texts = {}
    for name, limit in TEXT_LIMITS.items():
        value = values.get(name)
        texts[name] = value.strip() or None if isinstance(value, str) else None
        if texts[name] and len(texts[name]) > limit:
            errors[name] = [f"长度不能超过 {limit}"]
    required = {"name", "introduction"} | {ShowcaseKind.PROFESSIONAL: {"profession", "affiliation"},
                                           ShowcaseKind.BASE: {"address"}}.get(kind, set())
    for name in required:
        if not texts[name]:
            errors[name] = ["该字段为必填项"]
    if kind is not ShowcaseKind.PROFESSIONAL and texts["profession"]:
        errors["profession"] = ["只有专业志愿者填写专业"]
    if kind is ShowcaseKind.PROFESSIONAL and texts["address"]:
        errors["address"] = ["专业志愿者不展示地址"]
    contact = texts["contact"]
    if contact and _MOBILE_INSIDE.search(_SEPARATORS.sub("", contact)):
        errors["contact"] = ["公开联系方式不能是个人手机号，请填写办公电话、邮箱或地址"]
    return texts


def _region(code: str | None, actor: Actor, errors: dict) -> Region | None:
    region = db.session.scalar(sa.select(Region).where(Region.code == code)) if code else None
    if region is None:
        errors["region_code"] = ["区域不存在"]
    elif not allows(actor, "showcase.manage", region_path=region.path):
        errors["region_code"] = ["区域须在本协会范围内"]
        return None
    return region


def _links(values: dict, kind: ShowcaseKind, actor: Actor, errors: dict) -> tuple[int | None, int | None]:
    user_id, org_id = values.get("user_id"), values.get("organisation_id")
    if user_id is not None:
        if kind is not ShowcaseKind.PROFESSIONAL:
            errors["user_id"] = ["只有专业志愿者可关联用户"]
        elif db.session.scalar(sa.select(User.id).where(User.id == user_id, User.is_active.is_(True))) is None:
            errors["user_id"] = ["用户不存在或已停用"]
    if org_id is not None:
        org = db.session.get(Organisation, org_id)
        if kind is not ShowcaseKind.TEAM:
            errors["organisation_id"] = ["只有志愿者团队可关联机构"]
        elif (org is None or not org.is_active or org.kind not in LINKED_ORG_KINDS
              or not allows(actor, "showcase.manage", region_path=org.region.path)):
            errors["organisation_id"] = ["须为本协会范围内正常状态的社区或志愿服务组织"]
    return user_id, org_id


def _fill(entry: ShowcaseEntry, actor: Actor, values: dict) -> list[int]:
    """Check the whole form against `entry.kind` and copy it onto `entry`; returns the photo ids."""
    errors: dict[str, list[str]] = {}
    texts = _texts(values, entry.kind, errors)
    region = _region(values.get("region_code"), actor, errors)
    user_id, org_id = _links(values, entry.kind, actor, errors)
    sort_order = values.get("sort_order", 0)
    if not isinstance(sort_order, int) or isinstance(sort_order, bool) or not 0 <= sort_order <= SORT_ORDER_MAX:
        errors["sort_order"] = [f"排序应在 0 到 {SORT_ORDER_MAX} 之间"]
    photos = values.get("photo_upload_ids") or []
    if errors:
        raise InvalidInput(errors=errors)
    for name, value in texts.items():
        setattr(entry, name, value)
    entry.region_id, entry.region_path = region.id, region.path
    entry.user_id, entry.organisation_id, entry.sort_order = user_id, org_id, sort_order
    return list(photos)


def create_entry(actor: Actor, kind: ShowcaseKind, values: dict) -> ShowcaseEntry:
    """新增展示（专业志愿者、志愿者团队、服务基地）: active at once."""
    authorize(actor, "showcase.manage")
    entry = ShowcaseEntry(kind=kind, is_active=True, created_by_id=actor.user_id)
    photos = _fill(entry, actor, values)
    db.session.add(entry)
    db.session.flush()
    attach_uploads(photos, actor_user_id=actor.user_id, kind=PHOTO_KIND, target_id=entry.id,
                   max_count=PHOTO_MAX, field="photo_upload_ids")
    return entry


def managed_entry(actor: Actor, entry_id: int, *, lock: bool = False) -> ShowcaseEntry:
    """The entry, if inside the association's region; another region's answers like a missing one."""
    query = sa.select(ShowcaseEntry).where(ShowcaseEntry.id == entry_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    entry = db.session.scalars(query).first()
    if entry is None:
        raise entry_not_found()
    try:
        authorize(actor, "showcase.manage", region_path=entry.region_path)
    except NotFound as exc:
        raise entry_not_found() from exc
    return entry


def update_entry(actor: Actor, entry_id: int, changes: dict) -> ShowcaseEntry:
    """修改展示: the fields given replace the stored ones (the kind stays), and the whole result is checked
    again; a photo list given replaces the attached photos, none given keeps them."""
    entry = managed_entry(actor, entry_id, lock=True)
    values = {name: getattr(entry, name) for name in (*TEXT_LIMITS, "user_id", "organisation_id", "sort_order")}
    values["region_code"] = db.session.scalar(sa.select(Region.code).where(Region.id == entry.region_id))
    values["photo_upload_ids"] = [u.id for u in attached_uploads(PHOTO_KIND, entry.id)]
    photos = _fill(entry, actor, values | changes)
    attach_uploads(photos, actor_user_id=actor.user_id, kind=PHOTO_KIND, target_id=entry.id,
                   max_count=PHOTO_MAX, field="photo_upload_ids")
    db.session.flush()
    return entry


def set_active(actor: Actor, entry_id: int, active: bool) -> ShowcaseEntry:
    """停用 / 启用: an inactive entry disappears from the public pages (and its photos with it)."""
    entry = managed_entry(actor, entry_id, lock=True)
    entry.is_active = active
    db.session.flush()
    return entry


def _may_read_photo(actor, entry_id: int) -> bool:
    """Photos of an active entry are public (to anyone signed in, as upload content always needs); those of an
    inactive one only to the association that manages it."""
    entry = db.session.execute(sa.select(ShowcaseEntry.is_active, ShowcaseEntry.region_path)
                               .where(ShowcaseEntry.id == entry_id)).first()
    if entry is None:
        return False
    return entry.is_active or (hasattr(actor, "grants_for")
                               and allows(actor, "showcase.manage", region_path=entry.region_path))


register_access_rule(PHOTO_KIND, _may_read_photo)
