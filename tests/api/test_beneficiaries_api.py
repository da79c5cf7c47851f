"""服务对象 over HTTP: entry with every validation error, masking per role, duplicates (also concurrent),
review / disable / enable / delete, the review history, and the list's filters at a constant query cost."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from app.catalogue.services import seed_defaults
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.factories import auth, forget_cached_answers, load_regions, make_account, make_admin, make_org, token_for
from tests.timebank.factories_beneficiaries import birth_for_age, form, id_card_number, make_beneficiary, proof_upload
from tests.uploads.links import content_path

URL = "/api/v1/beneficiaries"
ENVELOPE = {"code", "status", "error", "message", "errors"}


@pytest.fixture
def world(app_ctx):
    load_regions()
    with unit_of_work():
        seed_defaults()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    other = make_org(OrgKind.STATION, "440104001", "北京街道社工站")
    association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
    ids = {"station": station, "other": other, "staff": make_account(station, "bf-staff-1", MemberRole.STAFF),
           "station_admin": make_account(station, "st-admin"), "other_admin": make_account(other, "other-admin"),
           "association_admin": make_account(association, "as-admin"), "platform_admin": make_admin()}
    tokens = {name: auth(token_for(user_id)) for name, user_id in ids.items() if name not in ("station", "other")}
    return ids, tokens


def _body(user_id: int, **overrides) -> dict:
    values = form([proof_upload(user_id)], **overrides)
    return {k: v for k, v in values.items() if v is not None}


def _create(client, world, **overrides):
    ids, tokens = world
    return client.post(URL, json=_body(ids["staff"], **overrides), headers=tokens["staff"])


def test_create_answers_the_full_record_in_clear_for_the_station(client, world):
    number = id_card_number(birth_for_age(82), male=False)
    response = _create(client, world, name="李秀英", id_card_number=number, gender="female", age=82,
                       remarks="独居，行动不便")
    assert response.status_code == 201, response.json
    body = response.json
    assert body["id_card_number"] == number and body["phone"] == "13812345678" and body["pii_visible"] is True
    assert body["status"] == "pending" and body["status_label"] == "待审核"
    assert body["household_district"]["name"] == "天河区" and body["household_street"]["name"] == "五山街道"
    assert body["community"]["name"] == "华农社区" and body["station"]["name"] == "五山街道社工站"
    assert body["category"] == {"code": "01", "name": "长者"} and body["self_care_level"]["name"] == "无需依赖"
    assert body["remarks"] == "独居，行动不便" and body["filler_name"] == "王社工"
    assert len(body["proof_images"]) == 1 and content_path(body["proof_images"][0]["url"]).endswith("/content")
    assert set(body["actions"]) == {"approve", "reject", "edit", "delete"}


INVALID = [
    ({"name": "张"}, "name", "姓名长度"),
    ({"name": None}, "name", "该字段为必填项"),
    ({"phone": "12345"}, "phone", "手机号码"),
    ({"id_card_number": "110105194912310021"}, "id_card_number", "校验位"),
    ({"id_card_number": "1101051949123100"}, "id_card_number", "18 位"),
    ({"id_card_number": "110105194913310021"}, "id_card_number", "出生日期"),
    ({"gender": "female"}, "gender", "身份证号码显示为男"),
    ({"gender": "other"}, "gender", "取值应为以下之一"),
    ({"age": 151}, "age", "150"),
    ({"age": -1}, "age", "0"),
    ({"age": 65}, "age", "应为 70 岁"),
    ({"age": "七十"}, "age", "应为整数"),
    ({"category_code": "99"}, "category_code", "请从列表中选择"),
    ({"political_status_code": None}, "political_status_code", "该字段为必填项"),
    ({"self_care_level_code": "99"}, "self_care_level_code", "请从列表中选择"),
    ({"living_status_code": "99"}, "living_status_code", "请从列表中选择"),
    ({"household_street_code": "440106001001"}, "household_street_code", "街道级"),
    ({"household_street_code": "999999999"}, "household_street_code", "街道级"),
    ({"community_code": "440104001001"}, "community_code", "本社工站所在街道"),
    ({"community_code": "440106001"}, "community_code", "社区级"),
    ({"household_address": "  "}, "household_address", "请填写户籍地址"),
    ({"residential_address": "路" * 201}, "residential_address", "200"),
    ({"remarks": "备" * 501}, "remarks", "500"),
    ({"proof_upload_ids": []}, "proof_upload_ids", "至少 1 张"),
    ({"proof_upload_ids": list(range(1, 11))}, "proof_upload_ids", "9"),
    ({"proof_upload_ids": [999999]}, "proof_upload_ids", "图片不存在"),
    ({"filler_name": None}, "filler_name", "该字段为必填项"),
    ({"filler_phone": "abc"}, "filler_phone", "手机号码"),
    ({"unexpected": 1}, "unexpected", "不允许的字段"),
]


@pytest.mark.parametrize("overrides,field,fragment", INVALID, ids=[f"{f}-{i}" for i, (_, f, _) in enumerate(INVALID)])
def test_each_invalid_field_is_refused_with_a_chinese_message(client, world, overrides, field, fragment):
    ids, tokens = world
    body = _body(ids["staff"])
    for key, value in overrides.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    response = client.post(URL, json=body, headers=tokens["staff"])
    assert response.status_code == 422, response.json
    assert set(response.json) == ENVELOPE
    assert fragment in str(response.json["errors"][field]), response.json


def test_duplicate_id_number_is_refused(client, world):
    number = id_card_number(birth_for_age(70))
    assert _create(client, world, id_card_number=number).status_code == 201
    again = _create(client, world, id_card_number=number, name="另一人")
    assert again.status_code == 409
    assert (again.json["error"], again.json["message"]) == ("beneficiary_exists", "该身份证号码已录入")


@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_only")
@pytest.mark.parametrize("round_", range(2))
def test_concurrent_entries_of_one_person_create_one_record(app, world, round_):
    ids, tokens = world
    number = id_card_number(birth_for_age(75), serial=300 + round_)
    bodies = [_body(ids["staff"], id_card_number=number, age=75) for _ in range(8)]

    def enter(index):
        with app.test_client() as client:
            return client.post(URL, json=bodies[index], headers=tokens["staff"])

    responses = run_together(8, enter)
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7, [r.json for r in responses]
    from app.timebank.models import Beneficiary

    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Beneficiary)) == 1


def test_masking_and_visibility_per_role(client, world):
    ids, tokens = world
    created = _create(client, world).json
    path = f"{URL}/{created['id']}"
    colleague = client.get(path, headers=tokens["station_admin"]).json
    assert colleague["id_card_number"] == created["id_card_number"] and colleague["pii_visible"] is True
    admin = client.get(path, headers=tokens["platform_admin"]).json
    assert admin["pii_visible"] is False
    assert admin["id_card_number"] == created["id_card_number"][:3] + "*" * 11 + created["id_card_number"][-4:]
    assert admin["phone"] == "138****5678" and admin["filler_phone"] == "139****1111"
    listed = client.get(URL, headers=tokens["platform_admin"]).json["items"][0]
    assert listed["id_card_number"] == admin["id_card_number"]
    other = client.get(path, headers=tokens["other_admin"])
    missing = client.get(f"{URL}/999999", headers=tokens["other_admin"])
    assert other.status_code == missing.status_code == 404 and other.json == missing.json
    assert client.get(path, headers=tokens["association_admin"]).status_code == 403
    assert client.get(URL, headers=tokens["other_admin"]).json["total"] == 0


def test_proof_images_are_readable_by_the_station_only(client, world):
    ids, tokens = world
    upload_id = _create(client, world).json["proof_images"][0]["id"]
    for role, status in (("station_admin", 200), ("platform_admin", 200), ("other_admin", 404),
                         ("association_admin", 404)):
        response = client.get(f"/api/v1/uploads/{upload_id}/content", headers=tokens[role])
        assert response.status_code == status, role


def test_review_disable_enable_and_history(client, world):
    ids, tokens = world
    beneficiary_id = _create(client, world).json["id"]
    path = f"{URL}/{beneficiary_id}"
    reviewer = tokens["station_admin"]
    no_reason = client.post(f"{path}/reject", json={}, headers=reviewer)
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    rejected = client.post(f"{path}/reject", json={"reason": "身份证照片不清晰"}, headers=reviewer).json
    assert rejected["status"] == "rejected" and rejected["status_reason"] == "身份证照片不清晰"
    assert set(rejected["actions"]) == {"resubmit", "edit", "delete"}
    assert client.post(f"{path}/approve", headers=reviewer).status_code == 409
    twice = client.post(f"{path}/reject", json={"reason": "再次"}, headers=reviewer)
    assert twice.status_code == 409 and twice.json["error"] == "invalid_transition"
    edited = client.patch(path, json={"proof_upload_ids": [proof_upload(ids["staff"])]}, headers=tokens["staff"])
    assert edited.status_code == 200 and len(edited.json["proof_images"]) == 1
    assert client.post(f"{path}/resubmit", headers=tokens["staff"]).json["status"] == "pending"
    approved = client.post(f"{path}/approve", headers=reviewer).json
    assert approved["status"] == "active" and approved["status_reason"] is None
    patch = client.patch(path, json={"remarks": "改"}, headers=tokens["staff"])
    assert patch.status_code == 409 and patch.json["error"] == "beneficiary_not_editable"
    assert client.post(f"{path}/disable", headers=reviewer).json["status_label"] == "已禁用"
    assert client.post(f"{path}/disable", headers=reviewer).status_code == 409
    assert client.post(f"{path}/enable", headers=reviewer).json["status"] == "active"
    history = client.get(f"{path}/events", headers=tokens["staff"]).json
    assert [(e["action"], e["action_label"]) for e in history] == [
        ("submit", "提交"), ("reject", "审核不通过"), ("edit", "修改"), ("resubmit", "重新提交"),
        ("approve", "审核通过"), ("disable", "禁用"), ("enable", "启用")]
    assert history[1]["reason"] == "身份证照片不清晰" and history[1]["actor_name"] == "st-admin"


def test_edit_validates_what_it_changes(client, world):
    ids, tokens = world
    created = _create(client, world, remarks="原备注").json
    path = f"{URL}/{created['id']}"
    assert client.patch(path, json={"phone": "1"}, headers=tokens["staff"]).json["errors"] == {
        "phone": ["请输入正确的手机号码（11 位）或固定电话（如 020-12345678）"]}
    assert client.patch(path, json={"name": None}, headers=tokens["staff"]).status_code == 422
    changed = client.patch(path, json={"name": "张三丰", "self_care_level_code": None, "remarks": None},
                           headers=tokens["staff"]).json
    assert changed["name"] == "张三丰" and changed["self_care_level"] is None and changed["remarks"] is None
    assert changed["id_card_number"] == created["id_card_number"]


def test_delete(client, world):
    ids, tokens = world
    beneficiary_id = _create(client, world).json["id"]
    assert client.delete(f"{URL}/{beneficiary_id}", headers=tokens["other_admin"]).status_code == 404
    assert client.delete(f"{URL}/{beneficiary_id}", headers=tokens["staff"]).status_code == 204
    assert client.get(f"{URL}/{beneficiary_id}", headers=tokens["staff"]).status_code == 404
    assert client.delete(f"{URL}/{beneficiary_id}", headers=tokens["staff"]).status_code == 404
    assert client.get(URL, headers=tokens["staff"]).json["total"] == 0


def test_list_filters_and_tabs(client, world):
    ids, tokens = world
    station = ids["station"]
    make_beneficiary(station, name="张三", status="active")
    make_beneficiary(station, name="张小红", male=False, status="pending")
    make_beneficiary(station, name="李四", status="disabled")
    make_beneficiary(station, name="王五", status="rejected")
    make_beneficiary(station, "440106001002", name="赵%六", status="active")
    make_beneficiary(ids["other"], "440104001001", name="张北京", status="active")

    def names(**query):
        body = client.get(URL, query_string=query, headers=tokens["staff"]).json
        return sorted(item["name"] for item in body["items"]), body["total"]

    assert names() == (["张三", "张小红", "李四", "王五", "赵%六"], 5)
    assert names(name="张") == (["张三", "张小红"], 2)
    assert names(name="%") == (["赵%六"], 1)
    assert names(gender="female") == (["张小红"], 1)
    assert names(status="active") == (["张三", "赵%六"], 2)
    assert names(status="pending") == (["张小红"], 1)
    assert names(status="disabled") == (["李四"], 1)
    assert names(status="rejected") == (["王五"], 1)
    assert names(status="active", name="张") == (["张三"], 1)
    page = client.get(URL, query_string={"page": 2, "page_size": 2}, headers=tokens["staff"]).json
    assert (len(page["items"]), page["total"], page["page"], page["page_size"]) == (2, 5, 2, 2)
    first = client.get(URL, headers=tokens["staff"]).json["items"][0]
    assert first["name"] == "赵%六"  # the latest change comes first
    assert set(first) >= {"name", "gender", "age", "id_card_number", "household_street", "category",
                          "living_status", "political_status", "self_care_level", "status", "updated_at"}
    everyone = client.get(URL, headers=tokens["platform_admin"]).json
    assert everyone["total"] == 6
    bad = client.get(URL, query_string={"status": "deleted", "page_size": 1000}, headers=tokens["staff"])
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"status", "page_size"}


@contextmanager
def _queries():
    seen: list[str] = []
    forget_cached_answers()  # the uncached path, the same for every call

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def test_list_costs_the_same_queries_whatever_the_page_size(client, world):
    ids, tokens = world
    for index in range(2):
        make_beneficiary(ids["station"], name=f"老人甲{'一二'[index]}", status="active")
    with _queries() as small:
        assert len(client.get(URL, headers=tokens["staff"]).json["items"]) == 2
    for index in range(6):
        make_beneficiary(ids["station"], "440106001002", name=f"老人乙{'一二三四五六'[index]}",
                         self_care_level_code=None if index % 2 else "02", status="disabled")
    with _queries() as large:
        assert len(client.get(URL, headers=tokens["staff"]).json["items"]) == 8
    assert len(large) == len(small)
