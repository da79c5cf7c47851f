"""Campaign zones (专区) such as 七彩假期: a named period that groups needs and their activities."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class Zone(db.Model):
    __tablename__ = "campaign_zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(20), unique=True)  # 七彩假期
    description: Mapped[str | None] = mapped_column(sa.String(500))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.CheckConstraint("starts_on <= ends_on", name="period_order"),)

    @property
    def title_prefix(self) -> str:
        """Needs and activities in the zone begin with 【七彩假期】: the platform writes it, not the typist."""
        return f"【{self.name}】"
