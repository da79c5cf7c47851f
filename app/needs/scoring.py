"""Scoring (评分): once a claim is accepted the league scores the claimer organisation and the claimer
scores the league, 1–5 stars with an optional comment, once each side (待评分 until done).

Nothing happens twice, by two guards: the claim row is locked and its side's `*_scored_at` must still be
empty (a second staff member of the same organisation waits for the first and then gets 409), and the
unique (claim, side) constraint refuses whatever slipped past. Each score credits the scored organisation
stars × NEED_POINTS_PER_STAR points through the shared ledger under a cause key per (claim, side), so even a
replayed credit books nothing. This module is the only writer of Claim.league_scored_at/claimer_scored_at.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import Organisation
from app.accounts.policy import Actor, allows
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.persistence import insert_unique
from app.core.runtime import setting
from app.core.timeutil import utcnow
from app.extensions import db
from app.ledger.models import Cause, OwnerType
from app.ledger.services import issue
from app.needs import access, events
from app.needs.models import Claim, ClaimScore, ClaimStatus, Need, ScoreSide
from app.notify.publish import publish

PERMISSION = "claim.score"
SIDE_LABELS = {ScoreSide.LEAGUE: "团组织", ScoreSide.CLAIMER: "志愿服务组织"}


def _claim_not_found() -> NotFound:
    return NotFound("认领记录不存在", error="claim_not_found")


class AlreadyScored(Conflict):
    error = "already_scored"
    message = "您已为该认领评过分，不能重复评分"


class ClaimNotAccepted(Conflict):
    error = "claim_not_accepted"
    message = "认领成功后才能评分"


@dataclass(frozen=True)
class ScoreView:
    id: int
    claim_id: int
    need_id: int
    side: ScoreSide
    scorer_org_id: int
    scorer_org_name: str
    scored_org_id: int
    scored_org_name: str
    stars: int
    comment: str | None
    created_at: datetime
    points: int | None = None  # credited by this score (known when it is given)


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    average: float | None  # one decimal; None before the first score


def cause_key(claim_id: int, side: ScoreSide) -> str:
    """One credit per claim and side, whatever retries happen."""
    return f"claim:{claim_id}:score:{side.value}"


def points_for(stars: int) -> int:
    """Points a score of `stars` earns the scored organisation (configuration: NEED_POINTS_PER_STAR)."""
    return stars * int(setting("NEED_POINTS_PER_STAR"))


def _side_orgs(claim: Claim, need: Need) -> dict[ScoreSide, tuple[int, int]]:
    """side -> (scorer organisation, scored organisation)."""
    return {ScoreSide.LEAGUE: (need.league_org_id, claim.org_id),
            ScoreSide.CLAIMER: (claim.org_id, need.league_org_id)}


def _load(claim_id: int, *, lock: bool) -> tuple[Claim, Need]:
    # Only the claim is locked: scoring changes nothing on the need, and it is the claim's row that
    # concurrent scorers of one side must queue on.
    claim = access.load_claim(claim_id, lock=lock)
    return claim, access.load_need(claim.need_id)


def _sides_of(actor: Actor, claim: Claim, need: Need) -> list[ScoreSide]:
    return [side for side, (scorer, _scored) in _side_orgs(claim, need).items()
            if allows(actor, PERMISSION, organisation_id=scorer)]


def _pick_side(actor: Actor, claim: Claim, need: Need, requested: ScoreSide | None) -> ScoreSide:
    mine = _sides_of(actor, claim, need)
    if not mine:
        # Another organisation's claim answers exactly like a missing one.
        raise _claim_not_found()
    if requested is not None:
        if requested not in mine:
            raise InvalidInput("您不能代表该方评分", errors={"side": ["您不能代表该方评分"]})
        return requested
    if len(mine) > 1:
        # Only someone acting for both organisations (a platform administrator) gets here.
        raise InvalidInput("请选择评分方（side）", errors={"side": ["请选择评分方"]})
    return mine[0]


def _scored_column(side: ScoreSide) -> str:
    return "league_scored_at" if side is ScoreSide.LEAGUE else "claimer_scored_at"


def score_claim(actor: Actor, claim_id: int, stars: int, comment: str | None = None, *,
                side: ScoreSide | None = None) -> ScoreView:
    """Score the other side of an accepted claim (permission claim.score in one of its two organisations).
    The side is the caller's organisation's; `side` chooses when the caller acts for both. 409 when the
    claim is not accepted or this side has scored already. Credits the scored organisation's points."""
    if not 1 <= stars <= 5:
        raise InvalidInput("评分应为 1 到 5 星", errors={"stars": ["评分应为 1 到 5 星"]})
    comment = (comment or "").strip() or None
    claim, need = _load(claim_id, lock=True)
    side = _pick_side(actor, claim, need, side)
    if claim.status != ClaimStatus.ACCEPTED:
        raise ClaimNotAccepted()
    if getattr(claim, _scored_column(side)) is not None:
        raise AlreadyScored()
    scorer_org_id, scored_org_id = _side_orgs(claim, need)[side]
    now = utcnow()
    score = insert_unique(ClaimScore(claim_id=claim.id, side=side, scorer_org_id=scorer_org_id,
                                     scored_org_id=scored_org_id, stars=stars, comment=comment,
                                     created_by_id=actor.user_id, created_at=now), AlreadyScored())
    setattr(claim, _scored_column(side), now)
    events.record("claim", claim.id, f"score_{side.value}", need_id=need.id, actor_id=actor.user_id,
                  reason=f"{stars} 星")
    points = points_for(stars)
    if points > 0:
        issue((OwnerType.ORGANISATION, scored_org_id), points, cause=Cause.RATING,
              cause_key=cause_key(claim.id, side), memo=f"评分奖励：{need.title}"[:100], actor_id=actor.user_id)
    names = _org_names({scorer_org_id, scored_org_id})
    publish("scoring.received", ("claim", claim.id),
            {"title": need.title, "need_id": need.id, "scored_org_id": scored_org_id,
             "scorer_name": names[scorer_org_id], "stars": stars, "points": points}, key=side.value)
    return ScoreView(score.id, claim.id, need.id, side, scorer_org_id, names[scorer_org_id], scored_org_id,
                     names[scored_org_id], stars, comment, now, points)


def _org_names(ids: set[int]) -> dict[int, str]:
    return dict(db.session.execute(sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all())


def claim_scores(actor: Actor, claim_id: int) -> list[ScoreView]:
    """Both scores of a claim (as far as given), for its two organisations and platform administrators."""
    claim, need = _load(claim_id, lock=False)
    if not _sides_of(actor, claim, need):
        raise _claim_not_found()
    scorer, scored = aliased(Organisation), aliased(Organisation)
    rows = db.session.execute(
        sa.select(ClaimScore, scorer.name, scored.name)
        .join(scorer, scorer.id == ClaimScore.scorer_org_id).join(scored, scored.id == ClaimScore.scored_org_id)
        .where(ClaimScore.claim_id == claim.id).order_by(ClaimScore.id)).all()
    return [ScoreView(s.id, s.claim_id, need.id, s.side, s.scorer_org_id, scorer_name, s.scored_org_id,
                      scored_name, s.stars, s.comment, s.created_at) for s, scorer_name, scored_name in rows]


def score_summaries(org_ids: set[int] | list[int]) -> dict[int, ScoreSummary]:
    """Each organisation's received scores: how many and their average (one decimal), in one query —
    for organisation pages and lists. Organisations never scored get (0, None)."""
    ids = set(org_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(ClaimScore.scored_org_id, sa.func.count(ClaimScore.id), sa.func.avg(ClaimScore.stars))
        .where(ClaimScore.scored_org_id.in_(ids)).group_by(ClaimScore.scored_org_id)).all()
    found = {org_id: ScoreSummary(count, round(float(average), 1)) for org_id, count, average in rows}
    return {org_id: found.get(org_id, ScoreSummary(0, None)) for org_id in ids}
