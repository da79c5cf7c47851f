"""Joining a community over HTTP, by the seed's roles (徐州 guide (一)3, (二)1): a registered person chooses a
service community and applies; the community's admin sees the application in the queue and approves or
rejects it with a reason; the volunteer is told, becomes a member (and hears of the community's activities);
moving to another community is a second application. Status codes, the error envelope, masking, and a
constant number of queries for the queue."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.catalogue.services import seed_defaults
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db, limiter
from tests.community.factories_community import community_world, form, id_card, make_person
from tests.factories import auth, forget_cached_answers, make_admin, token_for

ENVELOPE = {"code", "status", "error", "message", "errors"}
BASE = "/api/v1/community"


@pytest.fixture
def world(app_ctx):
    world = community_world()
    for role in ("community_admin", "community_staff", "second_admin", "other_admin", "district_admin"):
        world[f"{role}_h"] = auth(token_for(world[role]))
    return world


def person(name=None, phone="13912345678"):
    user_id = make_person(name, phone=phone)
    return user_id, auth(token_for(user_id))


def assert_error(response, status, error, field=None):
    assert response.status_code == status, response.json
    assert set(response.json) == ENVELOPE and response.json["error"] == error, response.json
    if field is not None:
        assert field in response.json["errors"], response.json


def inbox(client, headers) -> list[dict]:
    response = client.get("/api/v1/inbox", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["items"] if isinstance(response.json, dict) else response.json


def test_apply_review_approve_and_the_volunteer_is_a_member(client, world):
    volunteer, headers = person("微信用户")
    # 1. Choose a service community: 五山街道's are listed, the district office is not.
    listed = client.get(f"{BASE}/communities?region=440106001")
    assert listed.status_code == 200 and [c["id"] for c in listed.json["items"]] == [world["community"],
                                                                                      world["second"]]
    assert "Authorization" not in listed.request.headers  # public: no sign-in needed to choose
    # 2. Apply (志愿者申请).
    number = id_card()
    created = client.post(f"{BASE}/applications", headers=headers, json=form(
        world["community"], real_name="王小明", id_card_number=number, work_unit="徐州市税务局"))
    assert created.status_code == 201, created.json
    body = created.json
    assert body["status"] == "pending" and body["status_label"] == "待审核"
    assert body["id_card_number"] == number[:3] + "*" * 11 + number[-4:]
    assert client.get(f"{BASE}/membership", headers=headers).json["pending_application"]["id"] == body["id"]
    # 3. The community admin is told and sees it in the queue (masked).
    assert [i["title"] for i in inbox(client, world["community_admin_h"])] == ["志愿者申请待审核"]
    queue = client.get(f"{BASE}/applications?status=pending", headers=world["community_admin_h"])
    assert queue.status_code == 200, queue.json
    row = queue.json["items"][0]
    assert row["id"] == body["id"] and row["applicant"]["real_name"] == "王小明"
    assert row["applicant"]["phone"] == "139****5678" and row["id_card_number"] == body["id_card_number"]
    assert number not in queue.get_data(as_text=True)
    # 4. Approve (审核通过): the volunteer is told and is a member; the profile shows the community.
    approved = client.post(f"{BASE}/applications/{body['id']}/approve", headers=world["community_admin_h"])
    assert approved.status_code == 200 and approved.json["status_label"] == "审核通过", approved.json
    assert [i["title"] for i in inbox(client, headers)] == ["加入社区申请：审核通过"]
    membership = client.get(f"{BASE}/membership", headers=headers).json
    assert membership["is_volunteer"] and membership["community"]["id"] == world["community"]
    assert membership["work_unit"] == "徐州市税务局" and membership["pending_application"] is None
    me = client.get("/api/v1/me", headers=headers).json
    assert me["service_community"]["code"] == "440106001001" and me["real_name"] == "王小明"
    # Two notions of "community": community_id names the organisation; /me.service_community is its region.
    assert me["service_community"]["code"] == membership["community"]["region"]["code"]
    assert me["service_community"]["level"] == "community"
    assert me["work_unit"] == "徐州市税务局" and me["is_party_member"] is True
    # 5. The community's new activities now reach the volunteer (routed by the service community).
    with unit_of_work():
        seed_defaults()
    starts = utcnow().replace(microsecond=0) + timedelta(days=3)
    published = client.post("/api/v1/activities", headers=world["community_admin_h"], json={
        "title": "社区环境整治", "category_code": "01", "type_code": "01",
        "place": "华农社区广场", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(), "headcount": 5, "content": "清理公共区域"})
    assert published.status_code == 201, published.json
    assert "新的志愿活动" in [i["title"] for i in inbox(client, headers)]
    # 6. Applying again to the same community is refused.
    again = client.post(f"{BASE}/applications", headers=headers, json=form(world["community"]))
    assert_error(again, 409, "already_member")


def test_reject_with_a_reason_and_apply_again(client, world):
    volunteer, headers = person()
    application = client.post(f"{BASE}/applications", headers=headers, json=form(world["community"])).json
    path = f"{BASE}/applications/{application['id']}/reject"
    assert_error(client.post(path, headers=world["community_admin_h"], json={}), 422, "validation_error", "reason")
    assert_error(client.post(path, headers=world["community_admin_h"], json={"reason": "   "}), 422,
                 "validation_error", "reason")
    rejected = client.post(path, headers=world["community_staff_h"], json={"reason": "请填写真实工作单位"})
    assert rejected.status_code == 200 and rejected.json["status_label"] == "审核不通过", rejected.json
    assert rejected.json["status_reason"] == "请填写真实工作单位"
    notice = inbox(client, headers)[0]
    assert notice["title"] == "加入社区申请：审核不通过" and "请填写真实工作单位" in notice["body"]
    assert_error(client.post(f"{BASE}/applications/{application['id']}/approve",
                             headers=world["community_admin_h"]), 409, "invalid_transition")
    mine = client.get(f"{BASE}/applications/mine", headers=headers).json
    assert [(a["status"], a["status_reason"]) for a in mine] == [("rejected", "请填写真实工作单位")]
    assert client.get(f"{BASE}/membership", headers=headers).json["is_volunteer"] is False
    again = client.post(f"{BASE}/applications", headers=headers, json=form(world["community"]))
    assert again.status_code == 201, again.json


def test_moving_to_another_community(client, world):
    volunteer, headers = person()
    first = client.post(f"{BASE}/applications", headers=headers, json=form(world["community"])).json
    client.post(f"{BASE}/applications/{first['id']}/approve", headers=world["community_admin_h"])
    moving = client.post(f"{BASE}/applications", headers=headers, json=form(world["second"], work_unit="新单位"))
    assert moving.status_code == 201, moving.json
    queue = client.get(f"{BASE}/applications", headers=world["second_admin_h"]).json["items"]
    assert queue[0]["current_community"]["id"] == world["community"]
    # The first community's queue does not show the move; its admin cannot decide it.
    assert [a["id"] for a in client.get(f"{BASE}/applications", headers=world["community_admin_h"]).json[
        "items"]] == [first["id"]]
    assert_error(client.post(f"{BASE}/applications/{moving.json['id']}/approve",
                             headers=world["community_admin_h"]), 404, "application_not_found")
    approved = client.post(f"{BASE}/applications/{moving.json['id']}/approve", headers=world["second_admin_h"])
    assert approved.status_code == 200, approved.json
    membership = client.get(f"{BASE}/membership", headers=headers).json
    assert membership["community"]["id"] == world["second"] and membership["work_unit"] == "新单位"
    assert client.get("/api/v1/me", headers=headers).json["service_community"]["code"] == "440106001002"


def test_withdraw(client, world):
    volunteer, headers = person()
    application = client.post(f"{BASE}/applications", headers=headers, json=form(world["community"])).json
    path = f"{BASE}/applications/{application['id']}/withdraw"
    _, stranger = person()
    assert_error(client.post(path, headers=stranger), 404, "application_not_found")
    withdrawn = client.post(path, headers=headers)
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "withdrawn", withdrawn.json
    assert_error(client.post(path, headers=headers), 409, "invalid_transition")
    assert_error(client.post(f"{BASE}/applications/2147483647/withdraw", headers=headers), 404,
                 "application_not_found")


def test_one_pending_application_at_a_time(client, world):
    _, headers = person()
    assert client.post(f"{BASE}/applications", headers=headers, json=form(world["community"])).status_code == 201
    second = client.post(f"{BASE}/applications", headers=headers, json=form(world["second"]))
    assert_error(second, 409, "application_pending")
    assert "待审核" in second.json["message"]


def test_an_id_number_in_use_says_only_that_and_probing_it_is_limited_per_user(client, world, app_ctx):
    taken = [id_card() for _ in range(6)]
    for number in taken:
        _, owner = person()
        assert client.post(f"{BASE}/applications", headers=owner,
                           json=form(world["community"], id_card_number=number)).status_code == 201
    prober, headers = person()
    app_ctx.config["RATELIMIT_ID_CARD_IN_USE"] = "3 per hour"
    try:
        limiter.reset()
        # Mistakes on the form (422) are not counted: an honest applicant is never slowed by them.
        for _ in range(4):
            assert_error(client.post(f"{BASE}/applications", headers=headers,
                                     json=form(world["community"], real_name="")), 422, "validation_error")
        answers = [client.post(f"{BASE}/applications", headers=headers,
                               json=form(world["second"], id_card_number=number)) for number in taken[:4]]
        free = client.post(f"{BASE}/applications", headers=headers, json=form(world["second"]))
        _, other = person()
        others = client.post(f"{BASE}/applications", headers=other,
                             json=form(world["second"], id_card_number=taken[5]))
    finally:
        app_ctx.config["RATELIMIT_ID_CARD_IN_USE"] = "5 per hour"
        limiter.reset()
    for answer in answers[:3]:
        assert_error(answer, 409, "id_card_in_use")
        # Not whether it was applied with or registered, nor where, nor by whom.
        assert answer.json["message"] == "该身份证号码已被使用，如有疑问请联系社区" and answer.json["errors"] == {}
    assert_error(answers[3], 429, "too_many_requests")
    assert_error(free, 429, "too_many_requests")  # the limit is the user's, whatever number comes next
    assert_error(others, 409, "id_card_in_use")  # another user is not held up by the first


@pytest.mark.parametrize("changes,field", [
    ({"community_id": 0}, "community_id"),
    ({"community_id": "abc"}, "community_id"),
    ({"community_id": 2147483648}, "community_id"),
    ({"real_name": ""}, "real_name"),
    ({"real_name": "王" * 31}, "real_name"),
    ({"real_name": "王二2"}, "real_name"),
    ({"id_card_number": "320303198506150010"}, "id_card_number"),
    ({"id_card_number": "3" * 31}, "id_card_number"),
    ({"work_unit": ""}, "work_unit"),
    ({"work_unit": "单" * 101}, "work_unit"),
    ({"work_unit": "单位\u0000"}, "work_unit"),
    ({"is_party_member": "maybe"}, "is_party_member"),
    ({"is_platform_admin": True}, "is_platform_admin"),
])
def test_bad_forms_answer_422_naming_the_field(client, world, changes, field):
    _, headers = person()
    response = client.post(f"{BASE}/applications", headers=headers, json=form(world["community"]) | changes)
    assert_error(response, 422, "validation_error", field)


def test_a_district_office_is_no_community_to_join(client, world):
    _, headers = person()
    response = client.post(f"{BASE}/applications", headers=headers, json=form(world["district"]))
    assert_error(response, 422, "validation_error", "community_id")
    for missing in ("community_id", "real_name", "id_card_number", "work_unit", "is_party_member"):
        body = form(world["community"])
        body.pop(missing)
        assert_error(client.post(f"{BASE}/applications", headers=headers, json=body), 422, "validation_error",
                     missing)


def test_the_queue_for_platform_admins_and_other_communities(client, world):
    _, headers = person()
    client.post(f"{BASE}/applications", headers=headers, json=form(world["community"]))
    admin = auth(token_for(make_admin()))
    assert_error(client.get(f"{BASE}/applications", headers=admin), 422, "validation_error", "organisation_id")
    named = client.get(f"{BASE}/applications?organisation_id={world['community']}", headers=admin)
    assert named.status_code == 200 and len(named.json["items"]) == 1
    other = client.get(f"{BASE}/applications?organisation_id={world['community']}", headers=world["other_admin_h"])
    missing = client.get(f"{BASE}/applications?organisation_id=999999", headers=world["other_admin_h"])
    assert_error(other, 404, "community_not_found")
    assert other.json == missing.json
    assert_error(client.get(f"{BASE}/applications", headers=headers), 403, "forbidden")
    assert_error(client.get(f"{BASE}/applications?status=unknown", headers=world["community_admin_h"]), 422,
                 "validation_error", "status")


def test_the_queue_costs_the_same_queries_for_any_page_size(client, world):
    for _ in range(6):
        _, headers = person()
        client.post(f"{BASE}/applications", headers=headers, json=form(world["community"]))
    few = _count(client, f"{BASE}/applications?limit=1", world["community_admin_h"])
    many = _count(client, f"{BASE}/applications?limit=50", world["community_admin_h"])
    assert few == many


def _count(client, url, headers) -> int:
    statements = []
    forget_cached_answers()

    def count(_conn, _cursor, statement, *_args):
        if statement != "BEGIN":
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url, headers=headers)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.json
    return len(statements)


def test_the_api_document_says_which_community_each_field_names(client):
    """community_id is a community organisation's id; /me.service_community is a region (issue 17 item 11)."""
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    organisation_ids = [schemas[name]["properties"]["community_id"]["description"]
                        for name in schemas if "community_id" in schemas[name].get("properties", {})]
    assert organisation_ids and all("社区机构（organisation）id" in text for text in organisation_ids)
    region = schemas["Me"]["properties"]["service_community"]
    assert "区域" in region["description"] and "不是社区机构" in region["description"]
