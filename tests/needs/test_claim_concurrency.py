"""Races on claims (PostgreSQL: real row locks, one connection per thread, full HTTP requests)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.needs.models import Claim, ClaimStatus, InitialNeed, InitialNeedStatus, Need, NeedStatus
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.factories import auth, make_user, token_for
from tests.needs.factories_needs import make_provider, need_fields, needs_core_world, publish

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def world(app_ctx):
    world = needs_core_world()
    world["providers"] = [make_provider(f"志愿队{n}", f"pv-race-{n}") for n in range(12)]
    return world


def post(app, path, token, body=None):
    with app.app_context(), app.test_client() as client:
        return client.post(path, json=body if body is not None else {}, headers=auth(token))


def statuses(need_id):
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(Claim.status).where(Claim.need_id == need_id)))


@pytest.mark.parametrize("round_", range(5))
def test_twelve_claims_then_two_acceptances_at_once_leave_exactly_one_accepted(app, world, round_):
    need_id = publish(world)
    tokens = [token_for(p["admin"]) for p in world["providers"]]
    claimed = run_together(12, lambda i: post(app, f"/api/v1/needs/{need_id}/claims", tokens[i], {"message": "认领"}))
    assert sorted(r.status_code for r in claimed) == [201] * 12
    league = token_for(world["league_admin"])
    first, second = claimed[0].json["id"], claimed[1].json["id"]

    decided = run_together(2, lambda i: post(app, f"/api/v1/claims/{(first, second)[i]}/accept", league))

    assert sorted(r.status_code for r in decided) == [200, 409], [r.json for r in decided]
    assert [r.json["error"] for r in decided if r.status_code == 409] == ["need_already_claimed"]
    assert statuses(need_id) == [ClaimStatus.ACCEPTED] + [ClaimStatus.RETURNED] * 11
    assert db.session.get(Need, need_id).status is NeedStatus.CLAIMED


@pytest.mark.parametrize("round_", range(3))
def test_claims_racing_an_acceptance_never_stay_pending_on_a_claimed_need(app, world, round_):
    need_id = publish(world)
    first = post(app, f"/api/v1/needs/{need_id}/claims", token_for(world["provider"]["admin"]), {"message": "认领"})
    league = token_for(world["league_admin"])
    tokens = [token_for(p["admin"]) for p in world["providers"][:8]]

    def act(i):
        if i == 0:
            return post(app, f"/api/v1/claims/{first.json['id']}/accept", league)
        return post(app, f"/api/v1/needs/{need_id}/claims", tokens[i - 1], {"message": "认领"})

    run_together(9, act)
    assert ClaimStatus.PENDING not in statuses(need_id) and statuses(need_id).count(ClaimStatus.ACCEPTED) == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_leagues_adopting_one_initial_need_at_once_make_one_need(app, world, round_):
    from app.accounts.models import OrgKind
    from tests.factories import make_account, make_org

    second_league = make_org(OrgKind.LEAGUE, "440106001", f"五山街道团工委{round_}")
    leagues = [token_for(world["league_admin"]), token_for(make_account(second_league, f"lg-wushan-{round_}"))]
    poster = token_for(make_user(mp_openid=f"o-poster-{round_}", real_name="张阿姨"))
    initial = post(app, "/api/v1/initial-needs", poster, {
        "title": "孩子暑期没人看", "content": "希望有人陪伴", "region_code": "440106001001",
        "contact_name": "张阿姨", "contact_phone": "13700003333"}).json["id"]
    fields = need_fields(region_code="440106001")
    body = {k: v for k, v in fields.items() if k not in ("title", "content", "zone_id")}
    body |= {"starts_at": fields["starts_at"].isoformat(), "ends_at": fields["ends_at"].isoformat()}

    adopted = run_together(2, lambda i: post(app, f"/api/v1/initial-needs/{initial}/adopt", leagues[i], body))

    assert sorted(r.status_code for r in adopted) == [201, 409], [r.json for r in adopted]
    db.session.expire_all()
    assert db.session.get(InitialNeed, initial).status is InitialNeedStatus.ADOPTED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Need)
                             .where(Need.origin_initial_need_id == initial)) == 1
