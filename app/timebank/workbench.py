"""The workbench (工作台): how many rows wait in each review queue the caller works on, in one query."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.accounts.policy import Actor, region_paths
from app.extensions import db
from app.timebank.queues import QUEUES, inside


@dataclass(frozen=True)
class QueueCount:
    key: str
    label: str
    count: int


def workbench(actor: Actor) -> list[QueueCount]:
    """The caller's queues with their counts, each scoped to the regions where the caller holds the
    queue's permission; queues the caller has no part in are left out (a volunteer gets none)."""
    mine = []
    for queue in QUEUES:
        paths = region_paths(actor, queue.permission)
        if paths == []:
            continue
        rows, path = queue.rows()
        count = rows.where(inside(path, paths)).with_only_columns(sa.func.count(), maintain_column_froms=True)
        mine.append((queue, count.scalar_subquery()))
    if not mine:
        return []
    counts = db.session.execute(sa.select(*(count for _queue, count in mine))).one()
    return [QueueCount(queue.key, queue.label, value) for (queue, _count), value in zip(mine, counts, strict=True)]
