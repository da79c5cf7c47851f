"""The needs module's state machines as data (app/needs/states.py): no database, no Flask."""
from __future__ import annotations

import pytest

from app.core.statemachine import InvalidTransition, actions_from
from app.needs.models import ClaimStatus, InitialNeedStatus, NeedStatus
from app.needs.states import (
    ACTION_LABELS,
    CLAIM,
    CLAIM_STATUS_LABELS,
    INITIAL_NEED,
    INITIAL_NEED_STATUS_LABELS,
    NEED,
    NEED_STATUS_LABELS,
    next_status,
)

ALLOWED = [
    (NEED, NeedStatus.UNCLAIMED, "claim_accepted", NeedStatus.CLAIMED),
    (NEED, NeedStatus.UNCLAIMED, "withdraw", NeedStatus.WITHDRAWN),
    (NEED, NeedStatus.CLAIMED, "complete", NeedStatus.COMPLETED),
    (INITIAL_NEED, InitialNeedStatus.PENDING, "adopt", InitialNeedStatus.ADOPTED),
    (INITIAL_NEED, InitialNeedStatus.PENDING, "decline", InitialNeedStatus.DECLINED),
    (CLAIM, ClaimStatus.PENDING, "accept", ClaimStatus.ACCEPTED),
    (CLAIM, ClaimStatus.PENDING, "return", ClaimStatus.RETURNED),
    (CLAIM, ClaimStatus.PENDING, "supersede", ClaimStatus.RETURNED),
    (CLAIM, ClaimStatus.PENDING, "withdraw", ClaimStatus.WITHDRAWN),
]


@pytest.mark.parametrize(("table", "current", "action", "expected"), ALLOWED)
def test_each_transition_leads_where_the_platform_says(table, current, action, expected):
    assert next_status(table, current, action).to == expected


def test_the_tables_hold_exactly_these_transitions():
    listed = {(id(table), current, action) for table, current, action, _ in ALLOWED}
    held = {(id(table), current, action) for table in (NEED, INITIAL_NEED, CLAIM) for current, action in table}
    assert held == listed


REFUSED = [
    (NEED, NeedStatus.CLAIMED, "withdraw"),      # 已认领的需求不能撤回
    (NEED, NeedStatus.UNCLAIMED, "complete"),    # nothing to complete before a claim is accepted
    (NEED, NeedStatus.COMPLETED, "complete"),
    (NEED, NeedStatus.WITHDRAWN, "claim_accepted"),
    (NEED, NeedStatus.CLAIMED, "claim_accepted"),  # a second acceptance
    (INITIAL_NEED, InitialNeedStatus.ADOPTED, "decline"),
    (INITIAL_NEED, InitialNeedStatus.DECLINED, "adopt"),
    (INITIAL_NEED, InitialNeedStatus.ADOPTED, "adopt"),
    (CLAIM, ClaimStatus.ACCEPTED, "withdraw"),   # 认领成功 cannot be taken back by the claimer
    (CLAIM, ClaimStatus.RETURNED, "accept"),
    (CLAIM, ClaimStatus.WITHDRAWN, "accept"),
    (CLAIM, ClaimStatus.ACCEPTED, "return"),
    (CLAIM, ClaimStatus.ACCEPTED, "supersede"),
]


@pytest.mark.parametrize(("table", "current", "action"), REFUSED)
def test_other_moves_are_refused_with_a_chinese_message_naming_the_action(table, current, action):
    with pytest.raises(InvalidTransition) as refused:
        next_status(table, current, action)
    assert refused.value.error == "invalid_transition" and refused.value.status_code == 409
    assert ACTION_LABELS[action] in refused.value.message


def test_finished_states_are_final():
    for status in (NeedStatus.COMPLETED, NeedStatus.WITHDRAWN):
        assert actions_from(NEED, status) == []
    for status in (InitialNeedStatus.ADOPTED, InitialNeedStatus.DECLINED):
        assert actions_from(INITIAL_NEED, status) == []
    for status in (ClaimStatus.ACCEPTED, ClaimStatus.RETURNED, ClaimStatus.WITHDRAWN):
        assert actions_from(CLAIM, status) == []


def test_reasons_are_kept_where_the_other_side_reads_one():
    required = {(current, action) for table in (NEED, INITIAL_NEED, CLAIM)
                for (current, action), transition in table.items() if transition.reason_required}
    assert required == {(InitialNeedStatus.PENDING, "decline"), (ClaimStatus.PENDING, "return"),
                        (ClaimStatus.PENDING, "supersede")}


def test_every_status_and_action_has_a_chinese_label():
    assert set(NEED_STATUS_LABELS) == set(NeedStatus)
    assert set(INITIAL_NEED_STATUS_LABELS) == set(InitialNeedStatus)
    assert set(CLAIM_STATUS_LABELS) == set(ClaimStatus)
    assert {action for table in (NEED, INITIAL_NEED, CLAIM) for _, action in table} <= set(ACTION_LABELS)
    assert CLAIM_STATUS_LABELS[ClaimStatus.RETURNED] == "认领失败"
    assert NEED_STATUS_LABELS[NeedStatus.UNCLAIMED] == "待认领"
