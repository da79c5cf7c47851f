"""The community audit trail over HTTP (处理记录): every status change of an application, a volunteer report, a
help request and a star override is an event, read per subject by those who may read the subject in full;
staff read names, the subject's own person reads roles for others' steps; a refused change writes nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.community import stars
from app.community.models import CommunityEvent
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.activities.factories_activities import make_volunteer
from tests.community.factories_community import form as application_form
from tests.community.factories_help import help_form, help_world, member, report_form
from tests.community.factories_showcase import attend, credit, make_member, star_world
from tests.factories import auth, token_for

ENVELOPE = {"code", "status", "error", "message", "errors"}


@pytest.fixture
def world(app_ctx):
    world = help_world()
    world["person"] = make_volunteer("王申请")
    world["v1"], world["v2"] = member(world, "李志愿"), member(world, "赵旁观")
    world["public"] = make_volunteer("求助人")
    for role in ("community_admin", "community_staff", "other_community_admin", "person", "v1", "v2", "public"):
        world[f"{role}_h"] = auth(token_for(world[role]))
    return world


def ok(response, status=200):
    assert response.status_code == status, response.json
    return response.json


def refused(response, status, error):
    assert response.status_code == status, response.json
    assert set(response.json) == ENVELOPE and response.json["error"] == error, response.json


def steps(events) -> list[tuple]:
    return [(e["action"], e["from_status"], e["to_status"], e["reason"]) for e in events]


def names(events) -> list[tuple]:
    return [(e["action_label"], e["actor"]["name"], e["actor"]["id"]) for e in events]


def trail_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(CommunityEvent))


# -- applications ------------------------------------------------------------------------------------------------
def test_an_application_trail_from_submission_to_rejection(client, world):
    body = application_form(world["community"], real_name="王申请")
    application = ok(client.post("/api/v1/community/applications", json=body, headers=world["person_h"]), 201)
    url = f"/api/v1/community/applications/{application['id']}"
    before = trail_count()
    refused(client.post(f"{url}/reject", json={"reason": " "}, headers=world["community_admin_h"]), 422,
            "validation_error")
    assert trail_count() == before  # a refused change writes no event
    ok(client.post(f"{url}/reject", json={"reason": "资料不全"}, headers=world["community_staff_h"]))

    staff = ok(client.get(f"{url}/events", headers=world["community_admin_h"]))
    assert steps(staff) == [("submit", None, "pending", None), ("reject", "pending", "rejected", "资料不全")]
    assert [(e["subject_label"], e["to_status_label"]) for e in staff] == [("志愿者申请", "待审核"),
                                                                          ("志愿者申请", "审核不通过")]
    assert names(staff)[0] == ("提交", "王申请", world["person"])
    assert staff[1]["actor"]["id"] == world["community_staff"] and staff[1]["actor"]["name"] not in ("", "社区工作人员")
    mine = ok(client.get(f"{url}/events", headers=world["person_h"]))
    assert names(mine) == [("提交", "王申请", world["person"]), ("审核不通过", "社区工作人员", None)]

    refused(client.get(f"{url}/events", headers=world["other_community_admin_h"]), 404, "application_not_found")
    refused(client.get(f"{url}/events", headers=world["v1_h"]), 404, "application_not_found")
    refused(client.get("/api/v1/community/applications/2147483647/events", headers=world["community_admin_h"]),
            404, "application_not_found")
    assert client.get(f"{url}/events").status_code == 401


def test_approval_and_withdrawal_are_in_the_trail(client, world):
    first = ok(client.post("/api/v1/community/applications", json=application_form(world["community"]),
                           headers=world["person_h"]), 201)["id"]
    ok(client.post(f"/api/v1/community/applications/{first}/withdraw", headers=world["person_h"]))
    second = ok(client.post("/api/v1/community/applications", json=application_form(world["community"]),
                            headers=world["person_h"]), 201)["id"]
    ok(client.post(f"/api/v1/community/applications/{second}/approve", headers=world["community_admin_h"]))

    withdrawn = ok(client.get(f"/api/v1/community/applications/{first}/events", headers=world["person_h"]))
    assert steps(withdrawn) == [("submit", None, "pending", None), ("withdraw", "pending", "withdrawn", None)]
    approved = ok(client.get(f"/api/v1/community/applications/{second}/events", headers=world["community_admin_h"]))
    assert steps(approved) == [("submit", None, "pending", None), ("approve", "pending", "approved", None)]
    assert approved[1]["actor"]["id"] == world["community_admin"]


# -- volunteer reports -------------------------------------------------------------------------------------------
def test_a_report_trail_through_review_publication_and_withdrawal(client, world):
    report = ok(client.post("/api/v1/reports", json=report_form(), headers=world["v1_h"]), 201)["id"]
    url = f"/api/v1/reports/{report}"
    ok(client.post(f"{url}/approve", json={"publish": True}, headers=world["community_admin_h"]))
    refused(client.post(f"{url}/publish", headers=world["community_admin_h"]), 409, "report_already_published")
    ok(client.post(f"{url}/unpublish", headers=world["community_staff_h"]))

    events = ok(client.get(f"{url}/events", headers=world["community_admin_h"]))
    assert steps(events) == [("submit", None, "pending", None), ("approve", "pending", "approved", None),
                             ("publish", "approved", "approved", None), ("unpublish", "approved", "approved", None)]
    assert [e["action_label"] for e in events] == ["提交", "审核通过", "发布", "撤下"]
    assert [e["actor"]["id"] for e in events] == [world["v1"], world["community_admin"], world["community_admin"],
                                                  world["community_staff"]]
    author = ok(client.get(f"{url}/events", headers=world["v1_h"]))
    assert [e["actor"]["name"] for e in author] == ["李志愿", "社区工作人员", "社区工作人员", "社区工作人员"]

    # Published or not, the trail is not public: the column shows the report, not who reviewed it.
    ok(client.post(f"{url}/publish", headers=world["community_admin_h"]))
    assert client.get(url, headers=world["v2_h"]).status_code == 200
    refused(client.get(f"{url}/events", headers=world["v2_h"]), 404, "report_not_found")
    refused(client.get(f"{url}/events", headers=world["other_community_admin_h"]), 404, "report_not_found")
    refused(client.get("/api/v1/reports/2147483647/events", headers=world["community_admin_h"]), 404,
            "report_not_found")


def test_a_rejected_report_keeps_its_reason_in_the_trail(client, world):
    report = ok(client.post("/api/v1/reports", json=report_form(), headers=world["v1_h"]), 201)["id"]
    ok(client.post(f"/api/v1/reports/{report}/reject", json={"reason": "内容不完整"},
                   headers=world["community_admin_h"]))
    events = ok(client.get(f"/api/v1/reports/{report}/events", headers=world["v1_h"]))
    assert steps(events)[-1] == ("reject", "pending", "rejected", "内容不完整")
    assert events[-1]["to_status_label"] == "审核不通过"


# -- help requests -----------------------------------------------------------------------------------------------
def _ask(client, world) -> int:
    body = help_form(world)
    body["wanted_at"] = body["wanted_at"].isoformat()
    return ok(client.post("/api/v1/help-requests", json=body, headers=world["public_h"]), 201)["id"]


def test_a_help_request_trail_from_submission_to_closing(client, world):
    request = _ask(client, world)
    url = f"/api/v1/help-requests/{request}"
    ok(client.post(f"{url}/assign", json={"volunteer_ids": [world["v1"]]}, headers=world["community_admin_h"]))
    ok(client.post(f"{url}/result", json={"result": "药已送到"}, headers=world["v1_h"]))
    before = trail_count()
    refused(client.post(f"{url}/close", json={"summary": ""}, headers=world["community_admin_h"]), 422,
            "validation_error")
    assert trail_count() == before
    ok(client.post(f"{url}/close", json={"summary": "已办结", "hours": [{"volunteer_id": world["v1"], "hours": 1}]},
                   headers=world["community_staff_h"]))

    staff = ok(client.get(f"{url}/events", headers=world["community_admin_h"]))
    assert steps(staff) == [("submit", None, "pending", None), ("assign", "pending", "assigned", None),
                            ("report", "assigned", "assigned", None), ("close", "assigned", "closed", None)]
    assert [e["to_status_label"] for e in staff] == ["待安排", "已安排", "已安排", "已办结"]
    assert [e["actor"]["id"] for e in staff] == [world["public"], world["community_admin"], world["v1"],
                                                 world["community_staff"]]
    requester = ok(client.get(f"{url}/events", headers=world["public_h"]))
    assert [e["actor"]["name"] for e in requester] == ["求助人", "社区工作人员", "志愿者", "社区工作人员"]
    volunteer = ok(client.get(f"{url}/events", headers=world["v1_h"]))
    assert [e["actor"]["name"] for e in volunteer] == ["求助人", "社区工作人员", "李志愿", "社区工作人员"]

    # A closed request is public, its trail is not.
    assert client.get(url, headers=world["v2_h"]).status_code == 200
    refused(client.get(f"{url}/events", headers=world["v2_h"]), 404, "help_request_not_found")
    refused(client.get(f"{url}/events", headers=world["other_community_admin_h"]), 404, "help_request_not_found")
    refused(client.get("/api/v1/help-requests/2147483647/events", headers=world["public_h"]), 404,
            "help_request_not_found")


def test_declined_and_withdrawn_requests_are_in_the_trail(client, world):
    declined, withdrawn = _ask(client, world), _ask(client, world)
    ok(client.post(f"/api/v1/help-requests/{declined}/decline", json={"reason": "不在服务范围"},
                   headers=world["community_admin_h"]))
    ok(client.post(f"/api/v1/help-requests/{withdrawn}/withdraw", headers=world["public_h"]))
    assert steps(ok(client.get(f"/api/v1/help-requests/{declined}/events", headers=world["public_h"])))[-1] == (
        "decline", "pending", "declined", "不在服务范围")
    assert steps(ok(client.get(f"/api/v1/help-requests/{withdrawn}/events", headers=world["community_admin_h"]))) \
        == [("submit", None, "pending", None), ("withdraw", "pending", "withdrawn", None)]


# -- stars -------------------------------------------------------------------------------------------------------
def test_star_overrides_and_their_withdrawal_are_in_the_trail(client, app_ctx):
    from app.community import quarters
    from app.core.timeutil import utcnow

    world = star_world()
    manager = auth(token_for(world["association_admin"]))
    last = quarters.previous(quarters.quarter_of(utcnow()))
    start, _ = quarters.bounds(last)
    top, other = make_member(world, "华农", "张三丰"), make_member(world, "茶山", "李四")
    credit(top, 6, at=start + timedelta(days=3))
    credit(other, 2, at=start + timedelta(days=4))
    attend(world, "provider", "440106001002", top, 3, at=start + timedelta(days=5))
    with unit_of_work():
        stars.compute_stars(last)
    url = f"/api/v1/showcase/stars/{last}/440106001/volunteer"

    assert ok(client.get(f"{url}/events", headers=manager)) == []  # computed by the job: nothing adjusted yet
    ok(client.put(url, json={"user_id": other, "citation": "坚持每周助老"}, headers=manager))
    assert client.delete(url, headers=manager).status_code == 204

    events = ok(client.get(f"{url}/events", headers=manager))
    assert steps(events) == [("override", "computed", "overridden", "坚持每周助老"),
                             ("clear_override", "overridden", "computed", None)]
    assert [(e["subject_label"], e["action_label"], e["to_status_label"]) for e in events] == [
        ("之星", "人工调整", "人工调整"), ("之星", "撤销调整", "自动评选")]
    assert {e["actor"]["id"] for e in events} == {world["association_admin"]}

    refused(client.get(f"/api/v1/showcase/stars/{last}/440104001/volunteer/events", headers=manager), 404,
            "star_not_found")  # 越秀's street: nobody had hours
    refused(client.get(f"/api/v1/showcase/stars/{last}/999999/volunteer/events", headers=manager), 404,
            "region_not_found")
    league = auth(token_for(world["league_admin"]))
    assert client.get(f"{url}/events", headers=league).status_code == 403
