"""The community's report and help-request queues in the daily digest (app/notify/digest.py): for each
staff member of a community, how many volunteer reports wait for review (上报待审核) and how many help
requests wait for volunteers to be assigned (求助待安排). Registered at import (app.community.wiring).
Each source is one SELECT of (user_id, label, count)."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Membership, Organisation
from app.accounts.policy import RULES
from app.community.models import HelpRequest, HelpRequestStatus, ReportStatus, VolunteerReport
from app.notify.digest import register_source


def _waiting_per_staff(permission: str, waiting: sa.Subquery, label: str) -> sa.Select:
    """Active members holding `permission` in an active organisation, with the count of `waiting` rows
    (id, org_id) of their own organisation."""
    rule = RULES[permission]
    staff = (sa.select(Membership.user_id, Organisation.id.label("org_id"))
             .join(Organisation, Organisation.id == Membership.organisation_id)
             .where(Membership.is_active.is_(True), Organisation.is_active.is_(True),
                    Organisation.kind.in_(rule.kinds), Membership.role.in_(rule.roles))
             .subquery())
    return (sa.select(staff.c.user_id, sa.literal(label, sa.String), sa.func.count(sa.distinct(waiting.c.id)))
            .select_from(staff).join(waiting, waiting.c.org_id == staff.c.org_id).group_by(staff.c.user_id))


def reports_pending() -> sa.Select:
    waiting = (sa.select(VolunteerReport.id, VolunteerReport.community_id.label("org_id"))
               .where(VolunteerReport.status == ReportStatus.PENDING).subquery())
    return _waiting_per_staff("community.review_report", waiting, "上报待审核")


def help_requests_pending() -> sa.Select:
    waiting = (sa.select(HelpRequest.id, HelpRequest.community_id.label("org_id"))
               .where(HelpRequest.status == HelpRequestStatus.PENDING).subquery())
    return _waiting_per_staff("community.handle_help", waiting, "求助待安排")


register_source("community.reports_pending", reports_pending)
register_source("community.help_requests_pending", help_requests_pending)
