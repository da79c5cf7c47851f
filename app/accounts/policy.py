"""The one access policy: who may do what, to which organisation, in which region.

Every endpoint names a permission (or is explicitly public / signed-in only). A permission is a row
of RULES: which organisation kinds and member roles hold it, and how far it reaches:
  OWN_ORG  the target must belong to the actor's own organisation;
  REGION   the target must sit inside the actor's organisation's region (a station inside its
           street, a community inside its community, the association city-wide).
Platform administrators hold every permission everywhere.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from app.accounts.models import MemberRole, OrgKind
from app.core.errors import Forbidden, NotFound


class Scope(enum.StrEnum):
    OWN_ORG = "own_org"
    REGION = "region"
    PLATFORM = "platform"  # platform administrators only


@dataclass(frozen=True)
class Rule:
    kinds: frozenset[OrgKind] = frozenset()
    roles: frozenset[MemberRole] = frozenset({MemberRole.ADMIN, MemberRole.STAFF})
    scope: Scope = Scope.OWN_ORG


ADMIN_ONLY = frozenset({MemberRole.ADMIN})
ALL_KINDS = frozenset(OrgKind)
STATION = frozenset({OrgKind.STATION})
ASSOCIATION = frozenset({OrgKind.ASSOCIATION})
VOLUNTEER_ORG = frozenset({OrgKind.VOLUNTEER_ORG})
LEAGUE = frozenset({OrgKind.LEAGUE})
COMMUNITY = frozenset({OrgKind.COMMUNITY})

# permission                        who (kinds, roles)                              reach
RULES: dict[str, Rule] = {
    "organisation.create":          Rule(scope=Scope.PLATFORM),
    "organisation.view":            Rule(kinds=ALL_KINDS, scope=Scope.OWN_ORG),
    "organisation.manage_accounts": Rule(kinds=ALL_KINDS, roles=ADMIN_ONLY, scope=Scope.OWN_ORG),
    "organisation.import":          Rule(scope=Scope.PLATFORM),  # 团组织账号批量导入
    "organisation.directory":       Rule(scope=Scope.PLATFORM),  # 全部机构的列表（筛选、分页）
    "user.manage":                  Rule(kinds=ALL_KINDS, roles=ADMIN_ONLY, scope=Scope.OWN_ORG),
    "account.unlock":               Rule(scope=Scope.PLATFORM),  # see and lift sign-in lockouts
    "region.manage":                Rule(scope=Scope.PLATFORM),
    "notify.admin":                 Rule(scope=Scope.PLATFORM),
    "schedule.view":                Rule(scope=Scope.PLATFORM),  # 定时任务及其最近一次运行
    # --- time bank (耆望成真): REGION means the station's street, the association's city ---------------
    "beneficiary.manage":           Rule(kinds=STATION, scope=Scope.REGION),      # 录入、修改、删除、查看
    "beneficiary.review":           Rule(kinds=STATION, scope=Scope.REGION),      # 审核、禁用、启用
    "order.publish":                Rule(kinds=STATION, scope=Scope.REGION),      # 我要发单、修改、重新提交
    "order.first_review":           Rule(kinds=STATION, scope=Scope.REGION),      # 初审
    "order.final_review":           Rule(kinds=ASSOCIATION, scope=Scope.REGION),  # 终审
    "order.manage":                 Rule(kinds=STATION, scope=Scope.REGION),      # 取消、过期、完成招募、中止
    "order.view":                   Rule(kinds=STATION | ASSOCIATION, scope=Scope.REGION),  # 列表、跟踪、导出
    "take.review":                  Rule(kinds=STATION, scope=Scope.REGION),      # 接单人/接单服务商审核
    "take.provide":                 Rule(kinds=VOLUNTEER_ORG, scope=Scope.OWN_ORG),  # 接单服务商
    "certification.file":           Rule(kinds=STATION, scope=Scope.REGION),      # 时数认证
    "certification.review":         Rule(kinds=ASSOCIATION, scope=Scope.REGION),  # 认证审核
    "catalogue.manage":             Rule(kinds=ASSOCIATION, scope=Scope.REGION),  # 服务项目、服务类型
    # 积分调整 and its audit list: any person (people belong to no region), organisations in the city
    "points.adjust":                Rule(kinds=ASSOCIATION, scope=Scope.REGION),
    # --- needs and claims (七彩假期): a league's own needs, a volunteer-service organisation's own claims ---
    "zone.manage":                  Rule(scope=Scope.PLATFORM),                      # 专区
    "need.publish":                 Rule(kinds=LEAGUE, scope=Scope.OWN_ORG),         # 发布、撤回、完成、我的发布
    "initial_need.decide":          Rule(kinds=LEAGUE, scope=Scope.REGION),          # 初始需求：采纳、不采纳
    "claim.decide":                 Rule(kinds=LEAGUE, scope=Scope.OWN_ORG),         # 同意认领、退回
    "claim.make":                   Rule(kinds=VOLUNTEER_ORG, scope=Scope.OWN_ORG),  # 认领、撤销、我的申请
    "claim.score":                  Rule(kinds=LEAGUE | VOLUNTEER_ORG, scope=Scope.OWN_ORG),  # 评分
    "org_profile.manage":           Rule(kinds=LEAGUE | VOLUNTEER_ORG, scope=Scope.OWN_ORG),  # 完善信息
    "org_points.view":              Rule(kinds=LEAGUE | VOLUNTEER_ORG, scope=Scope.OWN_ORG),  # 我的积分（组织）
    # --- activities, shared: a community's own activities, or an organisation's for a claimed need -------
    "activity.publish":             Rule(kinds=COMMUNITY | VOLUNTEER_ORG, scope=Scope.OWN_ORG),  # 发布、取消、结束
    "activity.view_signups":        Rule(kinds=COMMUNITY | VOLUNTEER_ORG, scope=Scope.OWN_ORG),  # 报名名单
    "activity.confirm_attendance":  Rule(kinds=COMMUNITY | VOLUNTEER_ORG, scope=Scope.OWN_ORG),  # 活动确认、活动反馈
    # --- community volunteering (徐州): a community's own queues; statistics over the caller's region -------
    "community.review_application": Rule(kinds=COMMUNITY, scope=Scope.OWN_ORG),     # 志愿者申请审核
    "community.review_report":      Rule(kinds=COMMUNITY, scope=Scope.OWN_ORG),     # 志愿者上报审核
    "community.handle_help":        Rule(kinds=COMMUNITY, scope=Scope.OWN_ORG),     # 公众求助安排、办结
    "community.view_volunteers":    Rule(kinds=COMMUNITY | ASSOCIATION, scope=Scope.REGION),  # 志愿者名单、按单位查询
    "community.view_stats":         Rule(kinds=COMMUNITY | ASSOCIATION, scope=Scope.REGION),  # 统计、导出
    "showcase.manage":              Rule(kinds=ASSOCIATION, scope=Scope.REGION),    # 之星调整、专业志愿者、团队、基地
    # --- export jobs (导出任务): the organisations that have a synchronous export; starting one also needs that
    # export's own permission and reach (order.view, community.view_stats), checked by app/exports/jobs.py ---
    "export.run":                   Rule(kinds=STATION | ASSOCIATION | COMMUNITY, scope=Scope.OWN_ORG),
}


@dataclass(frozen=True)
class MembershipGrant:
    organisation_id: int
    kind: OrgKind
    role: MemberRole
    region_path: str


@dataclass(frozen=True)
class Actor:
    user_id: int
    is_platform_admin: bool = False
    grants: tuple[MembershipGrant, ...] = field(default_factory=tuple)

    def grants_for(self, permission: str) -> list[MembershipGrant]:
        rule = RULES[permission]
        return [g for g in self.grants if g.kind in rule.kinds and g.role in rule.roles]

    def organisation_ids(self) -> set[int]:
        return {g.organisation_id for g in self.grants}


def allows(actor: Actor, permission: str, *, organisation_id: int | None = None,
           region_path: str | None = None) -> bool:
    rule = RULES[permission]
    if actor.is_platform_admin:
        return True
    if rule.scope is Scope.PLATFORM:
        return False
    grants = actor.grants_for(permission)
    if rule.scope is Scope.OWN_ORG:
        return organisation_id is None and bool(grants) or any(
            g.organisation_id == organisation_id for g in grants)
    # REGION: the target's region path lies inside one of the actor's organisations' regions.
    if region_path is None:
        return bool(grants)
    return any(region_path.startswith(g.region_path) for g in grants)


def authorize(actor: Actor, permission: str, *, organisation_id: int | None = None,
              region_path: str | None = None, hide: bool = True) -> None:
    """Raise unless allowed. With `hide`, a target outside the actor's reach answers 404, so probing
    ids reveals nothing about other organisations; without it, 403."""
    if allows(actor, permission, organisation_id=organisation_id, region_path=region_path):
        return
    targeted = organisation_id is not None or region_path is not None
    if hide and targeted and actor.grants_for(permission):
        raise NotFound()
    raise Forbidden()


def region_paths(actor: Actor, permission: str) -> list[str] | None:
    """The region prefixes a list query must filter by; None means no limit (platform admin)."""
    if actor.is_platform_admin:
        return None
    return [g.region_path for g in actor.grants_for(permission)]
