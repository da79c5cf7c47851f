"""Favourites (我的收藏) of needs and organisations, per signed-in account."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class FavouriteKind(enum.StrEnum):
    NEED = "need"
    ORGANISATION = "organisation"


class Favourite(db.Model):
    __tablename__ = "favourites"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[FavouriteKind] = mapped_column(str_enum(FavouriteKind))
    target_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("user_id", "kind", "target_id", name="uq_favourites_user_target"),)
