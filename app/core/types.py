"""Column helpers shared by every model."""
from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from app.core.timeutil import as_utc


def str_enum(enum_cls: type[enum.StrEnum], length: int = 20) -> sa.Enum:
    """A StrEnum stored as its value in a VARCHAR with a CHECK constraint (no native PG enum, so adding
    a member is a one-line migration)."""
    return sa.Enum(enum_cls, native_enum=False, length=length, create_constraint=True,
                   values_callable=lambda e: [m.value for m in e], validate_strings=True,
                   name=f"{enum_cls.__name__.lower()}")


class UTCDateTime(TypeDecorator):
    """Timezone-aware datetimes in, UTC-aware datetimes out, on PostgreSQL and SQLite alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return as_utc(value)

    def process_result_value(self, value, dialect):
        return None if value is None else as_utc(value)
