"""Claims (认领): a volunteer-service organisation claims an unclaimed need; the league accepts one (认领
成功) or returns it with a reason (认领失败); the claimer may withdraw while it waits (撤销认领).

At most one accepted claim per need under any concurrency: accepting locks the need row first, so two
acceptances run one after the other and the second finds the need claimed; the partial unique index
`uq_need_claims_need_accepted` is the last word. Claiming locks the need too, so no claim can slip in
pending after another was accepted.
"""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from app.accounts.policy import Actor
from app.core.errors import Conflict
from app.core.persistence import insert_unique
from app.core.timeutil import utcnow
from app.extensions import db
from app.needs import events
from app.needs.access import CLAIM_NOT_FOUND, acting_organisation, load_claim, load_need, own
from app.needs.models import Claim, ClaimStatus, Need, NeedStatus
from app.needs.needs import return_pending_claims
from app.needs.notices import claim_context
from app.needs.profiles import require_complete
from app.needs.states import CLAIM, NEED
from app.notify.publish import publish

SUBJECT = "claim"


class NeedNotOpen(Conflict):
    error = "need_not_claimable"
    message = "该需求已被认领或已撤回，不能认领"


class AlreadyClaimed(Conflict):
    error = "already_claimed"
    message = "贵组织已申请认领该需求，请等待团组织确认"


class AlreadyAccepted(Conflict):
    error = "need_already_claimed"
    message = "该需求已同意其他组织的认领"


def claim_need(actor: Actor, need_id: int, message: str, *, organisation_id: int | None = None) -> Claim:
    """我要认领: the organisation must have completed its profile; the need must be 待认领."""
    org = acting_organisation(actor, "claim.make", organisation_id)
    require_complete(org.id)
    need = load_need(need_id, lock=True)
    if need.status is not NeedStatus.UNCLAIMED:
        raise NeedNotOpen()
    claim = insert_unique(Claim(need_id=need.id, org_id=org.id, claimed_by_id=actor.user_id,
                                message=message.strip(), status=ClaimStatus.PENDING), AlreadyClaimed())
    events.record(SUBJECT, claim.id, "claim", need_id=need.id, to_status=str(claim.status), actor_id=actor.user_id)
    publish("claim.requested", (SUBJECT, claim.id), claim_context(need, claim))
    return claim


def _claim_for_league(actor: Actor, claim_id: int) -> tuple[Claim, Need]:
    claim = load_claim(claim_id)
    need = load_need(claim.need_id, lock=True)  # the need first: every claim decision on it queues here
    own(actor, "claim.decide", need.league_org_id, CLAIM_NOT_FOUND)
    return load_claim(claim_id, lock=True), need


def accept_claim(actor: Actor, claim_id: int) -> Claim:
    """同意认领: the need becomes 已认领, its other pending claims go back with a reason, and the claimer
    now sees the league's phones."""
    claim, need = _claim_for_league(actor, claim_id)
    if need.status is not NeedStatus.UNCLAIMED:
        raise AlreadyAccepted() if need.status is NeedStatus.CLAIMED else NeedNotOpen()
    events.apply(CLAIM, claim, SUBJECT, "accept", actor_id=actor.user_id, need_id=need.id)
    now = utcnow()
    claim.decided_by_id, claim.decided_at = actor.user_id, now
    events.apply(NEED, need, "need", "claim_accepted", actor_id=actor.user_id, need_id=need.id)
    need.claimed_at = now
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:  # the unique index: another acceptance won after all
        raise AlreadyAccepted() from exc
    return_pending_claims(need, "需求已由其他组织认领", actor_id=actor.user_id, keep=claim.id)
    publish("claim.accepted", (SUBJECT, claim.id), claim_context(need, claim, result="认领成功"))
    # The league scores the claimer from now on: prompt it at once; the beat's reminders follow
    # (app/needs/scoring_reminders.py) until both sides have scored.
    publish("scoring.pending", (SUBJECT, claim.id),
            {"title": need.title, "need_id": need.id, "org_ids": [need.league_org_id]}, key="accepted")
    return claim


def return_claim(actor: Actor, claim_id: int, reason: str) -> Claim:
    """退回: 认领失败, with the league's reason."""
    claim, need = _claim_for_league(actor, claim_id)
    events.apply(CLAIM, claim, SUBJECT, "return", actor_id=actor.user_id, need_id=need.id, reason=reason,
                 reason_field="status_reason")
    claim.decided_by_id, claim.decided_at = actor.user_id, utcnow()
    publish("claim.returned", (SUBJECT, claim.id), claim_context(need, claim, result="认领失败",
                                                                  reason=claim.status_reason))
    return claim


def withdraw_claim(actor: Actor, claim_id: int) -> Claim:
    """撤销认领: by the claiming organisation while the league has not decided."""
    claim = load_claim(claim_id)
    own(actor, "claim.make", claim.org_id, CLAIM_NOT_FOUND)
    need = load_need(claim.need_id, lock=True)
    claim = load_claim(claim_id, lock=True)
    events.apply(CLAIM, claim, SUBJECT, "withdraw", actor_id=actor.user_id, need_id=need.id)
    publish("claim.withdrawn", (SUBJECT, claim.id), claim_context(need, claim))
    return claim
