"""The showcase over HTTP: the public stars (names masked) and the association's overrides, the public entry
lists and details, and the association's entry management — status codes, the error envelope, the Chinese
messages, photos readable once attached, and constant query counts."""
from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from app.community import quarters, stars
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.uploads.services import store_upload
from tests.community.factories_showcase import attend, credit, make_member, star_world
from tests.factories import auth, forget_cached_answers, make_user, token_for

ENVELOPE = {"code", "status", "error", "message", "errors"}
LAST = quarters.previous(quarters.quarter_of(utcnow()))  # the quarter that ended last
START, END = quarters.bounds(LAST)
BASE = {"kind": "base", "region_code": "440106001001", "name": "华农社区党群服务站", "introduction": "社区志愿服务阵地",
        "address": "五山路 483 号", "contact": "020-85280000"}


@pytest.fixture
def world(app_ctx):
    world = star_world()
    world["manager_h"] = auth(token_for(world["association_admin"]))
    world["reader_h"] = auth(token_for(make_user(mp_openid="o-reader")))
    return world


def assert_error(response, status, error, message=None):
    assert response.status_code == status, response.json
    assert set(response.json) == ENVELOPE and response.json["error"] == error
    if message is not None:
        assert response.json["message"] == message


def count_queries(client, url):
    statements = []
    forget_cached_answers()

    def count(_conn, _cursor, statement, *_args):
        if statement != "BEGIN":
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.json
    return len(statements), response.json


def photo(owner_id: int) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    with unit_of_work():
        return store_upload(owner_id, buffer.getvalue()).id


def stars_of_last_quarter(world) -> tuple[int, int]:
    top, other = make_member(world, "华农", "张三丰"), make_member(world, "茶山", "李四")
    credit(top, 6, at=START + timedelta(days=3))
    credit(other, 2, at=START + timedelta(days=4))
    attend(world, "provider", "440106001002", top, 3, at=START + timedelta(days=5))
    with unit_of_work():
        stars.compute_stars(LAST)
    return top, other


# -- stars ------------------------------------------------------------------------------------------------------

def test_the_public_sees_the_latest_stars_with_masked_names(client, world):
    empty = client.get("/api/v1/showcase/stars")
    assert empty.status_code == 200
    assert empty.json == {"region": {"code": "440100", "name": "广州市", "level": "city"}, "quarter": None,
                          "team": None, "volunteer": None}
    stars_of_last_quarter(world)

    city = client.get("/api/v1/showcase/stars").json
    assert city["quarter"] == LAST
    assert city["volunteer"]["volunteer"] == {"name": "张**", "community": {"id": world["华农"], "name": "华农社区"}}
    assert (city["volunteer"]["hours"], city["volunteer"]["kind_label"], city["volunteer"]["overridden"]) == (
        "6.0", "个人之星", False)
    assert "user_id" not in city["volunteer"]["volunteer"]
    assert city["team"]["team"] == {"id": world["provider"], "name": "天河志愿服务队", "kind": "volunteer_org"}
    street = client.get(f"/api/v1/showcase/stars?region=440106001&quarter={LAST}").json
    assert street["region"]["name"] == "五山街道" and street["volunteer"]["hours"] == "6.0"
    yuexiu = client.get("/api/v1/showcase/stars?region=440104").json
    assert (yuexiu["quarter"], yuexiu["team"], yuexiu["volunteer"]) == (None, None, None)

    assert_error(client.get("/api/v1/showcase/stars?region=999999"), 404, "region_not_found")
    assert_error(client.get("/api/v1/showcase/stars?region=440106001001"), 422, "validation_error")
    assert_error(client.get("/api/v1/showcase/stars?quarter=2025Q5"), 422, "validation_error")


def test_the_association_overrides_a_star_and_clears_it(client, world):
    top, other = stars_of_last_quarter(world)
    url = f"/api/v1/showcase/stars/{LAST}/440106001/volunteer"

    response = client.put(url, json={"user_id": other, "citation": "坚持每周助老"}, headers=world["manager_h"])
    assert response.status_code == 200, response.json
    assert response.json["volunteer"] == {"user_id": other, "name": "李四",
                                          "community": {"id": world["茶山"], "name": "茶山社区"}}
    assert (response.json["citation"], response.json["overridden"]) == ("坚持每周助老", True)
    public = client.get("/api/v1/showcase/stars?region=440106001").json["volunteer"]
    assert (public["volunteer"]["name"], public["citation"], public["overridden"]) == ("李*", "坚持每周助老", True)
    listed = client.get(f"/api/v1/showcase/manage/stars?quarter={LAST}", headers=world["manager_h"]).json
    assert [(s["region"]["code"], s["kind"], s["overridden"]) for s in listed] == [
        ("440100", "team", False), ("440100", "volunteer", False), ("440106", "team", False),
        ("440106", "volunteer", False), ("440106001", "team", False), ("440106001", "volunteer", True)]

    assert client.delete(url, headers=world["manager_h"]).status_code == 204
    restored = client.get("/api/v1/showcase/stars?region=440106001").json["volunteer"]
    assert (restored["volunteer"]["name"], restored["citation"], restored["overridden"]) == ("张**", None, False)
    assert_error(client.delete(url, headers=world["manager_h"]), 404, "star_override_not_found")


def test_an_override_is_refused_with_reasons(client, world):
    top, _ = stars_of_last_quarter(world)
    not_party = make_member(world, "华农", "王五", party=False)
    headers = world["manager_h"]
    response = client.put(f"/api/v1/showcase/stars/{LAST}/440106001/volunteer",
                          json={"user_id": not_party, "citation": "好"}, headers=headers)
    assert_error(response, 422, "validation_error")
    assert response.json["errors"] == {"user_id": ["须为服务社区在本区域内的党员志愿者"]}
    response = client.put(f"/api/v1/showcase/stars/{LAST}/440106001/team",
                          json={"organisation_id": world["league"], "citation": "好"}, headers=headers)
    assert response.json["errors"] == {"organisation_id": ["须为本区域内正常状态的社区或志愿服务组织"]}
    current = quarters.quarter_of(utcnow())
    response = client.put(f"/api/v1/showcase/stars/{current}/440106001/volunteer",
                          json={"user_id": top, "citation": "好"}, headers=headers)
    assert response.json["errors"] == {"quarter": ["该季度尚未结束"]}
    response = client.put("/api/v1/showcase/stars/2025Q9/440106001/volunteer", json={"user_id": top, "citation": "好"},
                          headers=headers)
    assert_error(response, 422, "validation_error")
    assert_error(client.put(f"/api/v1/showcase/stars/{LAST}/440106001001/volunteer",
                            json={"user_id": top, "citation": "好"}, headers=headers), 404, "region_not_found")
    response = client.put(f"/api/v1/showcase/stars/{LAST}/440106001/volunteer", json={"user_id": top},
                          headers=headers)
    assert response.status_code == 422 and response.json["errors"] == {"citation": ["该字段为必填项"]}
    assert client.get("/api/v1/showcase/stars?region=440106001").json["volunteer"]["overridden"] is False


# -- entries ----------------------------------------------------------------------------------------------------

def test_the_association_manages_an_entry_the_public_reads_it(client, world):
    photos = [photo(world["association_admin"]) for _ in range(3)]
    response = client.post("/api/v1/showcase/entries", json=BASE | {"photo_upload_ids": photos, "sort_order": 2},
                           headers=world["manager_h"])
    assert response.status_code == 201, response.json
    entry = response.json
    assert (entry["kind_label"], entry["is_active"], entry["photo_upload_ids"], entry["region"]["name"]) == (
        "服务基地", True, photos, "华农社区")

    listed = client.get("/api/v1/showcase/entries?kind=base&region=440106").json
    assert [i["id"] for i in listed["items"]] == [entry["id"]] and listed["next_cursor"] is None
    assert client.get("/api/v1/showcase/entries?kind=team").json["items"] == []
    detail = client.get(f"/api/v1/showcase/entries/{entry['id']}").json
    assert detail["photo_upload_ids"] == photos and "is_active" not in detail
    assert client.get(f"/api/v1/uploads/{photos[0]}/content", headers=world["reader_h"]).status_code == 200

    changed = client.patch(f"/api/v1/showcase/entries/{entry['id']}", json={"name": "华农社区服务基地",
                                                                           "photo_upload_ids": photos[:1]},
                           headers=world["manager_h"])
    assert changed.status_code == 200 and changed.json["name"] == "华农社区服务基地"
    assert changed.json["photo_upload_ids"] == photos[:1] and changed.json["address"] == "五山路 483 号"

    off = client.post(f"/api/v1/showcase/entries/{entry['id']}/deactivate", headers=world["manager_h"])
    assert off.status_code == 200 and off.json["is_active"] is False
    assert_error(client.get(f"/api/v1/showcase/entries/{entry['id']}"), 404, "showcase_entry_not_found")
    assert client.get("/api/v1/showcase/entries").json["items"] == []
    assert_error(client.get(f"/api/v1/uploads/{photos[0]}/content", headers=world["reader_h"]), 404,
                 "upload_not_found")
    managed = client.get("/api/v1/showcase/manage/entries?active=false", headers=world["manager_h"]).json
    assert [(i["id"], i["is_active"]) for i in managed["items"]] == [(entry["id"], False)]
    on = client.post(f"/api/v1/showcase/entries/{entry['id']}/activate", headers=world["manager_h"])
    assert on.json["is_active"] is True
    assert client.get(f"/api/v1/showcase/entries/{entry['id']}").status_code == 200


def test_entry_forms_are_refused_field_by_field(client, world):
    headers = world["manager_h"]
    response = client.post("/api/v1/showcase/entries", json={
        "kind": "professional", "region_code": "440100", "name": "陈律师", "introduction": "擅长劳动争议",
        "contact": "13812345678"}, headers=headers)
    assert_error(response, 422, "validation_error")
    assert response.json["errors"] == {"profession": ["该字段为必填项"], "affiliation": ["该字段为必填项"],
                                       "contact": ["公开联系方式不能是个人手机号，请填写办公电话、邮箱或地址"]}
    response = client.post("/api/v1/showcase/entries", json=BASE | {"kind": "museum", "extra": 1}, headers=headers)
    assert response.status_code == 422 and set(response.json["errors"]) == {"kind", "extra"}
    response = client.post("/api/v1/showcase/entries", json=BASE | {"photo_upload_ids": list(range(1, 11))},
                           headers=headers)
    assert response.status_code == 422 and "photo_upload_ids" in response.json["errors"]
    assert_error(client.patch("/api/v1/showcase/entries/999999", json={"name": "x"}, headers=headers), 404,
                 "showcase_entry_not_found")
    assert_error(client.get("/api/v1/showcase/entries?cursor=abc"), 422, "validation_error")
    assert client.get("/api/v1/showcase/manage/entries", headers=headers).json["items"] == []


def test_entry_pages_cost_the_same_queries_whatever_their_size(client, world):
    manager = world["association_admin"]
    headers = world["manager_h"]
    for i in range(12):
        body = BASE | {"kind": "team", "name": f"志愿者团队{i}", "organisation_id": world["provider"],
                       "photo_upload_ids": [photo(manager)], "sort_order": i % 3}
        body.pop("address")
        assert client.post("/api/v1/showcase/entries", json=body, headers=headers).status_code == 201
    few, _ = count_queries(client, "/api/v1/showcase/entries?limit=2")
    many, page = count_queries(client, "/api/v1/showcase/entries?limit=12")
    assert few == many and len(page["items"]) == 12
    assert [(i["sort_order"], i["id"]) for i in page["items"]] == sorted((i["sort_order"], i["id"])
                                                                          for i in page["items"])
    assert all(len(i["photo_upload_ids"]) == 1 and i["organisation"]["name"] == "天河志愿服务队" for i in page["items"])
    first = client.get("/api/v1/showcase/entries?limit=5").json
    second = client.get(f"/api/v1/showcase/entries?limit=5&cursor={first['next_cursor']}").json
    assert [i["id"] for i in first["items"] + second["items"]] == [i["id"] for i in page["items"][:10]]
    assert datetime.fromisoformat(page["items"][0]["updated_at"])
