"""Writing the audit trail and applying a transition: the one path every status change takes."""
from __future__ import annotations

from app.core.errors import InvalidInput
from app.extensions import db
from app.timebank.models import TimebankEvent
from app.timebank.states import next_status


def record(subject_type: str, subject_id: int, action: str, *, order_id: int | None = None,
           from_status: str | None = None, to_status: str | None = None, actor_id: int | None = None,
           reason: str | None = None) -> None:
    db.session.add(TimebankEvent(subject_type=subject_type, subject_id=subject_id, order_id=order_id,
                                 action=action, from_status=from_status, to_status=to_status,
                                 actor_id=actor_id, reason=reason))


def apply(table: dict, subject, subject_type: str, action: str, *, actor_id: int | None,
          reason: str | None = None, order_id: int | None = None) -> str:
    """Move `subject` (a loaded row, locked by the caller when racing matters) along `table`, keep the
    reason where the platform shows one (查看原因), and write the event. Returns the previous status."""
    transition = next_status(table, subject.status, action)
    reason = (reason or "").strip() or None
    if transition.reason_required and not reason:
        raise InvalidInput("请填写原因", errors={"reason": ["请填写原因"]})
    previous = subject.status
    subject.status = transition.to
    if transition.reason_required:
        subject.status_reason = reason
    record(subject_type, subject.id, action, order_id=order_id, from_status=str(previous),
           to_status=str(transition.to), actor_id=actor_id, reason=reason)
    return previous
