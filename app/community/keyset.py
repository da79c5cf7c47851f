"""Keyset pages ordered by a time and the id, newest first (the public reports column by publication time,
closed help requests by closing time): an opaque cursor naming the last row's (time, id), so a page never
shifts when rows are added or a row's time changes."""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

import sqlalchemy as sa

from app.core.errors import InvalidInput
from app.core.timeutil import representable
from app.extensions import db

BAD_CURSOR = "翻页参数无效，请从第一页重新加载"


def encode(at: datetime, row_id: int) -> str:
    raw = json.dumps({"t": at.isoformat(), "i": row_id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, int]:
    """The (time, id) a cursor names; 422 on anything this module did not write."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        row_id, at = payload["i"], datetime.fromisoformat(payload["t"])
        if not isinstance(row_id, int) or isinstance(row_id, bool) or not 0 < row_id <= 2**31 - 1:
            raise ValueError(row_id)
        if at.tzinfo is None or not representable(at):
            raise ValueError("naive or out of range")
        return at, row_id
    except (ValueError, TypeError, KeyError, AttributeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput(BAD_CURSOR, errors={"cursor": [BAD_CURSOR]}) from exc


def page(query: sa.Select, time_column, id_column, *, cursor: str | None, limit: int,
         time_key: str) -> tuple[list, str | None]:
    """Rows of `query` newest first after `cursor`, and the cursor of the next page (None at the end)."""
    if cursor:
        at, row_id = decode(cursor)
        query = query.where(sa.tuple_(time_column, id_column) < sa.tuple_(sa.literal(at, time_column.type),
                                                                          sa.literal(row_id)))
    rows = db.session.execute(query.order_by(time_column.desc(), id_column.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows and more else None
    return rows, encode(getattr(last, time_key), last.id) if last is not None else None

