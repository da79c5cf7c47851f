"""我的收藏 over HTTP: 201 new, 200 already kept, 204 removed, 404 missing; per account."""
from __future__ import annotations

import pytest

from tests.factories import auth, make_user, token_for
from tests.needs.factories_scoring import make_need, needs_world


@pytest.fixture
def world(app_ctx):
    world = needs_world()
    world["need"] = make_need(world, title="【七彩假期】暑期课堂")
    world["volunteer"] = make_user(mp_openid="o-fav-api")
    return world


def test_add_twice_list_and_remove(client, world):
    headers = auth(token_for(world["volunteer"]))
    body = {"kind": "need", "target_id": world["need"]}

    first = client.post("/api/v1/me/favourites", json=body, headers=headers)
    again = client.post("/api/v1/me/favourites", json=body, headers=headers)
    org = client.post("/api/v1/me/favourites", json={"kind": "organisation", "target_id": world["provider"]},
                      headers=headers)

    assert (first.status_code, again.status_code, org.status_code) == (201, 200, 201)
    assert again.json == first.json and first.json["title"] == "【七彩假期】暑期课堂"
    listed = client.get("/api/v1/me/favourites", headers=headers).json
    assert [(i["kind"], i["title"]) for i in listed["items"]] == [("organisation", "天河志愿服务队"),
                                                                 ("need", "【七彩假期】暑期课堂")]
    assert listed["next_before_id"] is None
    page = client.get("/api/v1/me/favourites?limit=1", headers=headers).json
    assert len(page["items"]) == 1 and page["next_before_id"] == page["items"][0]["id"]
    only_needs = client.get("/api/v1/me/favourites?kind=need", headers=headers).json["items"]
    assert [i["target_id"] for i in only_needs] == [world["need"]]

    assert client.delete(f"/api/v1/me/favourites/need/{world['need']}", headers=headers).status_code == 204
    missing = client.delete(f"/api/v1/me/favourites/need/{world['need']}", headers=headers)
    assert (missing.status_code, missing.json["error"]) == (404, "favourite_not_found")


def test_favourites_belong_to_their_account(client, world):
    client.post("/api/v1/me/favourites", json={"kind": "need", "target_id": world["need"]},
                headers=auth(token_for(world["volunteer"])))
    other = auth(token_for(world["league_staff"]))

    assert client.get("/api/v1/me/favourites", headers=other).json["items"] == []
    assert client.delete(f"/api/v1/me/favourites/need/{world['need']}", headers=other).status_code == 404


@pytest.mark.parametrize("body,status", [({"kind": "need", "target_id": 999999}, 404),
                                         ({"kind": "organisation", "target_id": 999999}, 404),
                                         ({"kind": "order", "target_id": 1}, 422),
                                         ({"kind": "need"}, 422), ({"kind": "need", "target_id": 0}, 422)])
def test_refusals(client, world, body, status):
    response = client.post("/api/v1/me/favourites", json=body, headers=auth(token_for(world["volunteer"])))

    assert response.status_code == status
    assert set(response.json) == {"code", "status", "error", "message", "errors"}


def test_anonymous_is_401(client, world):
    assert client.get("/api/v1/me/favourites").status_code == 401


def test_the_need_and_the_organisation_page_say_whether_the_caller_keeps_them(client, world):
    mine, other = auth(token_for(world["volunteer"])), auth(token_for(world["league_staff"]))
    need_url, page_url = f"/api/v1/needs/{world['need']}", f"/api/v1/org-pages/{world['provider']}"
    for kind, target in (("need", world["need"]), ("organisation", world["provider"])):
        client.post("/api/v1/me/favourites", json={"kind": kind, "target_id": target}, headers=mine)

    assert client.get(need_url, headers=mine).json["is_favourite"] is True
    assert client.get(page_url, headers=mine).json["is_favourite"] is True
    for headers in (other, {}):  # another account, and the anonymous public
        assert client.get(need_url, headers=headers).json["is_favourite"] is False
        assert client.get(page_url, headers=headers).json["is_favourite"] is False
    client.delete(f"/api/v1/me/favourites/organisation/{world['provider']}", headers=mine)
    assert client.get(page_url, headers=mine).json["is_favourite"] is False
    assert client.get(need_url, headers=mine).json["is_favourite"] is True
