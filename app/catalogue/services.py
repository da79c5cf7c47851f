"""Reading and seeding catalogues."""
from __future__ import annotations

import sqlalchemy as sa

from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.core.errors import InvalidInput
from app.extensions import db

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
    return list(db.session.scalars(sa.select(CatalogueEntry).where(
        CatalogueEntry.kind == kind, CatalogueEntry.is_active.is_(True)).order_by(CatalogueEntry.sort_order)))


def require_entry(kind: CatalogueKind, code: str, field: str) -> CatalogueEntry:
    """For forms of later modules: the active entry, or a field error naming the form field."""
    entry = db.session.scalar(sa.select(CatalogueEntry).where(
        CatalogueEntry.kind == kind, CatalogueEntry.code == code, CatalogueEntry.is_active.is_(True)))
    if entry is None:
        raise InvalidInput(errors={field: ["请从列表中选择"]})
    return entry
