"""活动确认与活动反馈 over HTTP, the seed's flow (徐州 guide (三)3): a community publishes an activity,
volunteers sign up, the activity ends, the community admin confirms who served, the volunteer sees the
hours and points; the feedback is shown publicly. Status codes, the error envelope, Chinese messages,
constant query counts."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.activities import sweeps
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from tests.activities.factories_activities import activity_world, make_volunteer
from tests.activities.factories_attendance import move_window, photo, started_activity
from tests.api.test_activities_api import assert_error, count_queries, form
from tests.factories import auth, token_for
from tests.uploads.links import content_path


@pytest.fixture
def world(app_ctx):
    world = activity_world()
    for role in ("community_admin", "community_staff", "other_community_admin", "provider_admin"):
        world[f"{role}_h"] = auth(token_for(world[role]))
    return world


def volunteer(name, phone):
    user_id = make_volunteer(name, phone=phone)
    return user_id, auth(token_for(user_id))


def inbox(client, headers):
    return [(i["kind"], i["body"]) for i in reversed(client.get("/api/v1/inbox", headers=headers).json)]


def test_the_seed_flow_publish_sign_up_end_confirm_and_feedback(client, world):
    # 社区管理员发起志愿者服务
    response = client.post("/api/v1/activities", json=form(title="敬老院送温暖", headcount=5),
                           headers=world["community_admin_h"])
    assert response.status_code == 201, response.json
    activity_id = response.json["id"]
    # 志愿者申请加入服务
    wang, wang_h = volunteer("王小明", "13812345678")
    li, li_h = volunteer("李红", "13987654321")
    for headers in (wang_h, li_h):
        assert client.post(f"/api/v1/activities/{activity_id}/signups", headers=headers).status_code == 201
    # 活动结束
    move_window(activity_id, starts_ago=timedelta(hours=4), length=timedelta(hours=3))
    with unit_of_work():
        sweeps.end_finished_activities(utcnow())
    path = f"/api/v1/activities/{activity_id}/attendance"

    sheet = client.get(path, headers=world["community_admin_h"])
    assert sheet.status_code == 200, sheet.json
    assert (sheet.json["confirmable"], sheet.json["max_hours"]) == (True, 3.0)
    assert [(i["name"], i["phone"], i["state_label"], i["hours"]) for i in sheet.json["items"]] == [
        ("王小明", "138****5678", "未确认", None), ("李红", "139****4321", "未确认", None)]

    # 社区管理员在后台对实际参加活动的志愿者进行确认
    body = {"items": [{"volunteer_id": wang, "attended": True, "hours": 2.5},
                      {"volunteer_id": li, "attended": False}]}
    response = client.put(path, json=body, headers=world["community_admin_h"])
    assert response.status_code == 200, response.json
    assert [(i["name"], i["state"], i["state_label"], i["hours"], i["points"]) for i in response.json["items"]] == [
        ("王小明", "attended", "已到", 2.5, 3), ("李红", "absent", "未到", 0.0, 0)]
    assert (response.json["attended_count"], response.json["total_hours"]) == (1, 2.5)

    # 志愿者在“我的活动”看到时长，在“我的积分”看到积分，并收到通知
    mine = client.get("/api/v1/me/activities?tab=ended", headers=wang_h).json["items"]
    assert [(i["activity"]["id"], i["attendance"]) for i in mine] == [
        (activity_id, {"state": "attended", "state_label": "已到", "hours": 2.5, "points": 3})]
    assert client.get("/api/v1/me/points", headers=wang_h).json == {"balance": 3}
    assert inbox(client, wang_h) == [("attendance.confirmed", "敬老院送温暖：2.5 小时"),
                                     ("points.credited", "敬老院送温暖：+3 积分")]
    assert client.get("/api/v1/me/activities?tab=ended", headers=li_h).json["items"][0]["attendance"][
        "state_label"] == "未到"
    assert inbox(client, li_h) == []

    # 重复提交同一名单：什么都不变
    assert client.put(path, json=body, headers=world["community_staff_h"]).status_code == 200
    assert len(client.get("/api/v1/me/points/entries", headers=wang_h).json) == 1
    assert len(inbox(client, wang_h)) == 2

    # 更正：少记半小时，扣回 1 积分（冲正），志愿者收到更正通知
    body["items"][0]["hours"] = 2
    response = client.put(path, json=body, headers=world["community_admin_h"])
    assert response.status_code == 200 and response.json["items"][0]["revision"] == 2
    assert client.get("/api/v1/me/points", headers=wang_h).json == {"balance": 2}
    assert len(client.get("/api/v1/me/points/entries", headers=wang_h).json) == 2
    assert inbox(client, wang_h)[-1] == ("attendance.corrected", "敬老院送温暖：已更正为 2 小时，扣回 1 积分")

    # 活动反馈：活动情况与现场图片，公开显示
    pictures = [photo(world["community_admin"]), photo(world["community_admin"], "blue")]
    feedback_path = f"/api/v1/activities/{activity_id}/feedback"
    assert_error(client.get(feedback_path), 404, "feedback_not_found", "该活动还没有活动反馈")
    response = client.put(feedback_path, json={"summary": "为 30 位老人送去慰问品", "photo_upload_ids": pictures},
                          headers=world["community_admin_h"])
    assert response.status_code == 200, response.json
    shown = client.get(feedback_path)
    assert shown.status_code == 200
    assert (shown.json["summary"], shown.json["photo_upload_ids"]) == ("为 30 位老人送去慰问品", pictures)
    assert [content_path(u) for u in shown.json["photo_urls"]] == [f"/api/v1/uploads/{p}/content" for p in pictures]
    assert client.get(f"/api/v1/activities/{activity_id}").json["feedback"]["summary"] == "为 30 位老人送去慰问品"
    # The photos are readable by anyone signed in once attached.
    assert client.get(shown.json["photo_urls"][0], headers=li_h).status_code == 200


def test_confirmation_errors_answer_with_the_envelope(client, world):
    activity_id, (wang, li) = started_activity(world)
    path = f"/api/v1/activities/{activity_id}/attendance"

    response = client.put(path, json={"items": [{"volunteer_id": wang, "attended": True, "hours": 0.3},
                                                {"volunteer_id": li, "attended": False}]},
                          headers=world["community_admin_h"])
    assert_error(response, 422, "validation_error", "确认名单有误，请检查后重试")
    assert response.json["errors"] == {"items": {"0": {"hours": ["服务时长应以 0.5 小时为单位"]}}}

    response = client.put(path, json={"items": [{"volunteer_id": wang, "attended": True, "hours": 1}]},
                          headers=world["community_admin_h"])
    assert_error(response, 422, "validation_error", "请为每位报名的志愿者选择已到或未到，尚未选择：李红")

    for bad in ({"items": [{"volunteer_id": wang, "attended": True, "hours": "很多"}]},
                {"items": [{"volunteer_id": wang, "attended": "是"}]},
                {"items": [{"volunteer_id": 0, "attended": False}]},
                {"items": [{"volunteer_id": wang, "attended": False, "note": "x"}]},
                {"items": "all"}, {}):
        assert_error(client.put(path, json=bad, headers=world["community_admin_h"]), 422, "validation_error")

    good = {"items": [{"volunteer_id": wang, "attended": False}, {"volunteer_id": li, "attended": False}]}
    assert_error(client.put(path, json=good, headers=world["other_community_admin_h"]), 404, "activity_not_found")
    assert_error(client.get(path, headers=world["provider_admin_h"]), 404, "activity_not_found")
    _, stranger_h = volunteer("路人", "13700000000")
    assert_error(client.put(path, json=good, headers=stranger_h), 403, "forbidden")
    assert_error(client.put(path, json=good), 401, "unauthorized")
    assert_error(client.put("/api/v1/activities/999999/attendance", json=good, headers=world["community_admin_h"]),
                 404, "activity_not_found")


def test_not_before_the_start(client, world):
    activity_id, (wang,) = started_activity(world, ["王小明"], starts_ago=timedelta(hours=-24))
    body = {"items": [{"volunteer_id": wang, "attended": True, "hours": 1}]}
    assert_error(client.put(f"/api/v1/activities/{activity_id}/attendance", json=body,
                            headers=world["community_admin_h"]), 409, "activity_not_started")
    assert_error(client.put(f"/api/v1/activities/{activity_id}/feedback", json={"summary": "好"},
                            headers=world["community_admin_h"]), 409, "activity_not_started")


def test_feedback_errors(client, world):
    activity_id, _ = started_activity(world, [])
    path = f"/api/v1/activities/{activity_id}/feedback"
    for bad in ({"summary": ""}, {"summary": "长" * 2001}, {"summary": "好", "photo_upload_ids": list(range(1, 11))},
                {"summary": "好", "photo_upload_ids": [999999]}, {"photo_upload_ids": []}, {"summary": "好", "x": 1}):
        assert_error(client.put(path, json=bad, headers=world["community_admin_h"]), 422, "validation_error")
    assert_error(client.put(path, json={"summary": "好"}, headers=world["other_community_admin_h"]), 404,
                 "activity_not_found")
    assert_error(client.get("/api/v1/activities/999999/feedback"), 404, "activity_not_found")


def test_the_sheet_costs_the_same_queries_for_one_volunteer_or_many(client, world):
    few, _ = started_activity(world, ["王小明"])
    many, _ = started_activity(world, [f"志愿者{i}" for i in range(12)])
    headers = world["community_admin_h"]
    one, _ = count_queries(client, f"/api/v1/activities/{few}/attendance", headers)
    twelve, sheet = count_queries(client, f"/api/v1/activities/{many}/attendance", headers)
    assert len(sheet["items"]) == 12 and one == twelve


def test_the_spec_lists_every_attendance_state_the_sheet_can_answer(client):
    """The states are an enum in the OpenAPI document, so the mini-program's fixtures are checked against them."""
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    states = ["unconfirmed", "attended", "absent"]
    assert schemas["AttendanceRow"]["properties"]["state"]["enum"] == states
    assert schemas["MyAttendance"]["properties"]["state"]["enum"] == states
    roster_activity = schemas["_RosterActivity"]["properties"]
    assert roster_activity["attendance"]["enum"] == states
    assert roster_activity["status"]["enum"] == ["recruiting", "ended", "cancelled"]
