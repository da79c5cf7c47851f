"""Volunteer reports over HTTP, by the seed's roles (徐州 guide 三.4): a community volunteer reports with
photos, the community admin reviews from the queue and publishes, everyone reads the public column; the
error envelope and Chinese messages; constant query counts on the column."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from tests.activities.factories_activities import make_volunteer
from tests.community.factories_help import help_world, member
from tests.factories import auth, forget_cached_answers, token_for
from tests.uploads.links import content_path

ENVELOPE = {"code", "status", "error", "message", "errors"}
FORM = {"kind": "experience", "title": "在职党员进社区心得", "content": "参加社区服务，收获很多。"}


@pytest.fixture
def world(app_ctx):
    world = help_world()
    world["volunteer"] = member(world, "王小明")
    for role in ("community_admin", "community_staff", "other_community_admin", "volunteer"):
        world[f"{role}_h"] = auth(token_for(world[role]))
    world["stranger_h"] = auth(token_for(make_volunteer("路人")))
    return world


def upload(client, headers) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    response = client.post("/api/v1/uploads", headers=headers,
                           data={"file": (io.BytesIO(buffer.getvalue()), "photo.png")})
    assert response.status_code == 201, response.json
    return response.json["id"]


def assert_error(response, status, error):
    assert response.status_code == status, response.json
    assert set(response.json) == ENVELOPE and response.json["error"] == error
    return response.json


def report(client, world, **changes) -> dict:
    response = client.post("/api/v1/reports", json=FORM | changes, headers=world["volunteer_h"])
    assert response.status_code == 201, response.json
    return response.json


def test_report_review_publish_and_read_the_column(client, world):
    picture = upload(client, world["volunteer_h"])
    created = report(client, world, photo_upload_ids=[picture])
    assert (created["status"], created["status_label"], created["is_published"]) == ("pending", "待审核", False)
    assert [(p["id"], content_path(p["url"])) for p in created["photos"]] == [
        (picture, f"/api/v1/uploads/{picture}/content")]
    # Before publication the photo is the author's and the community's.
    assert client.get(f"/api/v1/uploads/{picture}/content", headers=world["community_staff_h"]).status_code == 200
    assert client.get(f"/api/v1/uploads/{picture}/content", headers=world["stranger_h"]).status_code == 404

    queue = client.get("/api/v1/reports/review?status=pending", headers=world["community_admin_h"]).json
    assert [i["id"] for i in queue["items"]] == [created["id"]] and queue["items"][0]["author_name"] == "王小明"
    assert client.get("/api/v1/reports/review", headers=world["other_community_admin_h"]).json["items"] == []

    approved = client.post(f"/api/v1/reports/{created['id']}/approve", json={"publish": True},
                           headers=world["community_admin_h"])
    assert approved.status_code == 200 and approved.json["is_published"] is True

    column = client.get("/api/v1/reports").json
    [item] = column["items"]
    assert (item["id"], item["author_name"], item["kind_label"], item["summary"]) == (
        created["id"], "王**", "心得体会", FORM["content"])
    assert "status_reason" not in item and column["next_cursor"] is None
    assert client.get(f"/api/v1/reports/{created['id']}").json["author_name"] == "王**"
    assert client.get(f"/api/v1/uploads/{picture}/content", headers=world["stranger_h"]).status_code == 200

    down = client.post(f"/api/v1/reports/{created['id']}/unpublish", headers=world["community_admin_h"])
    assert down.status_code == 200 and client.get("/api/v1/reports").json["items"] == []
    assert client.get(f"/api/v1/reports/{created['id']}").status_code == 404


def test_a_rejection_reaches_the_authors_list_with_the_reason(client, world):
    created = report(client, world)
    assert_error(client.post(f"/api/v1/reports/{created['id']}/reject", json={}, headers=world["community_admin_h"]),
                 422, "validation_error")
    response = client.post(f"/api/v1/reports/{created['id']}/reject", json={"reason": "请补充活动时间"},
                           headers=world["community_staff_h"])
    assert response.status_code == 200
    [mine] = client.get("/api/v1/reports/mine", headers=world["volunteer_h"]).json["items"]
    assert (mine["status"], mine["status_reason"]) == ("rejected", "请补充活动时间")
    body = assert_error(client.post(f"/api/v1/reports/{created['id']}/approve", json={},
                                    headers=world["community_admin_h"]), 409, "invalid_transition")
    assert body["message"] == "当前状态不允许「审核通过」操作"


def test_someone_outside_a_community_is_told_to_join_first(client, world):
    body = assert_error(client.post("/api/v1/reports", json=FORM, headers=world["stranger_h"]), 409,
                        "community_volunteer_required")
    assert body["message"] == "请先申请加入服务社区，成为社区志愿者后再上报"


@pytest.mark.parametrize("changes,field", [
    ({"kind": "diary"}, "kind"), ({"title": ""}, "title"), ({"title": "标" * 101}, "title"),
    ({"content": "字" * 5001}, "content"), ({"photo_upload_ids": list(range(1, 11))}, "photo_upload_ids"),
    ({"photo_upload_ids": [0]}, "photo_upload_ids"), ({"extra": 1}, "extra"),
])
def test_bad_forms_answer_422_naming_the_field(client, world, changes, field):
    body = assert_error(client.post("/api/v1/reports", json=FORM | changes, headers=world["volunteer_h"]), 422,
                        "validation_error")
    assert field in body["errors"]


def test_another_communitys_admin_sees_a_missing_report(client, world):
    created = report(client, world)
    for path in ("approve", "reject", "publish", "unpublish"):
        body = assert_error(client.post(f"/api/v1/reports/{created['id']}/{path}", json=(
            {"reason": "x"} if path == "reject" else {} if path == "approve" else None),
            headers=world["other_community_admin_h"]), 404, "report_not_found")
        assert body["message"] == "上报内容不存在或已被删除"
    assert_error(client.get(f"/api/v1/reports/{created['id']}", headers=world["other_community_admin_h"]), 404,
                 "report_not_found")


def test_the_column_costs_the_same_queries_whatever_its_size(client, world):
    def publish_one():
        created = report(client, world, photo_upload_ids=[upload(client, world["volunteer_h"])])
        client.post(f"/api/v1/reports/{created['id']}/approve", json={"publish": True},
                    headers=world["community_admin_h"])

    def count(url, headers=None):
        statements = []
        forget_cached_answers()

        def listen(_conn, _cursor, statement, *_args):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", listen)
        try:
            response = client.get(url, headers=headers or {})
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listen)
        assert response.status_code == 200
        return len(statements), len(response.json["items"])

    publish_one()
    few = count("/api/v1/reports")
    mine_few = count("/api/v1/reports/mine", world["volunteer_h"])
    for _ in range(4):
        publish_one()
    assert count("/api/v1/reports") == (few[0], 5)
    assert count("/api/v1/reports/mine", world["volunteer_h"]) == (mine_few[0], 5)
