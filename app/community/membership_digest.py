"""The community's application queue in the daily digest (app/notify/digest.py): for each staff member
holding community.review_application, how many applications wait for their community's decision.
Registered at import (app.community.wiring). One SELECT of (user_id, label, count)."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Membership, Organisation
from app.accounts.policy import RULES
from app.community.models import ApplicationStatus, CommunityApplication
from app.notify.digest import register_source

LABEL = "志愿者申请待审核"


def applications_pending() -> sa.Select:
    rule = RULES["community.review_application"]
    waiting = (sa.select(CommunityApplication.community_id, sa.func.count().label("waiting"))
               .where(CommunityApplication.status == ApplicationStatus.PENDING)
               .group_by(CommunityApplication.community_id).subquery())
    return (sa.select(Membership.user_id, sa.literal(LABEL, sa.String),
                      sa.cast(sa.func.sum(waiting.c.waiting), sa.Integer))
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .join(waiting, waiting.c.community_id == Organisation.id)
            .where(Membership.is_active.is_(True), Organisation.is_active.is_(True),
                   Organisation.kind.in_(rule.kinds), Membership.role.in_(rule.roles))
            .group_by(Membership.user_id))


register_source("community.applications_pending", applications_pending)
