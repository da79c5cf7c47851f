"""Public help requests over HTTP, by the seed's roles (徐州 guide 四): a member of the public asks a
community for help, the community admin assigns its volunteers, a volunteer reads the requester's details
and reports back, the admin closes it crediting hours, and the closed request shows publicly without
personal details. Error envelope, Chinese messages, and who sees the phone in clear."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.timeutil import utcnow
from app.extensions import db
from app.ledger.models import LedgerAccount, OwnerType
from app.ledger.rates import points_for_hours
from tests.activities.factories_activities import make_volunteer
from tests.community.factories_help import help_world, member
from tests.factories import auth, token_for

ENVELOPE = {"code", "status", "error", "message", "errors"}
PHONE = "13912345678"


@pytest.fixture
def world(app_ctx):
    world = help_world()
    world["public"] = make_volunteer("求助人", phone="13600001111")
    world["v1"], world["v2"] = member(world, "王小明"), member(world, "李四")
    world["outsider"] = member(world, "赵六", community="other_community")
    for role in ("community_admin", "community_staff", "other_community_admin", "public", "v1", "v2", "outsider"):
        world[f"{role}_h"] = auth(token_for(world[role]))
    return world


def form(world, **changes):
    body = {"community_id": world["community"], "title": "老人需要代买药品",
            "content": "独居老人行动不便，需要帮忙买药。",
            "place": "五山路 3 号", "wanted_at": (utcnow() + timedelta(days=2)).replace(microsecond=0).isoformat(),
            "contact_name": "李阿姨", "contact_phone": PHONE}
    return body | changes


def assert_error(response, status, error):
    assert response.status_code == status, response.json
    assert set(response.json) == ENVELOPE and response.json["error"] == error
    return response.json


def submit(client, world, **changes) -> dict:
    response = client.post("/api/v1/help-requests", json=form(world, **changes), headers=world["public_h"])
    assert response.status_code == 201, response.json
    return response.json


def test_the_whole_flow_from_request_to_public_record(client, world):
    created = submit(client, world)
    rid = created["id"]
    assert (created["status"], created["viewpoint"], created["contact_phone"]) == ("pending", "requester", PHONE)

    queue = client.get("/api/v1/help-requests/queue?status=pending", headers=world["community_admin_h"]).json
    assert [i["id"] for i in queue["items"]] == [rid] and queue["items"][0]["contact_phone"] == "139****5678"
    assert client.get(f"/api/v1/help-requests/{rid}", headers=world["community_staff_h"]).json["contact_phone"] == PHONE

    assigned = client.post(f"/api/v1/help-requests/{rid}/assign", json={"volunteer_ids": [world["v1"]]},
                           headers=world["community_admin_h"])
    assert assigned.status_code == 200 and [a["name"] for a in assigned.json["assignments"]] == ["王小明"]

    mine = client.get("/api/v1/help-requests/assigned", headers=world["v1_h"]).json["items"]
    assert [m["request"]["id"] for m in mine] == [rid]
    seen = client.get(f"/api/v1/help-requests/{rid}", headers=world["v1_h"]).json
    assert (seen["viewpoint"], seen["contact_name"], seen["contact_phone"]) == ("volunteer", "李阿姨", PHONE)
    assert_error(client.get(f"/api/v1/help-requests/{rid}", headers=world["v2_h"]), 404, "help_request_not_found")

    reported = client.post(f"/api/v1/help-requests/{rid}/result", json={"result": "药已送到"}, headers=world["v1_h"])
    assert reported.status_code == 200 and reported.json["assignments"][0]["result"] == "药已送到"

    closed = client.post(f"/api/v1/help-requests/{rid}/close", headers=world["community_admin_h"],
                         json={"summary": "已为老人买到药品", "hours": [{"volunteer_id": world["v1"], "hours": "1.5"}]})
    assert closed.status_code == 200, closed.json
    assert (closed.json["status"], closed.json["assignments"][0]["credited_hours"]) == ("closed", 1.5)
    balance = db.session.scalar(sa.select(LedgerAccount.balance).where(
        LedgerAccount.owner_type == OwnerType.USER, LedgerAccount.owner_id == world["v1"]))
    assert balance == points_for_hours("1.5")

    public = client.get("/api/v1/help-requests/closed").json["items"]
    assert [(p["id"], p["close_summary"]) for p in public] == [(rid, "已为老人买到药品")]
    anonymous = client.get(f"/api/v1/help-requests/{rid}").json
    assert anonymous["viewpoint"] == "public"
    assert not {"contact_name", "contact_phone", "place", "content", "assignments"} & set(anonymous)
    assert client.get(f"/api/v1/help-requests/{rid}", headers=world["public_h"]).json["contact_phone"] == PHONE
    [own] = client.get("/api/v1/help-requests/mine", headers=world["public_h"]).json["items"]
    assert own["status_label"] == "已办结"


def test_a_declined_request_tells_the_reason_and_cannot_be_withdrawn(client, world):
    rid = submit(client, world)["id"]
    declined = client.post(f"/api/v1/help-requests/{rid}/decline", json={"reason": "不在服务范围"},
                           headers=world["community_staff_h"])
    assert declined.status_code == 200 and declined.json["status_reason"] == "不在服务范围"
    body = assert_error(client.post(f"/api/v1/help-requests/{rid}/withdraw", headers=world["public_h"]), 409,
                        "invalid_transition")
    assert body["message"] == "当前状态不允许「撤回」操作"


def test_the_requester_withdraws_while_pending(client, world):
    rid = submit(client, world)["id"]
    assert_error(client.post(f"/api/v1/help-requests/{rid}/withdraw", headers=world["v1_h"]), 404,
                 "help_request_not_found")
    response = client.post(f"/api/v1/help-requests/{rid}/withdraw", headers=world["public_h"])
    assert response.status_code == 200 and response.json["status"] == "withdrawn"


def test_only_the_communitys_volunteers_can_be_assigned(client, world):
    rid = submit(client, world)["id"]
    body = assert_error(client.post(f"/api/v1/help-requests/{rid}/assign",
                                    json={"volunteer_ids": [world["v1"], world["outsider"]]},
                                    headers=world["community_admin_h"]), 422, "validation_error")
    assert body["message"] == "只能安排本社区的志愿者"
    assert body["errors"] == {"volunteer_ids": {"1": ["不是本社区的志愿者"]}}
    assert_error(client.post(f"/api/v1/help-requests/{rid}/assign", json={"volunteer_ids": [world["outsider"]]},
                             headers=world["other_community_admin_h"]), 404, "help_request_not_found")


def test_each_volunteer_finds_their_own_assignment_marked_mine(client, world):
    rid = submit(client, world)["id"]
    client.post(f"/api/v1/help-requests/{rid}/assign", json={"volunteer_ids": [world["v1"], world["v2"]]},
                headers=world["community_admin_h"])
    client.post(f"/api/v1/help-requests/{rid}/result", json={"result": "药已送到"}, headers=world["v2_h"])

    def marks(headers):
        detail = client.get(f"/api/v1/help-requests/{rid}", headers=headers).json
        return {a["volunteer_id"]: (a["mine"], a["result"]) for a in detail["assignments"]}

    assert marks(world["v1_h"]) == {world["v1"]: (True, None), world["v2"]: (False, "药已送到")}
    assert marks(world["v2_h"]) == {world["v1"]: (False, None), world["v2"]: (True, "药已送到")}
    # The requester and the community's staff read the same rows, none of them theirs.
    assert not any(mine for mine, _ in marks(world["public_h"]).values())
    assert not any(mine for mine, _ in marks(world["community_staff_h"]).values())
    queue = client.get("/api/v1/help-requests/queue", headers=world["community_admin_h"]).json["items"]
    assert [a["mine"] for a in queue[0]["assignments"]] == [False, False]
    [own] = client.get("/api/v1/help-requests/mine", headers=world["public_h"]).json["items"]
    assert [a["mine"] for a in own["assignments"]] == [False, False]


@pytest.mark.parametrize("changes,field", [
    ({"title": ""}, "title"), ({"title": "题" * 101}, "title"), ({"content": "字" * 2001}, "content"),
    ({"place": ""}, "place"), ({"contact_name": "名" * 31}, "contact_name"),
    ({"contact_phone": "110"}, "contact_phone"),
    ({"wanted_at": "2020-01-01T08:00:00+08:00"}, "wanted_at"), ({"wanted_at": "明天"}, "wanted_at"),
    ({"community_id": 999999}, "community_id"), ({"community_id": "1"}, "community_id"), ({"secret": 1}, "secret"),
])
def test_bad_requests_answer_422_naming_the_field(client, world, changes, field):
    body = assert_error(client.post("/api/v1/help-requests", json=form(world, **changes), headers=world["public_h"]),
                        422, "validation_error")
    assert field in body["errors"]


@pytest.mark.parametrize("hours", ["0", "-1", "25", "1.25", "abc", "NaN"])
def test_bad_hours_answer_422_and_book_nothing(client, world, hours):
    rid = submit(client, world)["id"]
    client.post(f"/api/v1/help-requests/{rid}/assign", json={"volunteer_ids": [world["v1"]]},
                headers=world["community_admin_h"])
    body = assert_error(client.post(f"/api/v1/help-requests/{rid}/close", headers=world["community_admin_h"],
                                    json={"summary": "办结", "hours": [{"volunteer_id": world["v1"], "hours": hours}]}),
                        422, "validation_error")
    assert "hours" in body["errors"]
    assert client.get(f"/api/v1/help-requests/{rid}", headers=world["public_h"]).json["status"] == "assigned"


def test_bad_cursors_and_pages_answer_422(client, world):
    assert "cursor" in assert_error(client.get("/api/v1/help-requests/closed?cursor=xyz"), 422,
                                    "validation_error")["errors"]
    assert "limit" in assert_error(client.get("/api/v1/help-requests/mine?limit=0", headers=world["public_h"]), 422,
                                   "validation_error")["errors"]
