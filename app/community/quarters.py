"""Calendar quarters in Asia/Shanghai ("2026Q3"): the period a quarterly star (团队之星 / 个人之星) covers.

A quarter starts at 00:00 Beijing time on 1 January, April, July or October; an instant belongs to the quarter
its Beijing date falls in, so a service confirmed at 23:30 on 30 June (15:30 UTC) counts for Q2 and one at
00:10 on 1 July (16:10 UTC on 30 June) for Q3.
"""
from __future__ import annotations

import re
from datetime import datetime

from app.core.errors import InvalidInput
from app.core.timeutil import SHANGHAI

_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")


def parse(quarter: str, *, field: str = "quarter") -> tuple[int, int]:
    """(year, number) of "2026Q3"; InvalidInput naming `field` otherwise."""
    match = _PATTERN.match(quarter or "")
    if match is None or not 2000 <= int(match.group(1)) <= 2999:
        raise InvalidInput("季度格式应为 2026Q3", errors={field: ["季度格式应为 2026Q3（年份 + Q + 1–4）"]})
    return int(match.group(1)), int(match.group(2))


def label(year: int, number: int) -> str:
    return f"{year}Q{number}"


def bounds(quarter: str) -> tuple[datetime, datetime]:
    """[start, end) of the quarter as aware datetimes (Asia/Shanghai midnights)."""
    year, number = parse(quarter)
    start = datetime(year, 3 * number - 2, 1, tzinfo=SHANGHAI)
    end = datetime(year + 1, 1, 1, tzinfo=SHANGHAI) if number == 4 else datetime(year, 3 * number + 1, 1,
                                                                                  tzinfo=SHANGHAI)
    return start, end


def quarter_of(moment: datetime) -> str:
    local = moment.astimezone(SHANGHAI)
    return label(local.year, (local.month - 1) // 3 + 1)


def previous(quarter: str) -> str:
    year, number = parse(quarter)
    return label(year - 1, 4) if number == 1 else label(year, number - 1)


def has_ended(quarter: str, now: datetime) -> bool:
    return bounds(quarter)[1] <= now
