"""Writing the community module's audit trail and applying a transition: the one path every status change
of an application, a volunteer report or a help request takes (stars, which have no status, record)."""
from __future__ import annotations

from app.community.models import CommunityEvent
from app.community.states import next_status
from app.core.errors import InvalidInput
from app.extensions import db


def record(subject_type: str, subject_id: int, action: str, *, community_id: int | None,
           from_status: str | None = None, to_status: str | None = None, actor_id: int | None = None,
           reason: str | None = None) -> None:
    db.session.add(CommunityEvent(subject_type=subject_type, subject_id=subject_id, community_id=community_id,
                                  action=action, from_status=from_status, to_status=to_status, actor_id=actor_id,
                                  reason=reason))


def apply(table: dict, subject, subject_type: str, action: str, *, actor_id: int | None, community_id: int | None,
          reason: str | None = None) -> str:
    """Move `subject` (a loaded row, locked by the caller) along `table`, keep the reason where the platform
    shows one (查看原因), and write the event. Returns the previous status; 409 when the action is not
    allowed now, 422 when a required reason is missing or too long."""
    transition = next_status(table, subject.status, action)
    reason = (reason or "").strip() or None
    if transition.reason_required and not reason:
        raise InvalidInput("请填写原因", errors={"reason": ["请填写原因"]})
    if reason and len(reason) > 200:
        raise InvalidInput("原因不能超过 200 字", errors={"reason": ["原因不能超过 200 字"]})
    previous = subject.status
    subject.status = transition.to
    if transition.reason_required:
        subject.status_reason = reason
    record(subject_type, subject.id, action, community_id=community_id, from_status=str(previous),
           to_status=str(transition.to), actor_id=actor_id, reason=reason)
    return previous
