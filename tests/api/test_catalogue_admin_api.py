"""The association maintains 服务项目 and 服务类型: add, rename, reorder, retire and restore entries. A
retired entry leaves the pick-list but stays on the orders that use it."""
from __future__ import annotations

import pytest

from app.accounts.models import MemberRole, OrgKind
from app.catalogue.models import CatalogueEntry
from app.extensions import db
from app.timebank.models import WishOrder
from tests.factories import auth, load_regions, make_account, make_admin, make_org, token_for
from tests.timebank.factories_points import make_order, seed_catalogues


@pytest.fixture
def world(app_ctx):
    load_regions()
    seed_catalogues()
    association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    return {"association_admin": token_for(make_account(association, "cat-assoc")),
            "association_staff": token_for(make_account(association, "cat-assoc-staff", MemberRole.STAFF)),
            "station_staff": token_for(make_account(station, "cat-staff", MemberRole.STAFF)),
            "platform_admin": token_for(make_admin()), "station": station}


def _names(client, kind="service_item"):
    return [e["name"] for e in client.get(f"/api/v1/catalogues/{kind}").json]


def test_the_association_adds_an_entry_numbered_and_placed_last(client, world):
    response = client.post("/api/v1/catalogues/service_item", json={"name": "  理发服务 "},
                           headers=auth(world["association_admin"]))
    assert response.status_code == 201, response.json
    assert response.json == {"code": "10", "name": "理发服务", "sort_order": 10, "is_active": True}
    assert _names(client)[-1] == "理发服务"


def test_an_entry_with_its_own_code_and_place(client, world):
    response = client.post("/api/v1/catalogues/service_type", json={"name": "远程视频", "code": "remote",
                                                                     "sort_order": 0},
                           headers=auth(world["association_staff"]))
    assert response.status_code == 201
    assert _names(client, "service_type")[0] == "远程视频"


def test_codes_and_names_are_unique_per_catalogue(client, world):
    headers = auth(world["association_admin"])
    taken = client.post("/api/v1/catalogues/service_item", json={"name": "新项目", "code": "01"}, headers=headers)
    assert taken.status_code == 409 and taken.json["error"] == "catalogue_code_taken"
    assert taken.json["errors"] == {"code": ["该编码已被使用"]}
    same_name = client.post("/api/v1/catalogues/service_item", json={"name": "生活照料"}, headers=headers)
    assert same_name.status_code == 409 and same_name.json["error"] == "catalogue_name_taken"
    # The same code in the other catalogue is fine.
    assert client.post("/api/v1/catalogues/service_type", json={"name": "新类型", "code": "service-01"},
                       headers=headers).status_code == 201


@pytest.mark.parametrize("body,field", [
    ({}, "name"), ({"name": ""}, "name"), ({"name": "   "}, "name"), ({"name": "长" * 51}, "name"),
    ({"name": "好", "code": "有中文"}, "code"), ({"name": "好", "code": "a" * 31}, "code"),
    ({"name": "好", "sort_order": -1}, "sort_order"), ({"name": "好", "sort_order": 10000}, "sort_order"),
    ({"name": "好", "is_active": False}, "is_active"),
])
def test_invalid_entries_are_refused_with_a_field_error(client, world, body, field):
    response = client.post("/api/v1/catalogues/service_item", json=body, headers=auth(world["association_admin"]))
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]


def test_rename_reorder_retire_and_restore(client, world):
    headers = auth(world["association_admin"])
    renamed = client.patch("/api/v1/catalogues/service_item/02", json={"name": "助餐送餐", "sort_order": 99},
                           headers=headers)
    assert renamed.status_code == 200
    assert renamed.json == {"code": "02", "name": "助餐送餐", "sort_order": 99, "is_active": True}
    assert _names(client)[-1] == "助餐送餐"
    clash = client.patch("/api/v1/catalogues/service_item/02", json={"name": "生活照料"}, headers=headers)
    assert clash.status_code == 409
    assert client.patch("/api/v1/catalogues/service_item/02", json={"name": "助餐送餐"},
                        headers=headers).status_code == 200  # its own name is no clash
    assert client.patch("/api/v1/catalogues/service_item/02", json={"is_active": False},
                        headers=headers).json["is_active"] is False
    assert "助餐送餐" not in _names(client)
    everything = client.get("/api/v1/catalogues/service_item/all", headers=headers).json
    assert {"code": "02", "name": "助餐送餐", "sort_order": 99, "is_active": False} in everything
    client.patch("/api/v1/catalogues/service_item/02", json={"is_active": True}, headers=headers)
    assert "助餐送餐" in _names(client)


def test_a_retired_entry_stays_on_the_orders_that_use_it(client, world):
    staff = make_account(world["station"], "cat-publisher", MemberRole.STAFF)
    order = make_order(world["station"], staff)
    entry_id = db.session.get(WishOrder, order).service_item_id
    code = db.session.get(CatalogueEntry, entry_id).code
    response = client.patch(f"/api/v1/catalogues/service_item/{code}", json={"is_active": False},
                            headers=auth(world["association_admin"]))
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(WishOrder, order).service_item_id == entry_id
    assert db.session.get(CatalogueEntry, entry_id).name not in _names(client)


def test_a_code_named_all_is_still_reachable(client, world):
    headers = auth(world["association_admin"])
    assert client.post("/api/v1/catalogues/service_item", json={"name": "全部服务", "code": "all"},
                       headers=headers).status_code == 201
    response = client.patch("/api/v1/catalogues/service_item/all", json={"sort_order": 1}, headers=headers)
    assert response.status_code == 200 and response.json["name"] == "全部服务"


@pytest.mark.parametrize("kind", ["political_status", "beneficiary_category", "living_status",
                                  "self_care_level", "activity_category"])
def test_only_service_items_and_types_are_managed_here(client, world, kind):
    headers = auth(world["association_admin"])
    for response in (client.post(f"/api/v1/catalogues/{kind}", json={"name": "新"}, headers=headers),
                     client.patch(f"/api/v1/catalogues/{kind}/01", json={"name": "新"}, headers=headers),
                     client.get(f"/api/v1/catalogues/{kind}/all", headers=headers)):
        assert response.status_code == 403
        assert (response.json["error"], response.json["message"]) == ("catalogue_not_manageable",
                                                                      "只能维护服务项目和服务类型")


def test_unknown_catalogues_and_entries_are_404(client, world):
    headers = auth(world["association_admin"])
    assert client.post("/api/v1/catalogues/planets", json={"name": "新"}, headers=headers).json["error"] == \
        "catalogue_not_found"
    missing = client.patch("/api/v1/catalogues/service_item/nope", json={"name": "新"}, headers=headers)
    assert missing.status_code == 404 and missing.json["error"] == "catalogue_entry_not_found"


def test_stations_cannot_manage_catalogues(client, world):
    response = client.post("/api/v1/catalogues/service_item", json={"name": "新"},
                           headers=auth(world["station_staff"]))
    assert response.status_code == 403
    assert client.post("/api/v1/catalogues/service_item", json={"name": "平台新增"},
                       headers=auth(world["platform_admin"])).status_code == 201
