"""Favourites (我的收藏) of needs and organisations."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import OrgKind
from app.core.errors import NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs import favourites
from app.needs.models import Favourite, FavouriteKind, Need, NeedStatus
from tests.factories import make_org, make_user
from tests.needs.factories_scoring import make_need, needs_world

NEED, ORG = FavouriteKind.NEED, FavouriteKind.ORGANISATION


@pytest.fixture
def world(app_ctx):
    world = needs_world()
    world["volunteer"] = make_user(mp_openid="o-fav", real_name="小王")
    return world


def add(user_id, kind, target_id):
    with unit_of_work():
        return favourites.add_favourite(user_id, kind, target_id)


def test_add_list_remove(world):
    need = make_need(world, title="【七彩假期】暑期课堂")
    user = world["volunteer"]

    kept, created = add(user, NEED, need)
    add(user, ORG, world["provider"])
    add(user, ORG, world["league"])

    assert created
    assert (kept.kind, kept.target_id, kept.title, kept.status) == (NEED, need, "【七彩假期】暑期课堂", "unclaimed")
    listed = favourites.list_favourites(user)
    assert [(f.kind, f.title, f.status) for f in listed] == [
        (ORG, "天河团区委", "league"), (ORG, "天河志愿服务队", "volunteer_org"),
        (NEED, "【七彩假期】暑期课堂", "unclaimed")]
    assert [f.target_id for f in favourites.list_favourites(user, NEED)] == [need]
    with unit_of_work():
        favourites.remove_favourite(user, ORG, world["league"])
    assert [f.target_id for f in favourites.list_favourites(user, ORG)] == [world["provider"]]


def test_adding_twice_returns_the_existing_one(world):
    need = make_need(world)
    first, created_first = add(world["volunteer"], NEED, need)
    again, created_again = add(world["volunteer"], NEED, need)

    assert (created_first, created_again) == (True, False)
    assert again.id == first.id
    assert db.session.scalar(sa.select(sa.func.count(Favourite.id))) == 1


def test_favourites_are_per_account(world):
    need = make_need(world)
    other = make_user(mp_openid="o-other")
    add(world["volunteer"], NEED, need)
    add(other, NEED, need)

    assert len(favourites.list_favourites(other)) == 1
    with unit_of_work():
        favourites.remove_favourite(other, NEED, need)
    assert len(favourites.list_favourites(world["volunteer"])) == 1


def test_removing_a_missing_favourite_is_404(world):
    with pytest.raises(NotFound) as missing, unit_of_work():
        favourites.remove_favourite(world["volunteer"], NEED, make_need(world))
    assert missing.value.error == "favourite_not_found"


def test_only_live_needs_and_needs_organisations_can_be_kept(world):
    withdrawn = make_need(world, status=NeedStatus.WITHDRAWN)
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")

    for kind, target, error in ((NEED, withdrawn, "need_not_found"), (NEED, 999999, "need_not_found"),
                                (ORG, station, "organisation_not_found"), (ORG, 999999, "organisation_not_found")):
        with pytest.raises(NotFound) as refused:
            add(world["volunteer"], kind, target)
        assert refused.value.error == error


def test_a_need_withdrawn_after_keeping_stays_listed_with_its_status(world):
    need = make_need(world)
    add(world["volunteer"], NEED, need)
    with unit_of_work() as session:
        session.get(Need, need).status = NeedStatus.WITHDRAWN

    assert [(f.target_id, f.status) for f in favourites.list_favourites(world["volunteer"])] == [(need, "withdrawn")]


def test_pages_newest_first_with_constant_queries(world):
    needs = [make_need(world) for _ in range(5)]
    for need in needs:
        add(world["volunteer"], NEED, need)
    add(world["volunteer"], ORG, world["provider"])
    statements = []

    def count(*args):
        if args[2].lstrip().upper().startswith("SELECT"):  # SQLite's driver sends its BEGIN through here too
            statements.append(args[2])

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = favourites.list_favourites(world["volunteer"], limit=4)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 3  # the favourites, the needs' titles, the organisations' names
    assert [f.target_id for f in page] == [world["provider"], *reversed(needs[2:])]
    rest = favourites.list_favourites(world["volunteer"], before_id=page[-1].id, limit=4)
    assert [f.target_id for f in rest] == list(reversed(needs[:2]))
