"""The needs module's state machines, as data: formal needs, initial needs and claims (DOMAIN.md §4).

Each row: (current status, action) -> Transition(next status, who acts, whether a reason is kept).
`who`: league (staff of the need's league), claimer (staff of the claiming volunteer-service
organisation), system (a consequence of another transition). No Flask, no database here; the needs
services are the only writers of a status column.
"""
from __future__ import annotations

from app.core import statemachine
from app.core.statemachine import Transition
from app.needs.models import ClaimStatus as C
from app.needs.models import InitialNeedStatus as I
from app.needs.models import NeedStatus as N

NEED = {
    (N.UNCLAIMED, "claim_accepted"): Transition(N.CLAIMED, "system"),  # the league accepted a claim
    (N.UNCLAIMED, "withdraw"): Transition(N.WITHDRAWN, "league"),      # 撤回, only while unclaimed
    (N.CLAIMED, "complete"): Transition(N.COMPLETED, "league"),        # 已完成
}

INITIAL_NEED = {
    (I.PENDING, "adopt"): Transition(I.ADOPTED, "league"),                          # 采纳: becomes a need
    (I.PENDING, "decline"): Transition(I.DECLINED, "league", reason_required=True),  # 不采纳
}

CLAIM = {
    (C.PENDING, "accept"): Transition(C.ACCEPTED, "league"),                          # 认领成功
    (C.PENDING, "return"): Transition(C.RETURNED, "league", reason_required=True),    # 认领失败
    (C.PENDING, "withdraw"): Transition(C.WITHDRAWN, "claimer"),                      # 撤销认领
    # Another claim was accepted, or the league withdrew the need: the rest go back, with why.
    (C.PENDING, "supersede"): Transition(C.RETURNED, "system", reason_required=True),
}

NEED_STATUS_LABELS = {N.UNCLAIMED: "待认领", N.CLAIMED: "已认领", N.COMPLETED: "已完成", N.WITHDRAWN: "已撤回"}
INITIAL_NEED_STATUS_LABELS = {I.PENDING: "待处理", I.ADOPTED: "已采纳", I.DECLINED: "未采纳"}
CLAIM_STATUS_LABELS = {C.PENDING: "待确认", C.ACCEPTED: "认领成功", C.RETURNED: "认领失败", C.WITHDRAWN: "撤销认领"}
ACTION_LABELS = {
    "publish": "发布需求", "claim_accepted": "认领成功", "withdraw": "撤回", "complete": "完成", "adopt": "采纳",
    "decline": "不采纳", "post": "提交初始需求", "claim": "申请认领", "accept": "同意认领", "return": "退回认领",
    "supersede": "认领未获同意",
}


def next_status(table: dict, current: str, action: str) -> Transition:
    return statemachine.next_status(table, current, action, ACTION_LABELS)
