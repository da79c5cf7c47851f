"""Reading, seeding and managing catalogues.

The association maintains the time bank's two pick-lists (服务项目, 服务类型); the others are fixed by
policy or law (政治面貌 …) and change only with a release. An entry is never deleted: orders keep pointing
at it, so retiring one deactivates it, which hides it from the forms' pick-lists only.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.persistence import insert_unique
from app.extensions import db

MANAGEABLE = frozenset({CatalogueKind.SERVICE_ITEM, CatalogueKind.SERVICE_TYPE})
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,30}$")
NAME_MAX = 50
SORT_MAX = 9999

ACTIVITY_TYPES = ["日常服务", "专项活动", "节日活动", "线上活动"]
# The values the three operating guides show in their pick-lists.
DEFAULTS: dict[CatalogueKind, list[str]] = {
    CatalogueKind.SERVICE_ITEM: ["生活照料", "助餐配餐", "陪同就医", "精神慰藉", "文体娱乐", "健康关爱",
                                 "法律援助", "家居维修", "智能手机教学"],
    CatalogueKind.SERVICE_TYPE: ["上门服务", "陪同外出", "协助送餐", "集中活动", "线上服务"],
    CatalogueKind.BENEFICIARY_CATEGORY: ["长者", "残障人士", "困境儿童", "低保低收入家庭", "其他"],
    CatalogueKind.POLITICAL_STATUS: ["群众", "中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士"],
    CatalogueKind.SELF_CARE_LEVEL: ["无需依赖", "轻度依赖", "中度依赖", "重度依赖"],
    CatalogueKind.LIVING_STATUS: ["独居", "孤寡", "与配偶同住", "与子女同住", "其他"],
    CatalogueKind.ACTIVITY_CATEGORY: ["社区服务", "助老助残", "环境保护", "文明交通", "理论宣讲", "应急救援",
                                      "关爱儿童", "文化体育"],
    # The migration that introduced activity types seeds these too (and files earlier activities under 01).
    CatalogueKind.ACTIVITY_TYPE: ACTIVITY_TYPES,
}


def seed_defaults() -> int:
    existing = {(e.kind, e.code) for e in db.session.scalars(sa.select(CatalogueEntry))}
    added = 0
    for kind, names in DEFAULTS.items():
        for index, name in enumerate(names, start=1):
            code = f"{index:02d}"
            if (kind, code) not in existing:
                db.session.add(CatalogueEntry(kind=kind, code=code, name=name, sort_order=index))
                added += 1
    db.session.flush()
    return added


def list_entries(kind: CatalogueKind) -> list[CatalogueEntry]:
    """The active entries of a pick-list, in display order."""
    return list(db.session.scalars(sa.select(CatalogueEntry).where(
        CatalogueEntry.kind == kind, CatalogueEntry.is_active.is_(True))
        .order_by(CatalogueEntry.sort_order, CatalogueEntry.id)))


def require_entry(kind: CatalogueKind, code: str, field: str) -> CatalogueEntry:
    """For forms of later modules: the active entry, or a field error naming the form field."""
    entry = db.session.scalar(sa.select(CatalogueEntry).where(
        CatalogueEntry.kind == kind, CatalogueEntry.code == code, CatalogueEntry.is_active.is_(True)))
    if entry is None:
        raise InvalidInput(errors={field: ["请从列表中选择"]})
    return entry


def _manageable(kind: CatalogueKind) -> None:
    if kind not in MANAGEABLE:
        raise Forbidden("只能维护服务项目和服务类型", error="catalogue_not_manageable")


def _clean_name(kind: CatalogueKind, name: str, *, except_id: int | None = None) -> str:
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise InvalidInput(errors={"name": [f"名称长度应在 1 到 {NAME_MAX} 之间"]})
    # Two entries of one name would be indistinguishable in the pick-list.
    clash = sa.select(CatalogueEntry.id).where(CatalogueEntry.kind == kind, CatalogueEntry.name == name)
    if except_id is not None:
        clash = clash.where(CatalogueEntry.id != except_id)
    if db.session.scalar(clash) is not None:
        raise Conflict("已有同名的字典项", error="catalogue_name_taken", errors={"name": ["已有同名的字典项"]})
    return name


def _check_sort_order(sort_order: int) -> int:
    if not 0 <= sort_order <= SORT_MAX:
        raise InvalidInput(errors={"sort_order": [f"排序应在 0 到 {SORT_MAX} 之间"]})
    return sort_order


def _next_code(kind: CatalogueKind) -> str:
    """Codes the seed uses are two-digit numbers; continue that series."""
    codes = db.session.scalars(sa.select(CatalogueEntry.code).where(CatalogueEntry.kind == kind))
    return f"{max((int(c) for c in codes if c.isdigit()), default=0) + 1:02d}"


def list_all_entries(kind: CatalogueKind) -> list[CatalogueEntry]:
    """Every entry of a manageable catalogue, retired ones included, for the association's console."""
    _manageable(kind)
    return list(db.session.scalars(sa.select(CatalogueEntry).where(CatalogueEntry.kind == kind)
                                   .order_by(CatalogueEntry.sort_order, CatalogueEntry.id)))


def create_entry(kind: CatalogueKind, *, name: str, code: str | None = None,
                 sort_order: int | None = None) -> CatalogueEntry:
    """Add an entry to 服务项目 or 服务类型. Without a code the next number is used; without a sort order
    it goes last. A code already used in the catalogue (even by a retired entry) answers 409."""
    _manageable(kind)
    name = _clean_name(kind, name)
    if code is None:
        code = _next_code(kind)
    elif not CODE_PATTERN.match(code):
        raise InvalidInput(errors={"code": ["编码只能包含字母、数字、下划线和连字符，最长 30 位"]})
    if sort_order is None:
        last = db.session.scalar(sa.select(sa.func.max(CatalogueEntry.sort_order)).where(CatalogueEntry.kind == kind))
        sort_order = min((last or 0) + 1, SORT_MAX)
    entry = CatalogueEntry(kind=kind, code=code, name=name, sort_order=_check_sort_order(sort_order), is_active=True)
    # The unique (kind, code) constraint decides, so two simultaneous additions cannot both take a code.
    return insert_unique(entry, Conflict("该编码已被使用", error="catalogue_code_taken",
                                         errors={"code": ["该编码已被使用"]}))


def _entry(kind: CatalogueKind, code: str, *, lock: bool = False) -> CatalogueEntry:
    query = sa.select(CatalogueEntry).where(CatalogueEntry.kind == kind, CatalogueEntry.code == code)
    entry = db.session.scalar(query.with_for_update() if lock else query)
    if entry is None:
        raise NotFound("字典项不存在", error="catalogue_entry_not_found")
    return entry


def update_entry(kind: CatalogueKind, code: str, *, name: str | None = None, sort_order: int | None = None,
                 is_active: bool | None = None) -> CatalogueEntry:
    """Rename, reorder, retire or restore an entry. Orders that use it keep it whatever happens here."""
    _manageable(kind)
    entry = _entry(kind, code, lock=True)
    if name is not None:
        entry.name = _clean_name(kind, name, except_id=entry.id)
    if sort_order is not None:
        entry.sort_order = _check_sort_order(sort_order)
    if is_active is not None:
        entry.is_active = is_active
    db.session.flush()
    return entry


def deactivate_entry(kind: CatalogueKind, code: str) -> CatalogueEntry:
    """Retire an entry: gone from the pick-lists, still shown on the orders that use it."""
    return update_entry(kind, code, is_active=False)
