"""Times are stored timezone-aware in UTC and shown in Asia/Shanghai."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; treat them as the UTC they were stored as."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# A year of margin either side of what `datetime` can hold, so that converting a client's time to UTC
# and the services' arithmetic on it (deadlines, durations) cannot overflow.
_EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
_LATEST = datetime(9998, 12, 31, tzinfo=UTC)


def representable(value: datetime) -> bool:
    """Whether an aware time can be stored and computed with (year 2 to 9998 in UTC)."""
    try:
        return _EARLIEST <= value.astimezone(UTC) <= _LATEST
    except OverflowError:  # 0001-01-01T00:00+14:00 has no UTC form
        return False
