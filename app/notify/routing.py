"""The routing table: for each event kind, who hears of it and what they read (DOMAIN.md §6).

Read it as a table. `to`: the recipient rules (app/notify/recipients.py) over the publisher's context.
`title`/`body`/`page`: Chinese text and the mini-program page, formatted with the context.
`template`: the WeChat template shape (config/notifications.py) and the text of each of its fields.
Every recipient gets the inbox message; WeChat channels are added where they can reach the person.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.accounts.models import MemberRole, OrgKind
from app.notify.recipients import OrgMembers, OrgsCovering, OrgsWithin, Users, VolunteersIn

STATION, ASSOCIATION = OrgKind.STATION, OrgKind.ASSOCIATION
ADMINS = frozenset({MemberRole.ADMIN})


@dataclass(frozen=True)
class Route:
    to: tuple
    title: str
    body: str
    page: str | None
    template: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


def _todo(what: str) -> dict[str, str]:
    return {"title": what, "summary": "{title}", "at": "{at}"}


def _result(what: str) -> dict[str, str]:
    return {"title": what, "result": "{result}", "reason": "{reason}", "at": "{at}"}


def _status(status: str) -> dict[str, str]:
    return {"title": "{title}", "status": status, "at": "{at}"}


# Pages of the mini-program (miniprogram/app.json; tests/notify/test_pages.py keeps them in step).
# Staff and volunteers see an order on different pages; events that reach both open the volunteer's
# page, which links staff on to theirs.
STAFF_ORDER_PAGE = "packages/station/order/index?id={subject_id}"
ORDER_PAGE = "packages/volunteer/order/index?id={subject_id}"
NEED_PAGE = "packages/org/need/index?id={need_id}"
ORDER_PEOPLE = (Users("publisher_id"), OrgsCovering(STATION), Users("taker_ids"))
ACTIVITY_PAGE = "packages/volunteer/activity/index?id={subject_id}"
BENEFICIARY_PAGE = "packages/station/beneficiary/index?id={subject_id}"
HELP_STAFF_PAGE = "packages/community/help-request/index?id={subject_id}"
HELP_PAGE = "packages/volunteer/help/index?id={subject_id}"

ROUTES: dict[str, Route] = {
    # --- time bank (耆望成真) -------------------------------------------------------------------
    "beneficiary.submitted": Route((OrgsCovering(STATION),), "服务对象待审核", "{title} 已提交，请审核",
                                   BENEFICIARY_PAGE, "todo", _todo("服务对象待审核")),
    "beneficiary.reviewed": Route((Users("submitter_id"),), "服务对象审核结果：{result}", "{title}：{result}。{reason}",
                                  BENEFICIARY_PAGE, "review_result",
                                  _result("服务对象审核")),
    "order.published": Route((OrgsCovering(STATION),), "订单待初审", "{title} 已发布，请初审",
                             STAFF_ORDER_PAGE, "todo", _todo("订单待初审")),
    "order.first_approved": Route((OrgsCovering(ASSOCIATION),), "订单待终审", "{title} 已通过初审，请终审",
                                  STAFF_ORDER_PAGE, "todo", _todo("订单待终审")),
    "order.reviewed": Route((Users("submitter_id"),), "订单审核结果：{result}", "{title}：{result}。{reason}",
                            STAFF_ORDER_PAGE, "review_result", _result("订单审核")),
    "order.opened": Route((VolunteersIn("district_path"), OrgsWithin(OrgKind.VOLUNTEER_ORG, "district_path")),
                          "新订单可接单", "{title}，{start_at} 开始，招募 {recruit_count} 人", ORDER_PAGE,
                          "service_reminder", {"title": "{title}", "start_at": "{start_at}", "place": "{place}"}),
    # The second wave widens the first: volunteers and providers of the whole city.
    "order.second_wave": Route((VolunteersIn("city_path"), OrgsWithin(OrgKind.VOLUNTEER_ORG, "city_path")),
                               "订单仍在招募", "{title} 还差 {places_left} 人",
                               ORDER_PAGE, "service_reminder",
                               {"title": "{title}", "start_at": "{start_at}", "place": "{place}"}),
    "take.requested": Route((OrgsCovering(STATION),), "接单待审核", "{taker_name} 申请接单：{title}",
                            STAFF_ORDER_PAGE, "todo", _todo("接单待审核")),
    "take.reviewed": Route((Users("taker_id"),), "接单审核结果：{result}", "{title}：{result}。{reason}",
                           ORDER_PAGE, "review_result", _result("接单审核")),
    # Takes still waiting for review when recruitment ends (cancel, expiry, 完成招募) lapse: their takers
    # (lapsed_ids) would otherwise wait for a review that never comes.
    "take.lapsed": Route((Users("lapsed_ids"),), "接单结果：{result}", "{title}：{result}。{reason}",
                         ORDER_PAGE, "review_result", _result("接单审核")),
    "order.recruitment_complete": Route(ORDER_PEOPLE, "订单已完成招募", "{title} 已完成招募", ORDER_PAGE,
                                        "status_change", _status("已招满")),
    "order.expired": Route(ORDER_PEOPLE, "订单已过期", "{title} 已过接单截止时间", ORDER_PAGE,
                           "status_change", _status("已过期")),
    "order.cancelled": Route(ORDER_PEOPLE, "订单已取消", "{title} 已取消。{reason}", ORDER_PAGE,
                             "status_change", _status("已取消")),
    "order.aborted": Route(ORDER_PEOPLE, "订单已中止", "{title} 已中止。{reason}", ORDER_PAGE,
                           "status_change", _status("已中止")),
    "order.starts_soon": Route((Users("taker_ids"),), "服务即将开始", "{title} 将于 {start_at} 开始，地点：{place}",
                               ORDER_PAGE, "service_reminder",
                               {"title": "{title}", "start_at": "{start_at}", "place": "{place}"}),
    "order.deadline_near": Route((OrgsCovering(STATION),), "接单即将截止", "{title} 还差 {places_left} 人",
                                 STAFF_ORDER_PAGE, "todo", _todo("接单即将截止")),
    "order.service_ended": Route((OrgsCovering(STATION),), "服务已结束，待认证时数", "{title} 已结束，请填写时数认证",
                                 STAFF_ORDER_PAGE, "todo", _todo("待认证时数")),
    "certification.filed": Route((OrgsCovering(ASSOCIATION),), "时数认证待审核", "{title} 的时数认证已提交",
                                 STAFF_ORDER_PAGE, "todo", _todo("时数认证待审核")),
    "certification.reviewed": Route((Users("submitter_id"),), "时数认证结果：{result}", "{title}：{result}。{reason}",
                                    STAFF_ORDER_PAGE, "review_result", _result("时数认证")),
    # --- needs and claims (七彩假期) ------------------------------------------------------------
    "claim.requested": Route((OrgMembers("league_id"),), "需求有新的认领", "{claimer_name} 申请认领：{title}",
                             NEED_PAGE, "todo", _todo("认领待确认")),
    "claim.withdrawn": Route((OrgMembers("league_id"),), "认领已撤销", "{claimer_name} 撤销了认领：{title}",
                             NEED_PAGE, "status_change", _status("已撤销")),
    "claim.accepted": Route((OrgMembers("volunteer_org_id"),), "认领成功", "{title} 认领成功，可查看需求方联系方式",
                            NEED_PAGE, "review_result", _result("认领结果")),
    "claim.returned": Route((OrgMembers("volunteer_org_id"),), "认领失败", "{title} 被退回。{reason}",
                            NEED_PAGE, "review_result", _result("认领结果")),
    "initial_need.submitted": Route((OrgsCovering(OrgKind.LEAGUE, "region_path"),), "新的初始需求", "{title}",
                                    "packages/org/initial-needs/index", "todo", _todo("初始需求待处理")),
    "initial_need.decided": Route((Users("poster_id"),), "初始需求处理结果：{result}", "{title}：{result}。{reason}",
                                  "packages/volunteer/my-initial/index", "review_result", _result("初始需求")),
    # At acceptance the league is prompted (app/needs/claims.py); reminders then go only to the organisation(s)
    # that have not scored yet (org_ids, app/needs/scoring_reminders.py).
    "scoring.pending": Route((OrgMembers("org_ids"),), "待评分", "{title} 已认领成功，请为对方评分",
                             NEED_PAGE, "todo", _todo("待评分")),
    "scoring.received": Route((OrgMembers("scored_org_id"),), "收到评分",
                              "{scorer_name} 为「{title}」评了 {stars} 星，贵组织获得 {points} 积分",
                              NEED_PAGE, "status_change", _status("已评分")),
    # --- community (徐州) -------------------------------------------------------------------------
    "application.submitted": Route((OrgMembers("community_id", ADMINS),), "志愿者申请待审核",
                                   "{applicant_name} 申请加入", "packages/community/applications/index", "todo",
                                   _todo("志愿者申请")),
    "report.submitted": Route((OrgMembers("community_id", ADMINS),), "志愿者上报待审核", "{title}",
                              "packages/community/reports/index", "todo", _todo("上报待审核")),
    "help_request.submitted": Route((OrgMembers("community_id", ADMINS),), "新的求助", "{title}",
                                    HELP_STAFF_PAGE, "todo", _todo("公众求助")),
    "application.decided": Route((Users("user_ids"),), "加入社区申请：{result}", "{title}：{result}。{reason}",
                                 "packages/volunteer/join/index", "review_result", _result("加入申请")),
    "help_request.assigned": Route((Users("user_ids"),), "有求助指派给您", "{title}",
                                   HELP_PAGE, "todo", _todo("求助指派")),
    "report.reviewed": Route((Users("user_ids"),), "志愿者上报审核结果：{result}", "{title}：{result}。{reason}",
                             "packages/volunteer/my-reports/index", "review_result", _result("志愿者上报")),
    "help_request.updated": Route((Users("user_ids"),), "求助处理进度：{result}", "{title}：{result}。{reason}",
                                  HELP_PAGE, "review_result", _result("公众求助")),
    "help_request.reported": Route((OrgMembers("community_id", ADMINS),), "求助服务结果待办结",
                                   "{volunteer_name} 反馈了服务结果：{title}", HELP_STAFF_PAGE,
                                   "todo", _todo("求助待办结")),
    "attendance.confirmed": Route((Users("user_ids"),), "服务时长已确认", "{title}：{hours} 小时",
                                  "packages/volunteer/my-activities/index", "status_change", _status("已确认")),
    "points.credited": Route((Users("user_ids"),), "积分到账", "{title}：+{points} 积分",
                             "packages/volunteer/points/index", "status_change", _status("已到账")),
    # A publisher's correction that takes hours or points back (冲正): the volunteer sees why their totals fell.
    "attendance.corrected": Route((Users("user_ids"),), "服务时长已更正", "{title}：{result}",
                                  "packages/volunteer/my-activities/index", "status_change", _status("已更正")),
    # --- activities (志愿活动, shared by needs and community) ------------------------------------------
    "activity.published": Route((VolunteersIn("region_path"),), "新的志愿活动",
                                "{title}，{start_at} 开始，招募 {headcount} 人", ACTIVITY_PAGE, "service_reminder",
                                {"title": "{title}", "start_at": "{start_at}", "place": "{place}"}),
    # An activity a volunteer-service organisation publishes for its claim: its own people hear of it.
    "activity.published_for_claim": Route((OrgMembers("publisher_org_id"),), "组织发布了新的志愿活动",
                                          "{title}，{start_at} 开始，招募 {headcount} 人", ACTIVITY_PAGE,
                                          "service_reminder",
                                          {"title": "{title}", "start_at": "{start_at}", "place": "{place}"}),
    "activity.cancelled": Route((Users("volunteer_ids"),), "活动已取消", "{title} 已取消。{reason}", ACTIVITY_PAGE,
                                "status_change", _status("已取消")),
    "activity.starts_soon": Route((Users("volunteer_ids"),), "活动即将开始",
                                  "{title} 将于 {start_at} 开始，地点：{place}", ACTIVITY_PAGE, "service_reminder",
                                  {"title": "{title}", "start_at": "{start_at}", "place": "{place}"}),
    # --- staff ------------------------------------------------------------------------------------
    "digest.daily": Route((Users("user_ids"),), "今日待办", "{summary}", "pages/work/index", "todo",
                          {"title": "今日待办", "summary": "{summary}", "at": "{at}"}),
}
