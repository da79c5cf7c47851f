"""To-dos (待办项) per organisation, and which organisation a staff member acts for."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.core.errors import Forbidden, InvalidInput, NotFound
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs import scoring
from app.needs.models import ClaimStatus, NeedStatus
from app.needs.todos import acting_organisation, todos
from tests.factories import make_account
from tests.needs.factories_scoring import actor, make_claim, make_need, needs_world, platform_admin


@pytest.fixture
def world(app_ctx):
    return needs_world()


def lists_of(org_id, limit=5):
    return {todo.key: todo for todo in todos(db.session.get(Organisation, org_id), limit=limit)}


def test_league_to_dos(world):
    now = utcnow()
    older = make_need(world, created_at=now - timedelta(days=2))
    newer = make_need(world, created_at=now - timedelta(days=1))
    pending_old = make_claim(world, older, created_at=now - timedelta(hours=5))
    pending_new = make_claim(world, older, org=world["provider2"], created_at=now - timedelta(hours=1))
    accepted = make_claim(world, make_need(world), status=ClaimStatus.ACCEPTED)
    scored = make_claim(world, make_need(world), status=ClaimStatus.ACCEPTED)
    with unit_of_work():
        scoring.score_claim(actor(world["league_admin"]), scored, 5)
    make_claim(world, make_need(world), status=ClaimStatus.RETURNED)  # returned: nothing waits on anyone
    make_need(world, status=NeedStatus.WITHDRAWN)
    make_need(world, league=_other_league(world))  # another league's need

    lists = lists_of(world["league"])

    assert [(k, t.label, t.count) for k, t in lists.items()] == [
        ("to_confirm", "待确认", 2), ("to_claim", "待认领", 3), ("to_score", "待评分", 1)]
    assert [i.claim_id for i in lists["to_confirm"].items] == [pending_old, pending_new]  # oldest first
    assert lists["to_confirm"].items[0].org_name == "天河志愿服务队"
    # 待认领: unclaimed needs, pending claims or not (older, newer, and the returned claim's need).
    assert [i.need_id for i in lists["to_claim"].items][:2] == [older, newer]
    assert lists["to_claim"].items[0].claim_id is None
    assert [i.claim_id for i in lists["to_score"].items] == [accepted]


def test_volunteer_org_to_dos(world):
    pending = make_claim(world, make_need(world))
    accepted = make_claim(world, make_need(world), status=ClaimStatus.ACCEPTED)
    league_scored = make_claim(world, make_need(world), status=ClaimStatus.ACCEPTED)
    with unit_of_work():
        scoring.score_claim(actor(world["league_admin"]), league_scored, 5)  # the league's score, not ours
    both = make_claim(world, make_need(world), status=ClaimStatus.ACCEPTED)
    with unit_of_work():
        scoring.score_claim(actor(world["provider_admin"]), both, 5)
    make_claim(world, make_need(world), org=world["provider2"])  # another organisation's claim

    lists = lists_of(world["provider"])

    assert [(k, t.count) for k, t in lists.items()] == [("to_confirm", 1), ("to_score", 2)]
    assert [i.claim_id for i in lists["to_confirm"].items] == [pending]
    assert {i.claim_id for i in lists["to_score"].items} == {accepted, league_scored}
    assert lists["to_score"].items[0].org_name == "天河团区委"


def test_items_are_capped_but_counts_are_not(world):
    for _ in range(7):
        make_need(world)

    lists = lists_of(world["league"], limit=3)

    assert lists["to_claim"].count == 7 and len(lists["to_claim"].items) == 3
    assert lists_of(world["league"], limit=0)["to_claim"].items == []


def test_to_dos_cost_a_constant_number_of_queries(world):
    for _ in range(6):
        make_claim(world, make_need(world))
        make_claim(world, make_need(world), status=ClaimStatus.ACCEPTED)
    org = db.session.get(Organisation, world["league"])
    statements = []

    def count(*args):
        if args[2].lstrip().upper().startswith("SELECT"):  # SQLite's driver sends its BEGIN through here too
            statements.append(args[2])

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        lists = todos(org, limit=5)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert [len(t.items) for t in lists] == [5, 5, 5]
    assert len(statements) == 4  # the counts, then one query per list


def test_acting_organisation(world):
    assert acting_organisation(actor(world["league_staff"]), "claim.score").id == world["league"]
    assert acting_organisation(actor(world["provider_admin"]), "claim.score", world["provider"]).id == world["provider"]
    with pytest.raises(Forbidden):
        acting_organisation(actor(world["provider_admin"]), "claim.score", world["league"])
    admin = actor(platform_admin())
    with pytest.raises(InvalidInput):
        acting_organisation(admin, "claim.score")
    assert acting_organisation(admin, "claim.score", world["league"]).id == world["league"]
    station = _station()
    with pytest.raises(NotFound) as elsewhere:  # an organisation outside the needs flow has no workspace
        acting_organisation(admin, "claim.score", station)
    assert elsewhere.value.error == "organisation_not_found"


def test_someone_in_two_organisations_names_one(world):
    both = make_account(world["provider"], "two-hats")
    from app.accounts.models import MemberRole, Membership

    with unit_of_work() as session:
        session.add(Membership(user_id=both, organisation_id=world["league"], role=MemberRole.STAFF))
    with pytest.raises(InvalidInput):
        acting_organisation(actor(both), "claim.score")
    assert acting_organisation(actor(both), "claim.score", world["league"]).id == world["league"]


def _other_league(world):
    from app.accounts.models import OrgKind
    from tests.factories import make_org

    return make_org(OrgKind.LEAGUE, "440104", "越秀团区委")


def _station():
    from app.accounts.models import OrgKind
    from tests.factories import make_org

    return make_org(OrgKind.STATION, "440106001", "五山街道社工站")
