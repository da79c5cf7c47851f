"""The ORDER transition table as data (no database): its shape, its labels and what the console offers."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.accounts.models import OrgKind
from app.accounts.policy import RULES
from app.timebank.models import OrderStatus
from app.timebank.order_labels import (
    ACTION_PERMISSIONS,
    EDITABLE,
    ORDER_STATUS_LABELS,
    PUBLICLY_VISIBLE,
    REASON_SHOWN,
    REVIEW_TABS,
)
from app.timebank.states import ACTION_LABELS, ORDER, ORDER_FINAL, InvalidTransition, actions_from, next_status

ACTIONS = sorted({action for _, action in ORDER})
WHO_KIND = {"station": OrgKind.STATION, "association": OrgKind.ASSOCIATION}


def test_every_transition_stays_inside_the_status_set():
    for (current, _action), transition in ORDER.items():
        assert OrderStatus(current) and OrderStatus(transition.to)


def test_every_status_is_reachable_from_pending():
    seen, frontier = {OrderStatus.PENDING}, [OrderStatus.PENDING]
    while frontier:
        current = frontier.pop()
        for action in actions_from(ORDER, current):
            target = next_status(ORDER, current, action).to
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(OrderStatus)


def test_final_statuses_have_no_way_out():
    assert {OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.EXPIRED, OrderStatus.ABORTED} == ORDER_FINAL
    for status in ORDER_FINAL:
        assert actions_from(ORDER, status) == []


@pytest.mark.parametrize("action", ["first_reject", "final_reject", "cancel", "abort"])
def test_refusals_and_stops_keep_a_reason(action):
    assert all(t.reason_required for (s, a), t in ORDER.items() if a == action)


def test_approvals_and_moves_need_no_reason():
    for (_status, action), transition in ORDER.items():
        if action not in ("first_reject", "final_reject", "cancel", "abort"):
            assert not transition.reason_required, action


def test_wrong_state_names_the_action_in_chinese():
    with pytest.raises(InvalidTransition) as caught:
        next_status(ORDER, OrderStatus.OPEN, "first_approve")
    assert caught.value.status_code == 409
    assert caught.value.message == "当前状态不允许「初审通过」操作"


def test_what_each_status_offers():
    assert set(actions_from(ORDER, OrderStatus.PENDING)) == {"first_approve", "first_reject", "cancel"}
    assert set(actions_from(ORDER, OrderStatus.FIRST_APPROVED)) == {"final_approve", "final_reject", "cancel"}
    assert set(actions_from(ORDER, OrderStatus.OPEN)) == {"fill", "close_recruitment", "expire", "mark_expired",
                                                          "cancel"}
    assert set(actions_from(ORDER, OrderStatus.IN_PROGRESS)) == {"abort", "end"}
    assert set(actions_from(ORDER, OrderStatus.REJECTED)) == {"resubmit"}


def test_every_staff_action_has_a_permission_of_the_acting_kind():
    staff_actions = {a for (_s, a), t in ORDER.items() if t.who != "system"}
    assert staff_actions == set(ACTION_PERMISSIONS)
    for (_status, action), transition in ORDER.items():
        if transition.who == "system":
            continue
        rule = RULES[ACTION_PERMISSIONS[action]]
        assert rule.kinds == {WHO_KIND[transition.who]}, action


def test_labels_cover_every_status_and_action():
    assert set(ORDER_STATUS_LABELS) == set(OrderStatus)
    assert all(action in ACTION_LABELS for action in ACTIONS + ["edit", "publish"])
    assert ORDER_STATUS_LABELS[OrderStatus.OPEN] == "待接单"


def test_review_tabs_of_the_console():
    tabs = [statuses for name, statuses in REVIEW_TABS.items() if name != "all"]
    assert REVIEW_TABS["all"] is None
    flat = [status for statuses in tabs for status in statuses]
    assert len(flat) == len(set(flat)), "a status in two tabs"
    assert set(OrderStatus) - set(flat) == {OrderStatus.CANCELLED}  # cancelled may never have been reviewed
    assert REVIEW_TABS["rejected"] == {OrderStatus.REJECTED, OrderStatus.FINAL_REJECTED}


def test_editable_reason_and_public_sets_agree_with_the_table():
    assert all(status == OrderStatus.PENDING or "resubmit" in actions_from(ORDER, status) for status in EDITABLE)
    assert {t.to for t in ORDER.values() if t.reason_required} == REASON_SHOWN
    assert not PUBLICLY_VISIBLE & (EDITABLE | {OrderStatus.FIRST_APPROVED})


@given(st.lists(st.sampled_from(ACTIONS), max_size=40))
def test_random_walks_follow_the_table_and_final_states_stick(actions):
    status = OrderStatus.PENDING
    for action in actions:
        transition = ORDER.get((status, action))
        if transition is None:
            with pytest.raises(InvalidTransition):
                next_status(ORDER, status, action)
            continue
        assert status not in ORDER_FINAL
        status = OrderStatus(next_status(ORDER, status, action).to)
