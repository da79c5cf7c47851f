"""Formal needs (需求信息): a league publishes, withdraws while unclaimed, and marks completed (DOMAIN.md §4)."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.policy import Actor
from app.core.timeutil import utcnow
from app.extensions import db
from app.needs import events
from app.needs.access import NEED_NOT_FOUND, acting_organisation, load_need, own
from app.needs.models import Claim, ClaimStatus, Need
from app.needs.need_form import build_need
from app.needs.notices import claim_context
from app.needs.states import CLAIM, NEED
from app.notify.publish import publish

SUBJECT = "need"


def publish_need(actor: Actor, fields: dict, *, organisation_id: int | None = None,
                 origin_initial_need_id: int | None = None) -> Need:
    """发布需求: a league's staff publish a formal need; it is 待认领 at once (no review step)."""
    league = acting_organisation(actor, "need.publish", organisation_id)
    need = build_need(league, fields, created_by_id=actor.user_id)
    need.origin_initial_need_id = origin_initial_need_id
    db.session.add(need)
    db.session.flush()
    events.record(SUBJECT, need.id, "publish", need_id=need.id, to_status=str(need.status), actor_id=actor.user_id)
    return need


def need_of_league(actor: Actor, need_id: int, *, lock: bool = False) -> Need:
    need = load_need(need_id, lock=lock)
    own(actor, "need.publish", need.league_org_id, NEED_NOT_FOUND)
    return need


def withdraw_need(actor: Actor, need_id: int, reason: str | None = None) -> Need:
    """撤回: only while unclaimed; claims still waiting go back to their organisations, told why."""
    need = need_of_league(actor, need_id, lock=True)
    events.apply(NEED, need, SUBJECT, "withdraw", actor_id=actor.user_id, need_id=need.id, reason=reason)
    return_pending_claims(need, "需求已由发布方撤回", actor_id=actor.user_id)
    return need


def complete_need(actor: Actor, need_id: int) -> Need:
    """已完成: the league closes a claimed need once its activities are done."""
    need = need_of_league(actor, need_id, lock=True)
    events.apply(NEED, need, SUBJECT, "complete", actor_id=actor.user_id, need_id=need.id)
    need.completed_at = utcnow()
    return need


def return_pending_claims(need: Need, reason: str, *, actor_id: int | None, keep: int | None = None) -> list[int]:
    """Every pending claim of `need` (but `keep`) goes back with `reason`, its organisation told."""
    query = (sa.select(Claim).where(Claim.need_id == need.id, Claim.status == ClaimStatus.PENDING)
             .order_by(Claim.id).with_for_update().execution_options(populate_existing=True))
    returned = []
    for claim in db.session.scalars(query):
        if claim.id == keep:
            continue
        events.apply(CLAIM, claim, "claim", "supersede", actor_id=actor_id, need_id=need.id, reason=reason,
                     reason_field="status_reason")
        claim.decided_at = utcnow()
        publish("claim.returned", ("claim", claim.id), claim_context(need, claim, result="认领失败", reason=reason))
        returned.append(claim.id)
    return returned
