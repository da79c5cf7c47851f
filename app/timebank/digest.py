"""The time bank's queues in the daily digest (app/notify/digest.py): for each staff member, how many
rows wait in each queue inside their organisation's region. Registered at import (app.timebank.wiring)."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Membership, Organisation, Region
from app.accounts.policy import RULES
from app.notify.digest import register_source
from app.timebank.queues import QUEUES, Queue


def _staff(permission: str) -> sa.Subquery:
    """Active members who hold `permission`, with their organisation's region path."""
    rule = RULES[permission]
    return (sa.select(Membership.user_id, Region.path)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .join(Region, Region.id == Organisation.region_id)
            .where(Membership.is_active.is_(True), Organisation.is_active.is_(True),
                   Organisation.kind.in_(rule.kinds), Membership.role.in_(rule.roles))
            .subquery())


def source(queue: Queue) -> sa.Select:
    """(user_id, label, count) for every staff member with something waiting in `queue`."""
    rows, path = queue.rows()
    staff = _staff(queue.permission)
    id_column = rows.selected_columns[0]
    return (rows.join(staff, path.like(staff.c.path + "%"))
            .with_only_columns(staff.c.user_id, sa.literal(queue.label, sa.String),
                               sa.func.count(sa.distinct(id_column)), maintain_column_froms=True)
            .group_by(staff.c.user_id))


for _queue in QUEUES:
    register_source(f"timebank.{_queue.key}", lambda queue=_queue: source(queue))
