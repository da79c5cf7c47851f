"""The activities' state machines, as data (GUIDE §1.5): one table per workflow and one function.

Each row: (current status, action) -> Transition(next status, who acts, whether a reason is kept).
`who` documents the role the endpoint enforces: publisher (staff of the publishing organisation),
volunteer (the person who signed up), system (beat jobs, and sign-ups dropped with their activity).
No Flask, no database here; the activities services are the only writers of a status column.
"""
from __future__ import annotations

from app.activities.models import ActivityStatus as A
from app.activities.models import SignupStatus as S
from app.core import statemachine
from app.core.statemachine import InvalidTransition, Transition, actions_from  # noqa: F401  (re-exported)

ACTIVITY = {
    (A.RECRUITING, "cancel"): Transition(A.CANCELLED, "publisher", reason_required=True),  # before it ends
    (A.RECRUITING, "end"): Transition(A.ENDED, "system"),  # its end time passed
}

SIGNUP = {
    (S.SIGNED_UP, "cancel"): Transition(S.CANCELLED, "volunteer"),  # before the start
    (S.SIGNED_UP, "drop"): Transition(S.CANCELLED, "system"),      # the publisher cancelled the activity
}

# DOMAIN.md §5 names them: recruiting 进行中 / ended 已结束 / cancelled 已取消.
ACTIVITY_STATUS_LABELS = {A.RECRUITING: "进行中", A.ENDED: "已结束", A.CANCELLED: "已取消"}
SIGNUP_STATUS_LABELS = {S.SIGNED_UP: "已报名", S.CANCELLED: "已取消"}
ACTION_LABELS = {"publish": "发布活动", "cancel": "取消", "end": "活动结束", "sign_up": "报名", "drop": "活动取消"}


def next_status(table: dict, current: str, action: str) -> Transition:
    """The transition for `action` from `current`, or InvalidTransition (409) naming the action."""
    return statemachine.next_status(table, current, action, ACTION_LABELS)
