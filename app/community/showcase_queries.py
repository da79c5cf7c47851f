"""Reading showcase entries: the public lists by kind and region (active entries, by sort order then id, keyset
paginated on that pair), an entry's detail with its photo ids, and the association's list (inactive entries
too). A page is three queries whatever its size: the entries with names joined in, and their photo ids."""
from __future__ import annotations

import re
from collections import defaultdict

import sqlalchemy as sa

from app.accounts.models import Organisation, Region
from app.accounts.policy import Actor, region_paths
from app.community.models import ShowcaseEntry, ShowcaseKind
from app.community.showcase import PHOTO_KIND, entry_not_found, managed_entry
from app.core.errors import InvalidInput
from app.extensions import db
from app.uploads.models import Upload

KIND_LABELS = {ShowcaseKind.PROFESSIONAL: "专业志愿者", ShowcaseKind.TEAM: "志愿者团队", ShowcaseKind.BASE: "服务基地"}
_CURSOR = re.compile(r"^(\d{1,4})-(\d{1,10})$")


def _columns():
    return (ShowcaseEntry, Region.code.label("region_code"), Region.name.label("region_name"),
            Organisation.name.label("organisation_name"))


def _joined(query):
    return (query.join(Region, Region.id == ShowcaseEntry.region_id)
            .outerjoin(Organisation, Organisation.id == ShowcaseEntry.organisation_id))


def _photos(entry_ids: list[int]) -> dict[int, list[int]]:
    photos: dict[int, list[int]] = defaultdict(list)
    if entry_ids:
        for upload_id, entry_id in db.session.execute(
                sa.select(Upload.id, Upload.attached_id).where(Upload.attached_kind == PHOTO_KIND,
                                                               Upload.attached_id.in_(entry_ids))
                .order_by(Upload.id)):
            photos[entry_id].append(upload_id)
    return photos


def present(row, photos: list[int], *, manage: bool = False) -> dict:
    entry: ShowcaseEntry = row.ShowcaseEntry
    item = {"id": entry.id, "kind": entry.kind, "kind_label": KIND_LABELS[entry.kind],
            "region": {"code": row.region_code, "name": row.region_name}, "name": entry.name,
            "profession": entry.profession, "affiliation": entry.affiliation, "introduction": entry.introduction,
            "address": entry.address, "contact": entry.contact, "sort_order": entry.sort_order,
            "organisation": ({"id": entry.organisation_id, "name": row.organisation_name}
                             if entry.organisation_id else None),
            "photo_upload_ids": photos, "updated_at": entry.updated_at}
    if manage:
        item |= {"user_id": entry.user_id, "is_active": entry.is_active, "created_at": entry.created_at}
    return item


def _region_path(code: str | None) -> str | None:
    if not code:
        return None
    path = db.session.scalar(sa.select(Region.path).where(Region.code == code))
    if path is None:
        raise InvalidInput("区域不存在", errors={"region": ["区域不存在"]})
    return path


def _page(where: list, cursor: str | None, limit: int, *, manage: bool = False) -> dict:
    query = _joined(sa.select(*_columns())).where(*where)
    if cursor:
        match = _CURSOR.match(cursor)
        if match is None:
            raise InvalidInput(errors={"cursor": ["翻页参数无效，请使用上一页返回的 next_cursor"]})
        query = query.where(sa.tuple_(ShowcaseEntry.sort_order, ShowcaseEntry.id)
                            > (int(match.group(1)), int(match.group(2))))
    rows = db.session.execute(query.order_by(ShowcaseEntry.sort_order, ShowcaseEntry.id).limit(limit + 1)).all()
    more, rows = len(rows) > limit, rows[:limit]
    photos = _photos([row.ShowcaseEntry.id for row in rows])
    last = rows[-1].ShowcaseEntry if rows else None
    return {"items": [present(row, photos[row.ShowcaseEntry.id], manage=manage) for row in rows],
            "next_cursor": f"{last.sort_order}-{last.id}" if more and last else None}


def list_entries(kind: ShowcaseKind | None = None, region: str | None = None, *, cursor: str | None = None,
                 limit: int = 20) -> dict:
    """专业志愿者 / 志愿者团队 / 服务基地: active entries, optionally of one kind and inside one region."""
    where = [ShowcaseEntry.is_active.is_(True)]
    if kind is not None:
        where.append(ShowcaseEntry.kind == kind)
    path = _region_path(region)
    if path:
        where.append(ShowcaseEntry.region_path.startswith(path))
    return _page(where, cursor, limit)


def entry_detail(entry_id: int) -> dict:
    """An active entry with its photo ids; an inactive one answers like a missing one."""
    row = db.session.execute(_joined(sa.select(*_columns())).where(
        ShowcaseEntry.id == entry_id, ShowcaseEntry.is_active.is_(True))).first()
    if row is None:
        raise entry_not_found()
    return present(row, _photos([entry_id])[entry_id])


def managed_entries(actor: Actor, kind: ShowcaseKind | None = None, region: str | None = None, *,
                    active: bool | None = None, cursor: str | None = None, limit: int = 20) -> dict:
    """展示管理: the entries inside the association's region, inactive ones too."""
    where = []
    paths = region_paths(actor, "showcase.manage")
    if paths is not None:
        where.append(sa.or_(*[ShowcaseEntry.region_path.startswith(p) for p in paths]) if paths else sa.false())
    if kind is not None:
        where.append(ShowcaseEntry.kind == kind)
    if active is not None:
        where.append(ShowcaseEntry.is_active.is_(active))
    path = _region_path(region)
    if path:
        where.append(ShowcaseEntry.region_path.startswith(path))
    return _page(where, cursor, limit, manage=True)


def managed_entry_detail(actor: Actor, entry_id: int) -> dict:
    managed_entry(actor, entry_id)
    row = db.session.execute(_joined(sa.select(*_columns())).where(ShowcaseEntry.id == entry_id)).one()
    return present(row, _photos([entry_id])[entry_id], manage=True)
