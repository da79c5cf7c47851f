"""The shape every workflow's state machine shares (GUIDE §1.5): a transition table as data and one
lookup. Each feature keeps its own tables and action labels in its `states.py`."""
from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import Conflict


@dataclass(frozen=True)
class Transition:
    to: str
    who: str                      # the role the endpoint's permission enforces (documentation)
    reason_required: bool = False  # kept where the platform shows one (查看原因)


class InvalidTransition(Conflict):
    error = "invalid_transition"
    message = "当前状态不允许此操作"


def next_status(table: dict, current: str, action: str, labels: dict[str, str]) -> Transition:
    """The transition for `action` from `current`, or InvalidTransition (409) naming the action."""
    transition = table.get((current, action))
    if transition is None:
        raise InvalidTransition(f"当前状态不允许「{labels.get(action, action)}」操作")
    return transition


def actions_from(table: dict, current: str) -> list[str]:
    return [action for (status, action) in table if status == current]
