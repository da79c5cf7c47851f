"""Activities for a claimed need (活动与需求对接, DOMAIN.md §4): after the league accepts a claim, the
claiming volunteer-service organisation publishes volunteer activities for the need.

The claim must be accepted and belong to the caller's organisation (another organisation's claim answers
like a missing one); the need must still be claimed (not completed or withdrawn). The platform writes the
need's zone prefix (【七彩假期】) at the head of the title, once; the activity's region defaults to the
need's region and must lie inside it. A NeedActivity row links the activity to the need and the claim —
the link lives here, above the shared activities module, which knows nothing of needs. The claiming
organisation's members are told of each activity (activity.published_for_claim).
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Region
from app.accounts.policy import Actor, authorize
from app.activities.models import Activity
from app.activities.notices import activity_context
from app.activities.publishing import create_activity, region_inside
from app.activities.queries import ActivityFilters, list_activities
from app.core.errors import Conflict, NotFound
from app.extensions import db
from app.needs.models import Claim, ClaimStatus, Need, NeedActivity, NeedStatus, Zone
from app.notify.publish import publish


def _claim_not_found() -> NotFound:
    return NotFound("认领记录不存在", error="claim_not_found")


def publish_claim_activity(actor: Actor, claim_id: int, values: dict) -> Activity:
    """发布活动 for an accepted claim of the caller's volunteer-service organisation; returns the activity
    (招募中), linked to the need and the claim."""
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        raise _claim_not_found()
    try:
        authorize(actor, "activity.publish", organisation_id=claim.org_id)
    except NotFound as exc:
        raise _claim_not_found() from exc
    if claim.status != ClaimStatus.ACCEPTED:
        raise Conflict("认领成功后才能为需求发布活动", error="claim_not_accepted")
    need = db.session.get(Need, claim.need_id)
    if need.status != NeedStatus.CLAIMED:
        raise Conflict("需求已完成或已撤回，不能再发布活动", error="need_not_claimed")
    need_region = db.session.get(Region, need.region_id)
    region = region_inside(values.get("region_code"), need_region, default=need_region,
                           message="活动区域须在需求的区域范围内")
    zone = db.session.get(Zone, need.zone_id) if need.zone_id is not None else None
    activity = create_activity(actor, claim.org_id, values, region=region,
                               title_prefix=zone.title_prefix if zone is not None else "")
    db.session.add(NeedActivity(activity_id=activity.id, need_id=need.id, claim_id=claim.id))
    db.session.flush()
    # The claiming organisation's people hear of it (create_activity leaves who hears to each publisher).
    publish("activity.published_for_claim", ("activity", activity.id), activity_context(activity, volunteer_ids=[]))
    return activity


def need_activities(need_id: int, *, before_id: int | None = None, limit: int = 20) -> dict:
    """The activities published for a need, newest first (public, like the need)."""
    if db.session.scalar(sa.select(Need.id).where(Need.id == need_id)) is None:
        raise NotFound("需求不存在或已被删除", error="need_not_found")
    linked = Activity.id.in_(sa.select(NeedActivity.activity_id).where(NeedActivity.need_id == need_id))
    return list_activities(ActivityFilters(), before_id=before_id, limit=limit, where=[linked])
