"""The ORDER transition table as data (no database): its shape, its labels and what the console offers.

The table is checked against an expectation written by hand from DOMAIN.md §3.2 (the status table's
"reached by" column) and the README's wish-order section, not derived from the table itself: a changed,
added or dropped transition fails here until the spec and this list are changed with it.
"""
from __future__ import annotations

import pytest

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

# DOMAIN.md §3.2, status table: value -> the Chinese name the console shows.
SPEC_STATUSES = {
    "pending": "待审核", "first_approved": "初审已通过", "rejected": "审核不通过", "final_rejected": "二审不通过",
    "open": "待接单", "in_progress": "进行中", "to_evaluate": "待评价", "completed": "已完成", "cancelled": "已取消",
    "expired": "已过期", "aborted": "已中止",
}
# (from, action) -> (to, who acts, reason kept), one line per "reached by" of DOMAIN.md §3.2.
SPEC_TRANSITIONS = {
    ("pending", "first_approve"): ("first_approved", "station", False),   # station first review passes
    ("pending", "first_reject"): ("rejected", "station", True),           # … fails (reason kept)
    ("first_approved", "final_approve"): ("open", "association", False),  # association final review passes
    ("first_approved", "final_reject"): ("final_rejected", "association", True),  # … fails (查看原因)
    ("rejected", "resubmit"): ("pending", "station", False),              # corrected, reviewed again
    ("final_rejected", "resubmit"): ("pending", "station", False),
    ("open", "fill"): ("in_progress", "system", False),                   # 完成招募: places filled
    ("open", "close_recruitment"): ("in_progress", "station", False),     # … staff closes with >= 1 taker
    ("open", "expire"): ("expired", "system", False),                     # deadline, no approved taker
    ("open", "mark_expired"): ("expired", "station", False),              # 过期
    ("pending", "cancel"): ("cancelled", "station", True),                # 取消, before the service
    ("first_approved", "cancel"): ("cancelled", "station", True),
    ("open", "cancel"): ("cancelled", "station", True),
    ("in_progress", "abort"): ("aborted", "station", True),               # 中止 a service in progress
    ("in_progress", "end"): ("to_evaluate", "system", False),             # service end time passed
    ("to_evaluate", "complete"): ("completed", "system", False),          # certification approved
    ("aborted", "complete"): ("completed", "system", False),              # hours served before the abort
}
SPEC_FINAL = {"completed", "cancelled", "expired", "aborted"}


def test_the_statuses_and_their_names_are_the_specs():
    assert {status.value: ORDER_STATUS_LABELS[status] for status in OrderStatus} == SPEC_STATUSES


def test_the_table_is_the_specs_transitions():
    table = {(str(current), action): (str(t.to), t.who, t.reason_required) for (current, action), t in ORDER.items()}
    assert table == SPEC_TRANSITIONS


@pytest.mark.parametrize("current", sorted(SPEC_STATUSES))
def test_next_status_answers_every_action_as_the_spec_says(current):
    """Every (status, action) pair, the unknown action included: the spec's target, or a 409."""
    for action in [*ACTIONS, "no_such_action"]:
        expected = SPEC_TRANSITIONS.get((current, action))
        if expected is None:
            with pytest.raises(InvalidTransition) as caught:
                next_status(ORDER, OrderStatus(current), action)
            assert caught.value.status_code == 409, (current, action)
        else:
            assert next_status(ORDER, OrderStatus(current), action).to == expected[0], (current, action)


def test_every_unfinished_status_can_still_reach_an_end():
    """No trap: from every status that is not final some sequence of actions ends the order."""
    for start in set(OrderStatus) - ORDER_FINAL:
        seen, frontier = {start}, [start]
        while frontier:
            current = frontier.pop()
            for action in actions_from(ORDER, current):
                target = OrderStatus(next_status(ORDER, current, action).to)
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        assert seen & ORDER_FINAL, start


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
    """…but one: an aborted service is still certified for the hours served before the abort (completed)."""
    assert {status.value for status in ORDER_FINAL} == SPEC_FINAL
    for status in ORDER_FINAL:
        assert actions_from(ORDER, status) == (["complete"] if status == OrderStatus.ABORTED else []), status


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
