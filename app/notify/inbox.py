"""The in-app inbox (站内信): list, unread count, mark read, mark all read."""
from __future__ import annotations

import sqlalchemy as sa

from app.core.errors import NotFound
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.models import InboxItem


def list_items(user_id: int, *, before_id: int | None, limit: int, unread_only: bool = False) -> list[InboxItem]:
    """Newest first, keyset-paginated by id (stable while new messages arrive)."""
    query = sa.select(InboxItem).where(InboxItem.user_id == user_id)
    if before_id is not None:
        query = query.where(InboxItem.id < before_id)
    if unread_only:
        query = query.where(InboxItem.read_at.is_(None))
    return list(db.session.scalars(query.order_by(InboxItem.id.desc()).limit(limit)))


def unread_count(user_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(InboxItem)
                             .where(InboxItem.user_id == user_id, InboxItem.read_at.is_(None)))


def mark_read(user_id: int, item_id: int) -> InboxItem:
    item = db.session.get(InboxItem, item_id)
    if item is None or item.user_id != user_id:
        raise NotFound("消息不存在", error="inbox_item_not_found")
    if item.read_at is None:
        item.read_at = utcnow()
        db.session.flush()
    return item


def mark_all_read(user_id: int) -> int:
    return db.session.execute(sa.update(InboxItem).where(InboxItem.user_id == user_id, InboxItem.read_at.is_(None))
                              .values(read_at=utcnow())).rowcount
