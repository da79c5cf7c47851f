"""The region tree: loading a city's region file and reading the tree."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from app.accounts import region_import
from app.accounts.models import Region, RegionLevel
from app.core.errors import NotFound
from app.extensions import db

GUANGZHOU_CSV = Path(__file__).parent / "data" / "guangzhou_regions.csv"
XUZHOU_CSV = Path(__file__).parent / "data" / "xuzhou_regions.csv"


def load_regions_csv(path: str | Path) -> dict:
    """Import a city's region file (.csv or .xlsx, app/accounts/region_file.py) in the caller's transaction;
    RegionFileInvalid naming every wrong row when the file is refused. Safe to run again."""
    result = region_import.commit(Path(path).read_bytes())
    return {"created": len(result.created), "updated": len(result.renamed) + len(result.reactivated),
            "deactivated": len(result.deactivated), "unchanged": result.unchanged}


def get_region(code: str, *, active_only: bool = True) -> Region:
    """The region of `code`; a deactivated one (a newer region file dropped it) only when `active_only` is
    False, so new records cannot choose it."""
    region = db.session.scalar(sa.select(Region).where(Region.code == code))
    if region is None or (active_only and not region.is_active):
        raise NotFound("区域不存在", error="region_not_found")
    return region


def list_regions(parent_code: str | None = None, level: RegionLevel | None = None) -> list[Region]:
    query = sa.select(Region).where(Region.is_active.is_(True)).order_by(Region.code)
    if parent_code:
        query = query.where(Region.parent_id == get_region(parent_code).id)
    elif level is None:
        query = query.where(Region.parent_id.is_(None))
    if level is not None:
        query = query.where(Region.level == level)
    return list(db.session.scalars(query))
