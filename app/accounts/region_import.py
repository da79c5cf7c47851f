"""Importing a city's region file (区域导入): a preview of what would change, and the commit, all or nothing.

The file (app/accounts/region_file.py) is the whole truth about its city: its regions are created or renamed
to match, and the city's regions the file no longer lists are deactivated (hidden from pickers, refused to new
records), never deleted, since organisations, activities, orders and ledger entries keep pointing at them. A
deactivated region listed again comes back. Other cities are not touched. Importing the same file twice
changes nothing the second time. Codes decide a region's place (region_file: a code extends its parent's), so
an existing region never moves; a file that would move one is refused on that row.

Concurrent commits are serialised by a transaction-scoped advisory lock on PostgreSQL: the second one plans
against what the first wrote.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Region, RegionLevel
from app.accounts.policy import Actor, authorize
from app.accounts.region_file import LEVEL_LABELS, RegionFileInvalid, RegionRow, RowError, parse
from app.core.errors import Conflict
from app.extensions import db

_LOCK_KEY = 0x7265_6769_6F6E  # "region": one import at a time
_LEVEL_ORDER = {RegionLevel.CITY: 0, RegionLevel.DISTRICT: 1, RegionLevel.STREET: 2, RegionLevel.COMMUNITY: 3}


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None = None
    old_name: str | None = None  # renamed: the name it had


@dataclass
class ImportPlan:
    city_code: str | None
    city_name: str | None
    rows: int
    errors: list[RowError]
    created: list[Change] = field(default_factory=list)
    renamed: list[Change] = field(default_factory=list)
    reactivated: list[Change] = field(default_factory=list)
    deactivated: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def valid(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (f"{self.city_name or '（无）'}：新增 {len(self.created)}，改名 {len(self.renamed)}，"
                f"恢复 {len(self.reactivated)}，停用 {len(self.deactivated)}，不变 {self.unchanged}")


def _path(row: RegionRow, by_code: dict[str, RegionRow]) -> str:
    codes = [row.code]
    while row.parent_code:
        row = by_code[row.parent_code]
        codes.append(row.code)
    return "/" + "/".join(reversed(codes)) + "/"


def plan(data: bytes) -> ImportPlan:
    """What importing `data` would do, and every error per row; writes nothing."""
    rows, errors = parse(data)
    city = next((r for r in rows if r.level is RegionLevel.CITY), None)
    result = ImportPlan(city.code if city else None, city.name if city else None, len(rows), errors)
    if errors or city is None:
        return result
    by_code = {r.code: r for r in rows}
    existing = {r.code: r for r in db.session.scalars(sa.select(Region).where(Region.code.in_(by_code)))}
    for row in sorted(rows, key=lambda r: (_LEVEL_ORDER[r.level], r.code)):
        region = existing.get(row.code)
        change = Change(row.code, row.name, row.level, row.parent_code)
        if region is None:
            result.created.append(change)
            continue
        if region.level is not row.level or region.path != _path(row, by_code):
            errors.append(RowError(row.line, row.code, f"代码 {row.code} 已是{region.name}"
                                   f"（{LEVEL_LABELS[region.level]}，{region.path}），不能改变其级别或上级"))
            continue
        if not region.is_active:
            result.reactivated.append(change)
        if region.name != row.name:
            result.renamed.append(Change(row.code, row.name, row.level, row.parent_code, old_name=region.name))
        elif region.is_active:
            result.unchanged += 1
    errors.sort(key=lambda e: (e.line or 0, e.message))
    gone = db.session.scalars(sa.select(Region).where(
        Region.path.startswith(f"/{city.code}/"), Region.is_active.is_(True), Region.code.not_in(by_code))
        .order_by(Region.path))
    result.deactivated = [Change(r.code, r.name, r.level, r.parent.code if r.parent else None) for r in gone]
    return result


def preview_import(actor: Actor, data: bytes) -> ImportPlan:
    authorize(actor, "region.manage")
    return plan(data)


def _refusal(result: ImportPlan) -> RegionFileInvalid:
    by_line: dict[str, list[str]] = {}
    for error in result.errors:
        by_line.setdefault("file" if error.line is None else f"row {error.line}", []).append(error.message)
    return RegionFileInvalid(f"区域文件有 {len(result.errors)} 处错误，未导入任何区域", errors=by_line)


def commit(data: bytes) -> ImportPlan:
    """Import `data` in the caller's transaction; RegionFileInvalid (nothing written) when any row is wrong."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))
    result = plan(data)
    if not result.valid:
        raise _refusal(result)
    regions = {r.code: r for r in db.session.scalars(sa.select(Region).where(
        Region.path.startswith(f"/{result.city_code}/") | (Region.code == result.city_code)))}
    try:
        for change in result.created:  # parents first: the plan lists them by level
            parent = regions[change.parent_code] if change.parent_code else None
            region = Region(code=change.code, name=change.name, level=change.level, parent=parent,
                            path=(parent.path if parent else "/") + change.code + "/", is_active=True)
            db.session.add(region)
            regions[change.code] = region
        for change in result.renamed:
            regions[change.code].name = change.name
        for change in result.reactivated:
            regions[change.code].is_active = True
        for change in result.deactivated:
            regions[change.code].is_active = False
        db.session.flush()
    except IntegrityError as exc:  # SQLite has no advisory lock: a concurrent import got there first
        raise Conflict("另一次区域导入正在进行，请稍后重试", error="region_import_busy") from exc
    return result


def commit_import(actor: Actor, data: bytes) -> ImportPlan:
    authorize(actor, "region.manage")
    return commit(data)
