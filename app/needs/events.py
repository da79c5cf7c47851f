"""Writing the needs module's audit trail (处理进度) and applying a transition: every status change's path."""
from __future__ import annotations

from app.core.errors import InvalidInput
from app.extensions import db
from app.needs.models import NeedEvent
from app.needs.states import next_status


def record(subject_type: str, subject_id: int, action: str, *, need_id: int | None, from_status: str | None = None,
           to_status: str | None = None, actor_id: int | None = None, reason: str | None = None) -> None:
    db.session.add(NeedEvent(subject_type=subject_type, subject_id=subject_id, need_id=need_id, action=action,
                             from_status=from_status, to_status=to_status, actor_id=actor_id, reason=reason))


def apply(table: dict, subject, subject_type: str, action: str, *, actor_id: int | None, need_id: int | None,
          reason: str | None = None, reason_field: str | None = None) -> str:
    """Move `subject` (a loaded row, locked by the caller when racing matters) along `table`, keep the
    reason in `reason_field` where the platform shows one, and write the event. Returns the old status."""
    transition = next_status(table, subject.status, action)
    reason = (reason or "").strip() or None
    if transition.reason_required and not reason:
        raise InvalidInput("请填写原因", errors={"reason": ["请填写原因"]})
    if reason and len(reason) > 200:
        raise InvalidInput("原因不能超过 200 字", errors={"reason": ["原因不能超过 200 字"]})
    previous = subject.status
    subject.status = transition.to
    if reason_field and reason:
        setattr(subject, reason_field, reason)
    record(subject_type, subject.id, action, need_id=need_id, from_status=str(previous), to_status=str(transition.to),
           actor_id=actor_id, reason=reason)
    return previous
