"""The activity and sign-up state machines, as data: every allowed move, and everything else refused."""
from __future__ import annotations

import pytest

from app.activities.models import ActivityStatus as A
from app.activities.models import SignupStatus as S
from app.activities.states import ACTIVITY, SIGNUP, InvalidTransition, actions_from, next_status


def test_a_recruiting_activity_is_cancelled_by_its_publisher_with_a_reason_or_ended_by_the_platform():
    cancel = next_status(ACTIVITY, A.RECRUITING, "cancel")
    assert (cancel.to, cancel.who, cancel.reason_required) == (A.CANCELLED, "publisher", True)
    end = next_status(ACTIVITY, A.RECRUITING, "end")
    assert (end.to, end.who, end.reason_required) == (A.ENDED, "system", False)
    assert sorted(actions_from(ACTIVITY, A.RECRUITING)) == ["cancel", "end"]


@pytest.mark.parametrize("status", [A.ENDED, A.CANCELLED])
@pytest.mark.parametrize("action", ["cancel", "end"])
def test_ended_and_cancelled_activities_are_final(status, action):
    with pytest.raises(InvalidTransition) as caught:
        next_status(ACTIVITY, status, action)
    assert caught.value.status_code == 409 and caught.value.error == "invalid_transition"
    assert actions_from(ACTIVITY, status) == []


def test_a_live_signup_is_cancelled_by_the_volunteer_or_dropped_with_its_activity():
    assert next_status(SIGNUP, S.SIGNED_UP, "cancel").to == S.CANCELLED
    assert next_status(SIGNUP, S.SIGNED_UP, "cancel").who == "volunteer"
    assert next_status(SIGNUP, S.SIGNED_UP, "drop").to == S.CANCELLED
    assert next_status(SIGNUP, S.SIGNED_UP, "drop").who == "system"


@pytest.mark.parametrize("action,label", [("cancel", "取消"), ("drop", "活动取消")])
def test_a_cancelled_signup_cannot_move_again(action, label):
    with pytest.raises(InvalidTransition) as caught:
        next_status(SIGNUP, S.CANCELLED, action)
    assert caught.value.message == f"当前状态不允许「{label}」操作"


def test_unknown_actions_are_refused_with_the_action_named():
    with pytest.raises(InvalidTransition) as caught:
        next_status(ACTIVITY, A.RECRUITING, "reopen")
    assert "reopen" in caught.value.message


def test_every_status_of_the_models_is_covered_by_the_tables():
    """A status no row mentions would be a dead end nobody designed."""
    assert {s for s, _ in ACTIVITY} | {t.to for t in ACTIVITY.values()} == set(A)
    assert {s for s, _ in SIGNUP} | {t.to for t in SIGNUP.values()} == set(S)
