"""首页数据 over HTTP: public, latest by default, a given day, 404 for a day never taken."""
from __future__ import annotations

from datetime import date

import pytest

from app.core.unit_of_work import unit_of_work
from app.needs import snapshots
from app.needs.models import ClaimStatus
from tests.needs.factories_scoring import make_claim, make_need, make_zone, needs_world
from tests.needs.test_snapshots import shanghai

DAY = date(2026, 7, 10)


@pytest.fixture
def world(app_ctx):
    world = needs_world()
    world["zone2"] = make_zone("乡村振兴")
    make_need(world, created_at=shanghai(DAY, 9))
    make_need(world, zone_id=world["zone2"], created_at=shanghai(DAY, 10))
    make_claim(world, make_need(world, created_at=shanghai(DAY, 11)), status=ClaimStatus.ACCEPTED,
               decided_at=shanghai(DAY, 12))
    for day in (date(2026, 7, 9), DAY):
        with unit_of_work():
            snapshots.take_snapshot(day)
    return world


def test_the_latest_figures_are_public(client, world):
    response = client.get("/api/v1/needs-home/figures")

    assert response.status_code == 200
    body = response.json
    assert (body["day"], body["needs_published"], body["needs_claimed"]) == ("2026-07-10", 3, 1)
    assert [(z["zone_name"], z["needs_published"], z["needs_claimed"]) for z in body["zones"]] == [
        ("七彩假期", 2, 1), ("乡村振兴", 1, 0)]


def test_a_past_day(client, world):
    body = client.get("/api/v1/needs-home/figures?day=2026-07-09").json

    assert (body["day"], body["needs_published"], body["needs_claimed"]) == ("2026-07-09", 0, 0)


def test_a_day_never_taken_answers_200_with_null_figures_like_the_stars(client, world):
    response = client.get("/api/v1/needs-home/figures?day=2026-07-01")

    assert response.status_code == 200
    assert response.json == {"day": "2026-07-01", "taken_at": None, "needs_published": None, "needs_claimed": None,
                             "zones": []}
    # The same convention as the showcase: a quarter without any star answers 200 with nulls.
    stars = client.get("/api/v1/showcase/stars?quarter=2020Q1")
    assert stars.status_code == 200, stars.json
    assert stars.json["team"] is None and stars.json["volunteer"] is None


def test_no_snapshot_at_all_answers_200_with_nulls(client, app_ctx):
    response = client.get("/api/v1/needs-home/figures")

    assert response.status_code == 200
    assert response.json == {"day": None, "taken_at": None, "needs_published": None, "needs_claimed": None,
                             "zones": []}


@pytest.mark.parametrize("day", ["2026-13-01", "yesterday", "2026-02-30"])
def test_a_bad_day_is_422(client, world, day):
    response = client.get(f"/api/v1/needs-home/figures?day={day}")

    assert response.status_code == 422 and "day" in response.json["errors"]
