"""Scoring (评分): both sides once each, only after acceptance, points to the scored organisation."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services as ledger
from app.ledger.models import Cause, LedgerTransfer, OwnerType
from app.needs import scoring
from app.needs.models import ClaimScore, ClaimStatus, NeedEvent, ScoreSide
from app.notify.models import InboxItem, NotificationEvent
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.factories import auth, token_for
from tests.needs.factories_scoring import (
    accepted_claim,
    actor,
    claim_row,
    make_claim,
    make_need,
    needs_world,
    platform_admin,
)


@pytest.fixture
def world(app_ctx):
    return needs_world()


def score(user_id, claim_id, stars=5, comment=None, side=None):
    with unit_of_work():
        return scoring.score_claim(actor(user_id), claim_id, stars, comment, side=side)


def org_balance(org_id):
    return ledger.balance(OwnerType.ORGANISATION, org_id)


def test_league_scores_the_claimer_and_the_claimer_earns_points(world):
    claim_id = accepted_claim(world)

    view = score(world["league_staff"], claim_id, 4, "  服务很用心  ")

    assert (view.side, view.scorer_org_id, view.scored_org_id) == (ScoreSide.LEAGUE, world["league"], world["provider"])
    assert (view.stars, view.comment, view.points) == (4, "服务很用心", 8)  # 4 stars x 2 points (default)
    assert org_balance(world["provider"]) == 8 and org_balance(world["league"]) == 0
    claim = claim_row(claim_id)
    assert claim.league_scored_at is not None and claim.claimer_scored_at is None
    transfer = db.session.scalar(sa.select(LedgerTransfer))
    assert (transfer.cause, transfer.cause_key) == (Cause.RATING, f"claim:{claim_id}:score:league")
    event = db.session.scalar(sa.select(NeedEvent).where(NeedEvent.subject_id == claim_id))
    assert (event.subject_type, event.action, event.actor_id) == ("claim", "score_league", world["league_staff"])


def test_claimer_scores_the_league_and_the_league_earns_points(world, app):
    claim_id = accepted_claim(world)
    app.config["NEED_POINTS_PER_STAR"] = 3
    try:
        view = score(world["provider_staff"], claim_id, 5)
    finally:
        app.config["NEED_POINTS_PER_STAR"] = 2

    assert (view.side, view.scored_org_id, view.points, view.comment) == (ScoreSide.CLAIMER, world["league"], 15, None)
    assert org_balance(world["league"]) == 15
    assert claim_row(claim_id).claimer_scored_at is not None


def test_the_scored_organisation_hears_of_the_score(world):
    claim_id = accepted_claim(world)
    score(world["league_admin"], claim_id, 3)

    event = db.session.scalar(sa.select(NotificationEvent).where(NotificationEvent.kind == "scoring.received"))
    assert "天河团区委" in event.body and "3 星" in event.body and "6 积分" in event.body
    readers = set(db.session.scalars(sa.select(InboxItem.user_id).where(InboxItem.event_id == event.id)))
    assert readers == {world["provider_admin"], world["provider_staff"]}


def test_each_side_scores_once(world):
    claim_id = accepted_claim(world)
    score(world["league_admin"], claim_id, 5)

    with pytest.raises(Conflict) as refused:
        score(world["league_staff"], claim_id, 1)

    assert refused.value.error == "already_scored" and "不能重复评分" in refused.value.message
    assert db.session.scalar(sa.select(sa.func.count(ClaimScore.id))) == 1
    assert org_balance(world["provider"]) == 10
    score(world["provider_admin"], claim_id, 2)  # the other side still may
    assert db.session.scalar(sa.select(sa.func.count(ClaimScore.id))) == 2


@pytest.mark.parametrize("status", [ClaimStatus.PENDING, ClaimStatus.RETURNED, ClaimStatus.WITHDRAWN])
def test_only_an_accepted_claim_is_scored(world, status):
    claim_id = make_claim(world, make_need(world), status=status)

    with pytest.raises(Conflict) as refused:
        score(world["league_admin"], claim_id, 5)

    assert refused.value.error == "claim_not_accepted"
    assert db.session.scalar(sa.select(sa.func.count(ClaimScore.id))) == 0


def test_another_organisation_sees_a_missing_claim(world):
    claim_id = accepted_claim(world)

    with pytest.raises(NotFound) as refused:
        score(world["provider2_admin"], claim_id, 5)
    assert refused.value.error == "claim_not_found"
    with pytest.raises(NotFound):
        score(world["league_admin"], 999999, 5)


@pytest.mark.parametrize("stars", [0, 6, -1])
def test_stars_are_one_to_five(world, stars):
    claim_id = accepted_claim(world)

    with pytest.raises(InvalidInput):
        score(world["league_admin"], claim_id, stars)


def test_a_side_the_caller_does_not_hold_is_refused(world):
    claim_id = accepted_claim(world)

    with pytest.raises(InvalidInput) as refused:
        score(world["league_admin"], claim_id, 5, side=ScoreSide.CLAIMER)
    assert "side" in refused.value.errors


def test_a_platform_administrator_names_the_side(world):
    claim_id = accepted_claim(world)
    admin = platform_admin()

    with pytest.raises(InvalidInput):
        score(admin, claim_id, 5)
    view = score(admin, claim_id, 4, side=ScoreSide.CLAIMER)

    assert (view.scorer_org_id, view.scored_org_id) == (world["provider"], world["league"])


def test_a_replayed_credit_books_nothing(world):
    claim_id = accepted_claim(world)
    score(world["league_admin"], claim_id, 5)

    with unit_of_work():
        again = ledger.issue((OwnerType.ORGANISATION, world["provider"]), 10, cause=Cause.RATING,
                             cause_key=scoring.cause_key(claim_id, ScoreSide.LEAGUE))

    assert again is None and org_balance(world["provider"]) == 10


def test_claim_scores_lists_both_sides_for_both_organisations_only(world):
    claim_id = accepted_claim(world)
    score(world["league_admin"], claim_id, 5, "很好")
    score(world["provider_admin"], claim_id, 4)

    listed = scoring.claim_scores(actor(world["provider_staff"]), claim_id)

    assert [(s.side, s.stars, s.scorer_org_name) for s in listed] == [
        (ScoreSide.LEAGUE, 5, "天河团区委"), (ScoreSide.CLAIMER, 4, "天河志愿服务队")]
    with pytest.raises(NotFound):
        scoring.claim_scores(actor(world["provider2_admin"]), claim_id)


def test_score_summaries_average_per_organisation(world):
    first, second = accepted_claim(world), accepted_claim(world)
    score(world["league_admin"], first, 5)
    score(world["league_admin"], second, 2)
    score(world["provider_admin"], first, 4)

    summaries = scoring.score_summaries({world["provider"], world["league"], world["provider2"]})

    assert summaries[world["provider"]] == scoring.ScoreSummary(2, 3.5)
    assert summaries[world["league"]] == scoring.ScoreSummary(1, 4.0)
    assert summaries[world["provider2"]] == scoring.ScoreSummary(0, None)
    assert scoring.score_summaries(set()) == {}


# --- concurrency (PostgreSQL: real row locks, one connection per racer) ---------------------------------

def _post(app, path, token, body):
    with app.app_context(), app.test_client() as client:
        return client.post(path, json=body, headers=auth(token))


@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_only")
@pytest.mark.parametrize("round_", range(3))
def test_two_staff_of_one_organisation_scoring_at_once_leave_one_score(app, world, round_):
    claim_id = accepted_claim(world)
    tokens = [token_for(world["league_admin"]), token_for(world["league_staff"])] * 3

    responses = run_together(6, lambda i: _post(app, f"/api/v1/claims/{claim_id}/score", tokens[i],
                                                {"stars": 1 + i % 5}))

    assert sorted(r.status_code for r in responses) == [201] + [409] * 5, [r.json for r in responses]
    assert {r.json["error"] for r in responses if r.status_code == 409} == {"already_scored"}
    db.session.expire_all()
    scores = db.session.scalars(sa.select(ClaimScore)).all()
    assert len(scores) == 1
    assert org_balance(world["provider"]) == scores[0].stars * 2
    assert db.session.scalar(sa.select(sa.func.count(LedgerTransfer.id))) == 1


@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_only")
@pytest.mark.parametrize("round_", range(3))
def test_both_sides_scoring_at_once_both_succeed(app, world, round_):
    claim_id = accepted_claim(world)
    tokens = [token_for(world["league_admin"]), token_for(world["provider_admin"])]

    responses = run_together(2, lambda i: _post(app, f"/api/v1/claims/{claim_id}/score", tokens[i], {"stars": 5}))

    assert [r.status_code for r in responses] == [201, 201]
    claim = claim_row(claim_id)
    assert claim.league_scored_at and claim.claimer_scored_at
    assert org_balance(world["provider"]) == org_balance(world["league"]) == 10
