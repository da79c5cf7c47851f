"""The home page's figures (截止至昨日): needs published and needs claimed as of the end of a day, for the
whole platform and per campaign zone, written by a beat job shortly after midnight (Asia/Shanghai).

Taking a day is one INSERT … SELECT … ON CONFLICT on the (day, zone) unique index that recomputes the
figures: a second run, or a run for a past day, rewrites the same rows rather than adding any. Figures
count from the needs table as it stands: a need withdrawn since is no longer counted as published.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from app.core.persistence import upsert_insert
from app.core.timeutil import SHANGHAI, utcnow
from app.core.types import UTCDateTime
from app.extensions import db
from app.needs.models import Need, NeedDailySnapshot, NeedStatus, Zone

SNAPSHOTS = NeedDailySnapshot.__table__


@dataclass(frozen=True)
class ZoneFigures:
    zone_id: int
    zone_name: str
    needs_published: int
    needs_claimed: int


@dataclass(frozen=True)
class HomeFigures:
    """A day's figures; a day never taken (or no snapshot at all yet) has None figures and no zones."""
    day: date | None
    taken_at: datetime | None
    needs_published: int | None
    needs_claimed: int | None
    zones: list[ZoneFigures]


def yesterday(now: datetime) -> date:
    """The day that ended at the last Shanghai midnight before `now`."""
    return now.astimezone(SHANGHAI).date() - timedelta(days=1)


def end_of(day: date) -> datetime:
    """The first instant after `day` in Asia/Shanghai."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)


def _figures(end: datetime) -> tuple[sa.ColumnElement, sa.ColumnElement]:
    bound = sa.literal(end, UTCDateTime)
    published = sa.and_(Need.status != NeedStatus.WITHDRAWN, Need.created_at < bound)
    claimed = Need.claimed_at < bound
    return (sa.func.coalesce(sa.func.sum(sa.case((published, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((claimed, 1), else_=0)), 0))


def take_snapshot(day: date, *, now: datetime | None = None) -> int:
    """Write (or rewrite) the figures as of the end of `day`: one platform row (zone NULL) and one row per
    zone. Returns the number of rows written."""
    end = end_of(day)
    taken_at = sa.literal(now or utcnow(), UTCDateTime)
    published, claimed = _figures(end)
    platform = sa.select(sa.literal(day, sa.Date), sa.null(), published, claimed, taken_at).select_from(Need.__table__)
    zone_published, zone_claimed = _figures(end)
    zones = (sa.select(sa.literal(day, sa.Date), Zone.id, zone_published, zone_claimed, taken_at)
             .select_from(Zone).outerjoin(Need, Need.zone_id == Zone.id).group_by(Zone.id))
    insert = upsert_insert(NeedDailySnapshot).from_select(
        ["day", "zone_id", "needs_published", "needs_claimed", "taken_at"], sa.union_all(platform, zones))
    insert = insert.on_conflict_do_update(
        index_elements=[SNAPSHOTS.c.day, sa.text("coalesce(zone_id, 0)")],
        set_={"needs_published": insert.excluded.needs_published, "needs_claimed": insert.excluded.needs_claimed,
              "taken_at": insert.excluded.taken_at})
    return len(db.session.execute(insert.returning(SNAPSHOTS.c.id)).all())


def home_figures(day: date | None = None) -> HomeFigures:
    """The platform's figures for `day` (default: the latest day taken) with each zone's. A day never taken
    answers like every other "no data" read of the platform (the showcase's stars of a quarter without any):
    the day asked for, with None figures and no zones — not an error."""
    platform_row = SNAPSHOTS.c.zone_id.is_(None)
    if day is None:
        day = db.session.scalar(sa.select(sa.func.max(SNAPSHOTS.c.day)).where(platform_row))
    row = None if day is None else db.session.execute(
        sa.select(SNAPSHOTS).where(SNAPSHOTS.c.day == day, platform_row)).first()
    if row is None:
        return HomeFigures(day, None, None, None, [])
    zones = db.session.execute(
        sa.select(Zone.id, Zone.name, SNAPSHOTS.c.needs_published, SNAPSHOTS.c.needs_claimed)
        .join(Zone, Zone.id == SNAPSHOTS.c.zone_id).where(SNAPSHOTS.c.day == day).order_by(Zone.id)).all()
    return HomeFigures(day, row.taken_at, row.needs_published, row.needs_claimed,
                       [ZoneFigures(*zone) for zone in zones])
