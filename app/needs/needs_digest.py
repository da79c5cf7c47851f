"""The needs module's queues in the daily digest (app/notify/digest.py): for each staff member, how many
claims wait for their league's decision, how many accepted claims their organisation still owes a score,
and how many initial needs of their league's region wait for adoption. Registered at import
(app.needs.wiring). Each source is one SELECT of (user_id, label, count)."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Membership, Organisation, Region
from app.accounts.policy import RULES
from app.needs.models import Claim, ClaimStatus, InitialNeed, InitialNeedStatus, Need
from app.notify.digest import register_source


def _staff(permission: str) -> sa.Subquery:
    """Active members holding `permission`, with their organisation and its region path."""
    rule = RULES[permission]
    return (sa.select(Membership.user_id, Organisation.id.label("org_id"), Region.path)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .join(Region, Region.id == Organisation.region_id)
            .where(Membership.is_active.is_(True), Organisation.is_active.is_(True),
                   Organisation.kind.in_(rule.kinds), Membership.role.in_(rule.roles))
            .subquery())


def _per_user(staff: sa.Subquery, waiting: sa.Subquery, on, label: str) -> sa.Select:
    return (sa.select(staff.c.user_id, sa.literal(label, sa.String), sa.func.count(sa.distinct(waiting.c.id)))
            .select_from(staff).join(waiting, on).group_by(staff.c.user_id))


def claims_pending() -> sa.Select:
    """League staff: claims on their league's needs waiting to be accepted or returned (认领待确认)."""
    waiting = (sa.select(Claim.id, Need.league_org_id.label("org_id")).join(Need, Need.id == Claim.need_id)
               .where(Claim.status == ClaimStatus.PENDING).subquery())
    staff = _staff("claim.decide")
    return _per_user(staff, waiting, waiting.c.org_id == staff.c.org_id, "认领待确认")


def claims_unscored() -> sa.Select:
    """Staff of either organisation of an accepted claim their side has not scored (待评分)."""
    league_side = (sa.select(Claim.id, Need.league_org_id.label("org_id")).join(Need, Need.id == Claim.need_id)
                   .where(Claim.status == ClaimStatus.ACCEPTED, Claim.league_scored_at.is_(None)))
    claimer_side = (sa.select(Claim.id, Claim.org_id.label("org_id"))
                    .where(Claim.status == ClaimStatus.ACCEPTED, Claim.claimer_scored_at.is_(None)))
    waiting = sa.union_all(league_side, claimer_side).subquery()
    staff = _staff("claim.score")
    return _per_user(staff, waiting, waiting.c.org_id == staff.c.org_id, "认领待评分")


def initial_needs_pending() -> sa.Select:
    """League staff: initial needs posted inside their league's region, waiting for adoption (初始需求待处理)."""
    waiting = (sa.select(InitialNeed.id, InitialNeed.region_path)
               .where(InitialNeed.status == InitialNeedStatus.PENDING).subquery())
    staff = _staff("initial_need.decide")
    return _per_user(staff, waiting, waiting.c.region_path.like(staff.c.path + "%"), "初始需求待处理")


register_source("needs.claims_pending", claims_pending)
register_source("needs.claims_unscored", claims_unscored)
register_source("needs.initial_needs_pending", initial_needs_pending)
