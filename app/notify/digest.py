"""The daily digest to reviewing staff of everything waiting on them.

Each module registers a source: a function returning a SELECT of (user_id, label, count) rows, one per
staff member with something waiting (e.g. ("服务对象待审核", 3)). The job sums them per person and
publishes one digest per person per day (the date is the event key, so a second run sends nothing)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.notify.publish import publish

DigestSource = Callable[[], sa.Select]
SOURCES: dict[str, DigestSource] = {}


def register_source(name: str, source: DigestSource) -> None:
    SOURCES[name] = source


def unregister_source(name: str) -> None:
    SOURCES.pop(name, None)


def send_daily_digest(today: date) -> int:
    waiting: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for source in SOURCES.values():
        for user_id, label, count in db.session.execute(source()):
            if count:
                waiting[user_id].append((label, count))
    sent = 0
    for user_id, items in waiting.items():
        summary = "；".join(f"{label} {count} 项" for label, count in items)
        if publish("digest.daily", ("user", user_id), {"user_ids": [user_id], "summary": summary,
                                                         "title": "今日待办"}, key=today.isoformat()):
            sent += 1
    return sent
