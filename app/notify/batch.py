"""Events that stand for many subjects at once (a station's orders expiring in one sweep): one message to
each recipient instead of one per subject."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.notify.models import NotificationEvent
from app.notify.publish import publish


def publish_summary(kind: str, subject: tuple[str, int], context: dict, *, key: str, page: str | None) -> int | None:
    """publish() with the route's recipients and text, but opening `page` (a list) instead of the route's
    detail page, which would name the summary's subject id as if it were one of the things summarised.
    Same transaction and idempotence as publish(): None when the key was published before."""
    event_id = publish(kind, subject, context, key=key)
    if event_id is not None:
        # The relay reads the page from the event row when it claims a message, after this commit.
        db.session.execute(sa.update(NotificationEvent).where(NotificationEvent.id == event_id).values(page=page))
    return event_id
