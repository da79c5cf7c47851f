"""Writing the activities' audit trail and applying a transition: the one path every status change takes."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from app.activities.models import ActivityEvent
from app.activities.states import next_status
from app.core.errors import InvalidInput
from app.extensions import db

EVENTS = ActivityEvent.__table__


def record(subject_type: str, subject_id: int, action: str, *, activity_id: int, from_status: str | None = None,
           to_status: str | None = None, actor_id: int | None = None, reason: str | None = None) -> None:
    db.session.add(ActivityEvent(subject_type=subject_type, subject_id=subject_id, activity_id=activity_id,
                                 action=action, from_status=from_status, to_status=to_status,
                                 actor_id=actor_id, reason=reason))


def apply(table: dict, subject, subject_type: str, action: str, *, activity_id: int, actor_id: int | None,
          reason: str | None = None) -> str:
    """Move `subject` (a loaded row, locked by the caller) along `table`, keep the reason where the
    platform shows one, and write the event. Returns the previous status."""
    transition = next_status(table, subject.status, action)
    reason = (reason or "").strip() or None
    if transition.reason_required and not reason:
        raise InvalidInput("请填写原因", errors={"reason": ["请填写原因"]})
    previous = subject.status
    subject.status = transition.to
    if transition.reason_required:
        subject.status_reason = reason
    record(subject_type, subject.id, action, activity_id=activity_id, from_status=str(previous),
           to_status=str(transition.to), actor_id=actor_id, reason=reason)
    return previous


def record_many(subject_type: str, rows: Sequence[tuple[int, int]], action: str, from_status: str,
                to_status: str, at: datetime, *, actor_id: int | None = None) -> None:
    """One event per (subject id, activity id) that a set-based UPDATE just moved, in one INSERT."""
    if rows:
        db.session.execute(sa.insert(EVENTS), [
            {"subject_type": subject_type, "subject_id": subject_id, "activity_id": activity_id,
             "action": action, "from_status": from_status, "to_status": to_status, "actor_id": actor_id,
             "at": at} for subject_id, activity_id in rows])
