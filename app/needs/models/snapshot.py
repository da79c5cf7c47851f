"""The home page's figures "as of yesterday" (截止至昨日): one row per day and scope, taken by a beat job,
so past days stay queryable and the home page reads one row."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class NeedDailySnapshot(db.Model):
    __tablename__ = "need_daily_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]  # figures as of the end of this day (Asia/Shanghai)
    zone_id: Mapped[int | None] = mapped_column(sa.ForeignKey("campaign_zones.id"))  # None: the whole platform
    needs_published: Mapped[int]
    needs_claimed: Mapped[int]
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        # One row per day and scope; NULL zone is "all", so the key uses 0 for it.
        sa.Index("uq_need_daily_snapshots_day_zone", "day", sa.text("coalesce(zone_id, 0)"), unique=True),
    )
