"""The time bank's state machines, as data (GUIDE §1.5): one table per workflow and one function.

Each row: (current status, action) -> Transition(next status, who acts, whether a reason is kept).
`who` documents the role the endpoint's permission enforces: station (社工站), association (市志愿者协会),
taker (the volunteer or provider), system (beat jobs and automatic moves). No Flask, no database here;
services call `next_status()` and are the only writers of a status column.
"""
from __future__ import annotations

from app.core import statemachine
from app.core.statemachine import InvalidTransition, Transition, actions_from  # noqa: F401  (re-exported)
from app.timebank.models.beneficiary import BeneficiaryStatus as B
from app.timebank.models.certification import CertificationStatus as C
from app.timebank.models.order import OrderStatus as O
from app.timebank.models.take import TakeStatus as T

BENEFICIARY = {
    (B.PENDING, "approve"): Transition(B.ACTIVE, "station"),
    (B.PENDING, "reject"): Transition(B.REJECTED, "station", reason_required=True),
    (B.REJECTED, "resubmit"): Transition(B.PENDING, "station"),  # corrected and sent for review again
    (B.ACTIVE, "disable"): Transition(B.DISABLED, "station"),
    (B.DISABLED, "enable"): Transition(B.ACTIVE, "station"),
}

ORDER = {
    (O.PENDING, "first_approve"): Transition(O.FIRST_APPROVED, "station"),
    (O.PENDING, "first_reject"): Transition(O.REJECTED, "station", reason_required=True),
    (O.FIRST_APPROVED, "final_approve"): Transition(O.OPEN, "association"),
    (O.FIRST_APPROVED, "final_reject"): Transition(O.FINAL_REJECTED, "association", reason_required=True),
    (O.REJECTED, "resubmit"): Transition(O.PENDING, "station"),
    (O.FINAL_REJECTED, "resubmit"): Transition(O.PENDING, "station"),
    # 完成招募: automatically when approved takers fill the count, or by staff with >= 1 approved taker;
    # also automatically at the take deadline when at least one taker was approved.
    (O.OPEN, "fill"): Transition(O.IN_PROGRESS, "system"),
    (O.OPEN, "close_recruitment"): Transition(O.IN_PROGRESS, "station"),
    (O.OPEN, "expire"): Transition(O.EXPIRED, "system"),           # deadline passed, nobody approved
    (O.OPEN, "mark_expired"): Transition(O.EXPIRED, "station"),    # 过期 button
    (O.PENDING, "cancel"): Transition(O.CANCELLED, "station", reason_required=True),
    (O.FIRST_APPROVED, "cancel"): Transition(O.CANCELLED, "station", reason_required=True),
    (O.OPEN, "cancel"): Transition(O.CANCELLED, "station", reason_required=True),
    (O.IN_PROGRESS, "abort"): Transition(O.ABORTED, "station", reason_required=True),
    (O.IN_PROGRESS, "end"): Transition(O.TO_EVALUATE, "system"),   # service end time passed
    (O.TO_EVALUATE, "complete"): Transition(O.COMPLETED, "system"),  # certification approved
    # An aborted service is certified for the hours served before the abort (certifications.py caps them).
    (O.ABORTED, "complete"): Transition(O.COMPLETED, "system"),
}

TAKE = {
    (T.PENDING, "approve"): Transition(T.APPROVED, "station"),
    (T.PENDING, "reject"): Transition(T.REJECTED, "station", reason_required=True),
    (T.PENDING, "withdraw"): Transition(T.WITHDRAWN, "taker"),
    (T.PENDING, "lapse"): Transition(T.LAPSED, "system"),  # recruitment ended before review
}

CERTIFICATION = {
    (C.PENDING, "approve"): Transition(C.APPROVED, "association"),
    (C.PENDING, "reject"): Transition(C.REJECTED, "association", reason_required=True),
}

# Order statuses in which a take holds no meaning any more, and which the feed never shows.
ORDER_FINAL = frozenset({O.COMPLETED, O.CANCELLED, O.EXPIRED, O.ABORTED})
# Takes that hold a place on the order.
TAKE_HOLDS_PLACE = frozenset({T.PENDING, T.APPROVED})

ACTION_LABELS = {
    "submit": "提交", "approve": "审核通过", "reject": "审核不通过", "resubmit": "重新提交", "disable": "禁用",
    "enable": "启用", "delete": "删除", "publish": "发布订单", "first_approve": "初审通过",
    "first_reject": "初审不通过", "final_approve": "终审通过", "final_reject": "终审不通过",
    "fill": "完成招募", "close_recruitment": "完成招募", "expire": "自动过期", "mark_expired": "过期",
    "cancel": "取消", "abort": "中止", "end": "服务结束", "complete": "完成", "take": "接单",
    "withdraw": "撤回接单", "lapse": "未录用", "file": "提交时数认证", "donate": "捐分", "edit": "修改",
}


def next_status(table: dict, current: str, action: str) -> Transition:
    """The transition for `action` from `current`, or InvalidTransition (409) naming the action."""
    return statemachine.next_status(table, current, action, ACTION_LABELS)
