"""认领评分 over HTTP: status codes, the error envelope, the side taken from the caller's organisation."""
from __future__ import annotations

import pytest

from tests.factories import auth, token_for
from tests.needs.factories_scoring import accepted_claim, make_claim, make_need, needs_world, platform_admin


@pytest.fixture
def world(app_ctx):
    world = needs_world()
    world["claim"] = accepted_claim(world)
    return world


def post_score(client, user_id, claim_id, body):
    return client.post(f"/api/v1/claims/{claim_id}/score", json=body, headers=auth(token_for(user_id)))


def test_both_sides_score_and_read_the_scores(client, world):
    claim_id = world["claim"]

    league = post_score(client, world["league_staff"], claim_id, {"stars": 5, "comment": "非常专业"})
    claimer = post_score(client, world["provider_admin"], claim_id, {"stars": 4})

    assert league.status_code == claimer.status_code == 201
    assert {k: league.json[k] for k in ("side", "stars", "comment", "points", "scored_org_name")} == {
        "side": "league", "stars": 5, "comment": "非常专业", "points": 10, "scored_org_name": "天河志愿服务队"}
    assert (claimer.json["side"], claimer.json["points"]) == ("claimer", 8)
    assert claimer.json["scored_org_id"] == world["league"]
    listed = client.get(f"/api/v1/claims/{claim_id}/scores", headers=auth(token_for(world["provider_staff"])))
    assert listed.status_code == 200
    assert [(s["side"], s["stars"]) for s in listed.json] == [("league", 5), ("claimer", 4)]
    assert "points" not in listed.json[0]


def test_a_second_score_is_409_in_chinese(client, world):
    post_score(client, world["league_admin"], world["claim"], {"stars": 5})

    again = post_score(client, world["league_staff"], world["claim"], {"stars": 3})

    assert again.status_code == 409
    assert again.json["error"] == "already_scored" and again.json["message"] == "您已为该认领评过分，不能重复评分"


def test_a_pending_claim_cannot_be_scored(client, world):
    pending = make_claim(world, make_need(world))

    refused = post_score(client, world["league_admin"], pending, {"stars": 5})

    assert (refused.status_code, refused.json["error"]) == (409, "claim_not_accepted")


@pytest.mark.parametrize("body,field", [({"stars": 0}, "stars"), ({"stars": 6}, "stars"), ({}, "stars"),
                                        ({"stars": "5"}, "stars"), ({"stars": 5, "comment": "长" * 501}, "comment"),
                                        ({"stars": 5, "side": "both"}, "side"), ({"stars": 5, "extra": 1}, "extra")])
def test_bad_input_is_422_with_the_field(client, world, body, field):
    response = post_score(client, world["league_admin"], world["claim"], body)

    assert response.status_code == 422 and field in response.json["errors"]


def test_other_organisations_see_a_missing_claim(client, world):
    response = post_score(client, world["provider2_admin"], world["claim"], {"stars": 5})
    missing = post_score(client, world["provider2_admin"], 999999, {"stars": 5})

    assert response.status_code == missing.status_code == 404
    assert response.json == missing.json


def test_a_platform_administrator_must_name_the_side(client, world):
    admin = platform_admin()

    unnamed = post_score(client, admin, world["claim"], {"stars": 5})
    named = post_score(client, admin, world["claim"], {"stars": 5, "side": "league"})

    assert (unnamed.status_code, named.status_code) == (422, 201)
    assert "side" in unnamed.json["errors"]
