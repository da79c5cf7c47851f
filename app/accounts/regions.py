"""The region tree: loading it from CSV and reading it."""
from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa

from app.accounts.models import REGION_CHILD, Region, RegionLevel
from app.core.errors import InvalidInput, NotFound
from app.extensions import db

GUANGZHOU_CSV = Path(__file__).parent / "data" / "guangzhou_regions.csv"
_COLUMNS = ("code", "name", "level", "parent_code")


def load_regions_csv(path: str | Path) -> dict:
    """Upsert regions from a CSV with columns code,name,level,parent_code (parents listed before
    children). Safe to run again: existing codes are updated, none duplicated."""
    created = updated = 0
    by_code = {r.code: r for r in db.session.scalars(sa.select(Region))}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != _COLUMNS:
            raise InvalidInput(f"区域文件的表头应为 {','.join(_COLUMNS)}", error="invalid_region_file")
        for line, row in enumerate(reader, start=2):
            code, name = row["code"].strip(), row["name"].strip()
            try:
                level = RegionLevel(row["level"].strip())
            except ValueError as exc:
                raise InvalidInput(f"第 {line} 行的级别无效：{row['level']}", error="invalid_region_file") from exc
            parent = by_code.get(row["parent_code"].strip()) if row["parent_code"].strip() else None
            if level is not RegionLevel.CITY and (parent is None or REGION_CHILD.get(parent.level) is not level):
                raise InvalidInput(f"第 {line} 行的上级区域缺失或级别不符：{code}", error="invalid_region_file")
            path_value = (parent.path if parent else "/") + code + "/"
            region = by_code.get(code)
            if region is None:
                region = Region(code=code, name=name, level=level, parent=parent, path=path_value)
                db.session.add(region)
                by_code[code] = region
                created += 1
            else:
                region.name, region.level, region.parent, region.path = name, level, parent, path_value
                updated += 1
            db.session.flush()
    return {"created": created, "updated": updated}


def get_region(code: str) -> Region:
    region = db.session.scalar(sa.select(Region).where(Region.code == code))
    if region is None:
        raise NotFound("区域不存在", error="region_not_found")
    return region


def list_regions(parent_code: str | None = None, level: RegionLevel | None = None) -> list[Region]:
    query = sa.select(Region).order_by(Region.code)
    if parent_code:
        query = query.where(Region.parent_id == get_region(parent_code).id)
    elif level is None:
        query = query.where(Region.parent_id.is_(None))
    if level is not None:
        query = query.where(Region.level == level)
    return list(db.session.scalars(query))
