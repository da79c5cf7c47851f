"""组织的我的 over HTTP: to-dos and the organisation's points, for the caller's own organisation."""
from __future__ import annotations

import pytest

from app.needs.models import ClaimStatus
from tests.factories import auth, token_for
from tests.needs.factories_scoring import make_claim, make_need, needs_world, platform_admin


@pytest.fixture
def world(app_ctx):
    world = needs_world()
    world["pending"] = make_claim(world, make_need(world, title="【七彩假期】陪伴阅读"))
    world["accepted"] = make_claim(world, make_need(world), status=ClaimStatus.ACCEPTED)
    return world


def get(client, user_id, path):
    return client.get(path, headers=auth(token_for(user_id)))


def test_league_and_volunteer_org_to_dos(client, world):
    league = get(client, world["league_staff"], "/api/v1/org-workspace/todos").json
    claimer = get(client, world["provider_admin"], "/api/v1/org-workspace/todos?limit=1").json

    assert (league["organisation_id"], league["organisation_kind"]) == (world["league"], "league")
    assert [(t["key"], t["label"], t["count"]) for t in league["lists"]] == [
        ("to_confirm", "待确认", 1), ("to_claim", "待认领", 1), ("to_score", "待评分", 1)]
    first = league["lists"][0]["items"][0]
    assert (first["claim_id"], first["need_title"], first["org_name"]) == (
        world["pending"], "【七彩假期】陪伴阅读", "天河志愿服务队")
    assert [(t["key"], t["count"], len(t["items"])) for t in claimer["lists"]] == [("to_confirm", 1, 1),
                                                                                  ("to_score", 1, 1)]


def test_to_dos_empty_after_scoring(client, world):
    client.post(f"/api/v1/claims/{world['accepted']}/score", json={"stars": 5},
                headers=auth(token_for(world["provider_admin"])))

    claimer = get(client, world["provider_admin"], "/api/v1/org-workspace/todos").json

    assert [(t["key"], t["count"], t["items"]) for t in claimer["lists"]][1] == ("to_score", 0, [])


def test_another_organisation_is_refused_and_the_platform_admin_names_one(client, world):
    hidden = get(client, world["provider_admin"], f"/api/v1/org-workspace/todos?organisation_id={world['league']}")
    admin = platform_admin()
    unnamed = get(client, admin, "/api/v1/org-workspace/todos")
    named = get(client, admin, f"/api/v1/org-workspace/todos?organisation_id={world['league']}")

    assert (hidden.status_code, hidden.json["error"]) == (403, "forbidden")
    assert (unnamed.status_code, named.status_code) == (422, 200)


def test_points_balance_and_history(client, world):
    client.post(f"/api/v1/claims/{world['accepted']}/score", json={"stars": 3},
                headers=auth(token_for(world["league_admin"])))

    balance = get(client, world["provider_staff"], "/api/v1/org-workspace/points").json
    entries = get(client, world["provider_staff"], "/api/v1/org-workspace/points/entries").json
    league = get(client, world["league_staff"], "/api/v1/org-workspace/points").json

    assert balance == {"organisation_id": world["provider"], "organisation_name": "天河志愿服务队", "balance": 6}
    assert [(e["amount"], e["cause"]) for e in entries] == [(6, "rating")]
    assert entries[0]["memo"].startswith("评分奖励：")
    assert league["balance"] == 0
    older = get(client, world["provider_staff"], f"/api/v1/org-workspace/points/entries?before_id={entries[0]['id']}")
    assert older.json == []


def test_people_outside_needs_organisations_are_refused(client, world):
    from tests.factories import make_user

    volunteer = make_user(mp_openid="o-ws")

    assert get(client, volunteer, "/api/v1/org-workspace/todos").status_code == 403
    assert get(client, volunteer, "/api/v1/org-workspace/points").status_code == 403
    assert client.get("/api/v1/org-workspace/points").status_code == 401


def test_a_volunteer_org_is_told_on_entry_which_profile_fields_it_must_complete(client, world):
    """首次进入需完善组织资料: the workspace names the missing fields; claiming is refused until they are
    filled, and the workspace stops asking once the profile (needs module) is complete."""
    league = get(client, world["league_staff"], "/api/v1/org-workspace/todos").json
    assert (league["profile_incomplete"], league["profile_missing"]) == (False, [])  # optional for a league

    first = get(client, world["provider2_admin"], "/api/v1/org-workspace/todos").json
    assert first["profile_incomplete"] is True
    assert first["profile_missing"] == ["registration_no", "contact_name", "contact_phone", "service_areas",
                                        "introduction"]
    headers = auth(token_for(world["provider2_admin"]))
    need = make_need(world, title="【七彩假期】四点半课堂")
    refused = client.post(f"/api/v1/needs/{need}/claims", headers=headers, json={"message": "我们可以"})
    assert refused.status_code == 409 and refused.json["error"] == "profile_incomplete"

    partial = client.put(f"/api/v1/org-profiles/{world['provider2']}", headers=headers,
                         json={"contact_name": "陈队长", "contact_phone": "13900002222"})
    assert partial.status_code == 200, partial.json
    after = get(client, world["provider2_admin"], "/api/v1/org-workspace/todos").json
    assert after["profile_missing"] == ["registration_no", "service_areas", "introduction"]

    full = client.put(f"/api/v1/org-profiles/{world['provider2']}", headers=headers, json={
        "registration_no": "51440106MJ0000002X", "contact_name": "陈队长", "contact_phone": "13900002222",
        "service_areas": ["助学"], "introduction": "五山的青年志愿队"})
    assert full.status_code == 200, full.json
    done = get(client, world["provider2_admin"], "/api/v1/org-workspace/todos").json
    assert (done["profile_incomplete"], done["profile_missing"]) == (False, [])
    claimed = client.post(f"/api/v1/needs/{need}/claims", headers=headers, json={"message": "我们可以"})
    assert claimed.status_code == 201, claimed.json
