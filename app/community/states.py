"""The community workflows' state machines, as data (GUIDE §1.5): one table per workflow and one function.

Each row: (current status, action) -> Transition(next status, who acts, whether a reason is kept).
`who` documents the role the endpoint enforces: applicant / author / requester (the person who submitted),
community (staff of the community it was submitted to). No Flask, no database here; the community services
are the only writers of a status column, and they change it only through app/community/events.apply, which
also writes the audit trail.
"""
from __future__ import annotations

from app.community.models import ApplicationStatus as A
from app.community.models import HelpRequestStatus as H
from app.community.models import ReportStatus as R
from app.core import statemachine
from app.core.statemachine import InvalidTransition, Transition, actions_from  # noqa: F401  (re-exported)

APPLICATION = {  # 志愿者申请
    (A.PENDING, "approve"): Transition(A.APPROVED, "community"),
    (A.PENDING, "reject"): Transition(A.REJECTED, "community", reason_required=True),
    (A.PENDING, "withdraw"): Transition(A.WITHDRAWN, "applicant"),
}

REPORT = {  # 志愿者上报: approval may also publish it to the public column (published_at)
    (R.PENDING, "approve"): Transition(R.APPROVED, "community"),
    (R.PENDING, "reject"): Transition(R.REJECTED, "community", reason_required=True),
    (R.APPROVED, "publish"): Transition(R.APPROVED, "community"),    # 发布到“志愿者上报”栏目
    (R.APPROVED, "unpublish"): Transition(R.APPROVED, "community"),  # 撤下
}

HELP_REQUEST = {  # 公众求助
    (H.PENDING, "assign"): Transition(H.ASSIGNED, "community"),          # 安排志愿者
    (H.PENDING, "decline"): Transition(H.DECLINED, "community", reason_required=True),  # 不予受理
    (H.PENDING, "withdraw"): Transition(H.WITHDRAWN, "requester"),
    (H.ASSIGNED, "assign"): Transition(H.ASSIGNED, "community"),         # 追加安排
    (H.ASSIGNED, "report"): Transition(H.ASSIGNED, "volunteer"),         # 反馈服务结果
    (H.ASSIGNED, "close"): Transition(H.CLOSED, "community"),            # 办结
}

APPLICATION_STATUS_LABELS = {A.PENDING: "待审核", A.APPROVED: "审核通过", A.REJECTED: "审核不通过",
                             A.WITHDRAWN: "已撤回"}
REPORT_STATUS_LABELS = {R.PENDING: "待审核", R.APPROVED: "审核通过", R.REJECTED: "审核不通过"}
HELP_REQUEST_STATUS_LABELS = {H.PENDING: "待安排", H.ASSIGNED: "已安排", H.CLOSED: "已办结", H.DECLINED: "不予受理",
                              H.WITHDRAWN: "已撤回"}
ACTION_LABELS = {"approve": "审核通过", "reject": "审核不通过", "withdraw": "撤回", "publish": "发布",
                 "unpublish": "撤下", "assign": "安排志愿者", "decline": "不予受理", "report": "反馈结果",
                 "close": "办结", "submit": "提交", "override": "人工调整", "clear_override": "撤销调整"}


def next_status(table: dict, current: str, action: str) -> Transition:
    """The transition for `action` from `current`, or InvalidTransition (409) naming the action."""
    return statemachine.next_status(table, current, action, ACTION_LABELS)

