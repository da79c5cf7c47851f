"""The Chinese words the console and exports show for order fields (DOMAIN.md §3.2), and which permission
each order action needs (the 操作 column offers only what the caller may do)."""
from __future__ import annotations

from app.timebank.models import CertificationStatus, NeedType, OrderStatus, TakeStatus

ORDER_STATUS_LABELS = {
    OrderStatus.PENDING: "待审核", OrderStatus.FIRST_APPROVED: "初审已通过", OrderStatus.REJECTED: "审核不通过",
    OrderStatus.FINAL_REJECTED: "二审不通过", OrderStatus.OPEN: "待接单", OrderStatus.IN_PROGRESS: "进行中",
    OrderStatus.TO_EVALUATE: "待评价", OrderStatus.COMPLETED: "已完成", OrderStatus.CANCELLED: "已取消",
    OrderStatus.EXPIRED: "已过期", OrderStatus.ABORTED: "已中止",
}
NEED_TYPE_LABELS = {NeedType.FOR_OTHERS: "为他人下单", NeedType.FOR_SELF: "为自己下单"}
# 订单跟踪 shows take and certification events beside the order's own.
SUBJECT_LABELS = {"order": "订单", "take": "接单", "certification": "时数认证", "donation": "捐分"}
STATUS_LABELS = {
    "order": ORDER_STATUS_LABELS,
    "take": {TakeStatus.PENDING: "待审核", TakeStatus.APPROVED: "审核通过", TakeStatus.REJECTED: "审核不通过",
             TakeStatus.WITHDRAWN: "已撤回", TakeStatus.LAPSED: "未录用"},
    "certification": {CertificationStatus.PENDING: "待审核", CertificationStatus.APPROVED: "审核通过",
                      CertificationStatus.REJECTED: "审核不通过"},
}

# The status tabs of the 订单审核 screen: 待审核 / 初审已通过 / 审核通过 / 审核不通过 / 全部.
# 审核通过 holds every order that passed the association's final review, whatever happened to it since.
REVIEW_TABS: dict[str, frozenset[OrderStatus] | None] = {
    "pending": frozenset({OrderStatus.PENDING}),
    "first_approved": frozenset({OrderStatus.FIRST_APPROVED}),
    "approved": frozenset({OrderStatus.OPEN, OrderStatus.IN_PROGRESS, OrderStatus.TO_EVALUATE,
                           OrderStatus.COMPLETED, OrderStatus.EXPIRED, OrderStatus.ABORTED}),
    "rejected": frozenset({OrderStatus.REJECTED, OrderStatus.FINAL_REJECTED}),
    "all": None,
}

# Staff actions of the ORDER table and the permission each endpoint checks; "system" moves (fill, expire,
# end, complete) are not buttons.
ACTION_PERMISSIONS = {
    "first_approve": "order.first_review", "first_reject": "order.first_review",
    "final_approve": "order.final_review", "final_reject": "order.final_review",
    "resubmit": "order.publish", "cancel": "order.manage", "mark_expired": "order.manage",
    "close_recruitment": "order.manage", "abort": "order.manage",
}
# Statuses in which the publisher may still change the form (修改).
EDITABLE = frozenset({OrderStatus.PENDING, OrderStatus.REJECTED, OrderStatus.FINAL_REJECTED})
# Statuses whose reason the console shows behind 查看原因.
REASON_SHOWN = frozenset({OrderStatus.REJECTED, OrderStatus.FINAL_REJECTED, OrderStatus.CANCELLED,
                          OrderStatus.ABORTED})
# What a volunteer (or anyone without order.view) may open from the feed.
PUBLICLY_VISIBLE = frozenset({OrderStatus.OPEN, OrderStatus.IN_PROGRESS, OrderStatus.TO_EVALUATE,
                              OrderStatus.COMPLETED})
# Once recruitment is over, where the service happens and what it is (an elder's home, their needs) is
# for its takers only: other volunteers see the public summary, with these fields null.
TAKERS_ONLY = frozenset({OrderStatus.IN_PROGRESS, OrderStatus.TO_EVALUATE, OrderStatus.COMPLETED})
PRIVATE_FIELDS = ("address", "latitude", "longitude", "content", "traffic_guide", "taker_notes")
