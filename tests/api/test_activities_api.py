"""Activities over HTTP: browse and detail (public), publish and cancel, sign up and cancel, the publisher's
sign-up list, 我的活动, and publishing for an accepted claim — status codes, the error envelope, the Chinese
messages, and constant query counts."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from app.accounts.models import MemberRole
from app.activities.models import ActivityStatus
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs.models import ClaimStatus, NeedActivity, NeedStatus
from app.notify.models import InboxItem, NotificationEvent
from app.uploads.services import store_upload
from tests.activities.factories_activities import (
    activity_row,
    activity_world,
    make_activity,
    make_claim,
    make_volunteer,
    sign,
)
from tests.factories import auth, forget_cached_answers, make_account, token_for
from tests.uploads.links import content_path

ENVELOPE = {"code", "status", "error", "message", "errors"}


@pytest.fixture
def world(app_ctx):
    world = activity_world()
    for role in ("community_admin", "community_staff", "other_community_admin", "provider_admin",
                 "other_provider_admin"):
        world[f"{role}_h"] = auth(token_for(world[role]))
    return world


def volunteer(name="王小明", phone="13812345678"):
    user_id = make_volunteer(name, phone=phone)
    return user_id, auth(token_for(user_id))


def form(**changes):
    starts = utcnow().replace(microsecond=0) + timedelta(days=3)
    body = {"title": "社区环境整治", "category_code": "01", "type_code": "01", "place": "华农社区广场",
            "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=3)).isoformat(),
            "headcount": 5, "content": "清理社区公共区域的垃圾"}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def count_queries(client, url, headers=None):
    statements = []
    forget_cached_answers()

    def count(_conn, _cursor, statement, *_args):
        if statement != "BEGIN":
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url, headers=headers or {})
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.json
    return len(statements), response.json


def assert_error(response, status, error, message=None):
    assert response.status_code == status, response.json
    assert set(response.json) == ENVELOPE and response.json["error"] == error
    if message is not None:
        assert response.json["message"] == message


# -- browsing -----------------------------------------------------------------------------------------
def test_anyone_browses_newest_first_with_filters(client, world):
    first = make_activity(world, category_code="01", title="植树")
    second = make_activity(world, category_code="02", region_code="440104001001", publisher="other_community")
    response = client.get("/api/v1/activities")
    assert response.status_code == 200
    assert [i["id"] for i in response.json["items"]] == [second, first]
    item = response.json["items"][1]
    assert item["title"] == "植树" and item["status"] == "recruiting" and item["status_label"] == "进行中"
    assert item["places_left"] == 5 and item["category"] == {"code": "01", "name": "社区服务"}
    assert item["region"] == {"code": "440106001001", "name": "华农社区"} and item["cover_url"] is None
    assert [i["id"] for i in client.get("/api/v1/activities?category=02").json["items"]] == [second]
    assert [i["id"] for i in client.get("/api/v1/activities?region=440106").json["items"]] == [first]
    assert client.get("/api/v1/activities?status=ended").json["items"] == []
    page = client.get("/api/v1/activities?limit=1").json
    assert page["next_before_id"] == second
    assert [i["id"] for i in client.get(f"/api/v1/activities?limit=1&before_id={second}").json["items"]] == [first]


@pytest.mark.parametrize("query,field", [("limit=0", "limit"), ("limit=51", "limit"), ("status=open", "status"),
                                         ("region=abc", "region"), ("before_id=0", "before_id"),
                                         ("region=999999", "region"), ("category=zz", "category"),
                                         ("type=zz", "type")])
def test_bad_browse_arguments_answer_422(client, world, query, field):
    response = client.get(f"/api/v1/activities?{query}")
    assert_error(response, 422, "validation_error")
    assert field in response.json["errors"]


def test_a_known_category_with_no_activity_answers_an_empty_page(client, world):
    make_activity(world, category_code="01")
    response = client.get("/api/v1/activities?category=02")
    assert response.status_code == 200 and response.json["items"] == []


def test_type_and_category_are_two_fields_each_filtering_the_list(client, world):
    published = client.post("/api/v1/activities", headers=world["community_admin_h"],
                            json=form(category_code="02", type_code="02"))
    assert published.status_code == 201, published.json
    assert published.json["category"] == {"code": "02", "name": "助老助残"}
    assert published.json["type"] == {"code": "02", "name": "专项活动"}
    assert published.json["status_label"] == "进行中"
    everyday = make_activity(world, category_code="02", type_code="01")
    by_type = client.get("/api/v1/activities?type=02").json["items"]
    assert [i["id"] for i in by_type] == [published.json["id"]]
    both = client.get("/api/v1/activities?type=01&category=02").json["items"]
    assert [i["id"] for i in both] == [everyday]
    missing = client.post("/api/v1/activities", headers=world["community_admin_h"], json=form(type_code="99"))
    assert_error(missing, 422, "validation_error")
    assert missing.json["errors"] == {"type_code": ["请从列表中选择活动类型"]}
    absent = client.post("/api/v1/activities", headers=world["community_admin_h"], json=form(type_code=None))
    assert absent.status_code == 422 and "type_code" in absent.json["errors"]


def test_the_home_lists_the_newest_activities_of_each_category(client, world):
    old, newer, newest = (make_activity(world, category_code="01") for _ in range(3))
    other = make_activity(world, category_code="03", type_code="02")
    cancelled = make_activity(world, category_code="03", status=ActivityStatus.CANCELLED, status_reason="下雨")
    response = client.get("/api/v1/activities/newest-by-category?per_category=2")
    assert response.status_code == 200, response.json
    groups = {g["category"]["code"]: [i["id"] for i in g["items"]] for g in response.json}
    # Every active category, in the catalogue's order, each with its newest (cancelled left out).
    assert [g["category"]["name"] for g in response.json][:3] == ["社区服务", "助老助残", "环境保护"]
    assert groups["01"] == [newest, newer] and groups["02"] == [] and groups["03"] == [other]
    assert old not in groups["01"] and cancelled not in groups["03"]
    cancelled_only = client.get("/api/v1/activities/newest-by-category?status=cancelled").json
    assert {g["category"]["code"]: [i["id"] for i in g["items"]] for g in cancelled_only}["03"] == [cancelled]
    by_type = client.get("/api/v1/activities/newest-by-category?type=02").json
    assert [i["id"] for g in by_type for i in g["items"]] == [other]
    for query, field in (("per_category=0", "per_category"), ("per_category=21", "per_category"),
                         ("type=zz", "type"), ("region=999999", "region")):
        bad = client.get(f"/api/v1/activities/newest-by-category?{query}")
        assert_error(bad, 422, "validation_error")
        assert field in bad.json["errors"]


def test_the_home_list_is_one_query_for_the_activities_however_many_categories(client, world):
    for code in ("01", "02", "03"):
        make_activity(world, category_code=code)
    few, _ = count_queries(client, "/api/v1/activities/newest-by-category?per_category=1")
    for code in ("04", "05", "06", "01", "02"):
        make_activity(world, category_code=code)
    many, body = count_queries(client, "/api/v1/activities/newest-by-category?per_category=5")
    assert many == few and sum(len(g["items"]) for g in body) == 8


def test_the_lists_cost_the_same_queries_whatever_the_page_size(client, world):
    for _ in range(2):
        make_activity(world)
    few, _ = count_queries(client, "/api/v1/activities")
    for _ in range(18):
        make_activity(world)
    many, page = count_queries(client, "/api/v1/activities?limit=50")
    assert len(page["items"]) == 20 and many == few

    user_id, headers = volunteer()
    sign(user_id, make_activity(world, starts_in=timedelta(days=2)))
    mine_few, page = count_queries(client, "/api/v1/me/activities", headers)
    assert len(page["items"]) == 1
    for day in range(12):
        sign(user_id, make_activity(world, starts_in=timedelta(days=4 + day)))
    mine_many, page = count_queries(client, "/api/v1/me/activities?limit=50", headers)
    assert len(page["items"]) == 13 and mine_many == mine_few


def test_detail_shows_places_left_and_my_signup(client, world):
    activity_id = make_activity(world, headcount=3)
    user_id, headers = volunteer()
    signup_id = sign(user_id, activity_id)
    anonymous = client.get(f"/api/v1/activities/{activity_id}")
    assert anonymous.status_code == 200
    assert anonymous.json["places_left"] == 2 and anonymous.json["my_signup_id"] is None
    assert anonymous.json["content"] == "清理社区公共区域"
    mine = client.get(f"/api/v1/activities/{activity_id}", headers=headers).json
    assert mine["my_signup_id"] == signup_id
    assert_error(client.get("/api/v1/activities/999999"), 404, "activity_not_found", "活动不存在或已被删除")


# -- publishing and cancelling --------------------------------------------------------------------------
def test_a_community_admin_publishes_with_a_cover(client, world):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    with unit_of_work():
        cover = store_upload(world["community_admin"], buffer.getvalue()).id
    response = client.post("/api/v1/activities", json=form(cover_upload_id=cover, latitude=23.1, longitude=113.3),
                           headers=world["community_admin_h"])
    assert response.status_code == 201, response.json
    body = response.json
    assert body["publisher"]["id"] == world["community"] and body["publisher"]["kind"] == "community"
    assert body["cover_upload_id"] == cover and content_path(body["cover_url"]) == f"/api/v1/uploads/{cover}/content"
    assert body["region"]["code"] == "440106001001" and body["signed_up_count"] == 0
    _, headers = volunteer()
    assert client.get(body["cover_url"], headers=headers).status_code == 200


def test_publishing_errors_come_in_the_envelope(client, world):
    response = client.post("/api/v1/activities", json=form(headcount=0, extra="x"), headers=world["community_admin_h"])
    assert_error(response, 422, "validation_error")
    assert set(response.json["errors"]) == {"headcount", "extra"}
    past = utcnow() - timedelta(days=1)
    response = client.post("/api/v1/activities", json=form(starts_at=past.isoformat()),
                           headers=world["community_admin_h"])
    assert_error(response, 422, "validation_error")
    assert response.json["errors"] == {"starts_at": ["开始时间须晚于当前时间"]}
    response = client.post("/api/v1/activities", json=form(region_code="440104001001"),
                           headers=world["community_admin_h"])
    assert response.json["errors"] == {"region_code": ["活动区域须在本社区范围内"]}
    response = client.post("/api/v1/activities", json=form(), headers=world["provider_admin_h"])
    assert_error(response, 403, "community_only")
    _, headers = volunteer()
    assert_error(client.post("/api/v1/activities", json=form(), headers=headers), 403, "forbidden")
    assert_error(client.post("/api/v1/activities", json=form()), 401, "unauthorized")


def test_the_publisher_cancels_and_signups_go_with_it(client, world):
    activity_id = make_activity(world)
    user_id, headers = volunteer()
    sign(user_id, activity_id)
    path = f"/api/v1/activities/{activity_id}/cancel"
    assert_error(client.post(path, json={}, headers=world["community_admin_h"]), 422, "validation_error")
    assert_error(client.post(path, json={"reason": "天气"}, headers=world["other_community_admin_h"]), 404,
                 "activity_not_found")
    response = client.post(path, json={"reason": "天气原因"}, headers=world["community_staff_h"])
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["status_reason"], response.json["places_left"]) == (
        "cancelled", "天气原因", 5)
    assert_error(client.post(path, json={"reason": "再取消"}, headers=world["community_admin_h"]), 409,
                 "invalid_transition")
    ongoing = client.get("/api/v1/me/activities", headers=headers).json
    assert ongoing["items"] == []
    inbox = client.get("/api/v1/inbox", headers=headers).json
    assert [item["title"] for item in inbox] == ["活动已取消"]


# -- signing up ---------------------------------------------------------------------------------------
def test_sign_up_cancel_and_the_refusals(client, world):
    activity_id = make_activity(world, headcount=1)
    user_id, headers = volunteer()
    path = f"/api/v1/activities/{activity_id}/signups"
    response = client.post(path, headers=headers)
    assert response.status_code == 201, response.json
    signup_id = response.json["id"]
    assert response.json["status"] == "signed_up" and response.json["activity_id"] == activity_id
    assert_error(client.post(path, headers=headers), 409, "already_signed_up", "您已报名该活动")
    _, other = volunteer("李小红")
    assert_error(client.post(path, headers=other), 409, "activity_full", "该活动报名人数已满")
    _, nameless = volunteer(None)
    assert_error(client.post(path, headers=nameless), 409, "real_name_required")
    assert_error(client.post("/api/v1/activities/999999/signups", headers=headers), 404, "activity_not_found")
    assert_error(client.post(path), 401, "unauthorized")

    assert_error(client.post(f"/api/v1/activity-signups/{signup_id}/cancel", headers=other), 404, "signup_not_found")
    response = client.post(f"/api/v1/activity-signups/{signup_id}/cancel", headers=headers)
    assert response.status_code == 200 and response.json["status"] == "cancelled"
    assert response.json["cancelled_at"] is not None
    assert_error(client.post(f"/api/v1/activity-signups/{signup_id}/cancel", headers=headers), 409,
                 "invalid_transition")
    assert client.post(path, headers=other).status_code == 201
    assert activity_row(activity_id).signed_up_count == 1


def test_an_overlapping_signup_names_the_other_activity(client, world):
    user_id, headers = volunteer()
    sign(user_id, make_activity(world, title="上午的清洁"))
    clash = make_activity(world, starts_in=timedelta(days=3, hours=1))
    assert_error(client.post(f"/api/v1/activities/{clash}/signups", headers=headers), 409, "time_conflict",
                 "该活动与您已报名的活动「上午的清洁」时间冲突")


def test_the_publisher_lists_signups_with_masked_phones(client, world):
    activity_id = make_activity(world)
    user_id, _ = volunteer("王小明", "13812345678")
    sign(user_id, activity_id)
    response = client.get(f"/api/v1/activities/{activity_id}/signups", headers=world["community_staff_h"])
    assert response.status_code == 200
    assert [(r["name"], r["phone"], r["status"], r["status_label"]) for r in response.json] == [
        ("王小明", "138****5678", "signed_up", "已报名")]
    assert client.get(f"/api/v1/activities/{activity_id}/signups?status=cancelled",
                      headers=world["community_admin_h"]).json == []
    assert_error(client.get(f"/api/v1/activities/{activity_id}/signups", headers=world["other_community_admin_h"]),
                 404, "activity_not_found")


def test_my_activities_tabs(client, world):
    user_id, headers = volunteer()
    ongoing = make_activity(world)
    ended = make_activity(world, starts_in=timedelta(days=5))
    sign(user_id, ongoing)
    sign(user_id, ended)
    with unit_of_work():
        activity_row(ended).status = ActivityStatus.ENDED
    items = client.get("/api/v1/me/activities", headers=headers).json["items"]
    assert [i["activity"]["id"] for i in items] == [ongoing]
    items = client.get("/api/v1/me/activities?tab=ended", headers=headers).json["items"]
    assert [(i["activity"]["id"], i["activity"]["status_label"]) for i in items] == [(ended, "已结束")]
    assert_error(client.get("/api/v1/me/activities?tab=all", headers=headers), 422, "validation_error")


# -- for an accepted claim ----------------------------------------------------------------------------
def test_the_claimer_publishes_for_its_accepted_claim_and_the_need_lists_it(client, world):
    claim_id = make_claim(world)
    path = f"/api/v1/claims/{claim_id}/activities"
    response = client.post(path, json=form(title="【七彩假期】暑期课堂"), headers=world["provider_admin_h"])
    assert response.status_code == 201, response.json
    body = response.json
    assert body["title"] == "【七彩假期】暑期课堂" and body["publisher"]["kind"] == "volunteer_org"
    assert body["region"]["code"] == "440106"
    # The claiming organisation's people hear of it (in Chinese); the other organisation does not.
    provider_staff = make_account(world["provider"], f"pv-staff-{claim_id}", MemberRole.STAFF)
    other = client.post(path, json=form(title="暑期课堂二"), headers=world["provider_admin_h"]).json["id"]
    heard = dict(db.session.execute(sa.select(NotificationEvent.subject_id, NotificationEvent.title).where(
        NotificationEvent.kind == "activity.published_for_claim")).all())
    assert heard == {body["id"]: "组织发布了新的志愿活动", other: "组织发布了新的志愿活动"}
    readers = set(db.session.scalars(sa.select(InboxItem.user_id).join(NotificationEvent).where(
        NotificationEvent.kind == "activity.published_for_claim", NotificationEvent.subject_id == other)))
    assert readers == {world["provider_admin"], provider_staff}
    need_id = db.session.scalar(sa.select(NeedActivity.need_id).where(NeedActivity.activity_id == body["id"]))
    listed = client.get(f"/api/v1/needs/{need_id}/activities")
    assert listed.status_code == 200 and [i["id"] for i in listed.json["items"]] == [other, body["id"]]
    assert_error(client.get("/api/v1/needs/999999/activities"), 404, "need_not_found")

    assert_error(client.post(path, json=form(), headers=world["other_provider_admin_h"]), 404, "claim_not_found")
    assert_error(client.post(path, json=form(), headers=world["community_admin_h"]), 404, "claim_not_found")
    _, headers = volunteer()
    assert_error(client.post(path, json=form(), headers=headers), 403, "forbidden")
    pending = make_claim(world, status=ClaimStatus.PENDING, need_status=NeedStatus.UNCLAIMED)
    assert_error(client.post(f"/api/v1/claims/{pending}/activities", json=form(), headers=world["provider_admin_h"]),
                 409, "claim_not_accepted", "认领成功后才能为需求发布活动")
    response = client.post(path, json=form(organisation_id=1), headers=world["provider_admin_h"])
    assert_error(response, 422, "validation_error")
