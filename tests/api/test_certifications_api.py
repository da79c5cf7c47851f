"""Hours certification over HTTP: filing with photos, the lists, detail, review, the error envelope."""
from __future__ import annotations

import io
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from app.ledger.models import OwnerType
from app.ledger.services import balance
from tests.factories import auth, token_for
from tests.timebank.factories_certifications import certification_form, make_ended_order, make_world


@pytest.fixture
def setup(app_ctx):
    world = make_world()
    tokens = {name: auth(token_for(getattr(world, name))) for name in (
        "station_staff", "association_admin", "other_station_admin", "provider_admin")}
    return world, tokens


def upload(client, headers) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    response = client.post("/api/v1/uploads", headers=headers,
                           data={"file": (io.BytesIO(buffer.getvalue()), "photo.png")})
    assert response.status_code == 201, response.json
    return response.json["id"]


def file(client, headers, ended, **overrides):
    return client.post(f"/api/v1/orders/{ended.order_id}/certifications", headers=headers,
                       json=certification_form(ended, **overrides))


def test_file_list_detail_approve(client, setup):
    world, tokens = setup
    ended = make_ended_order(world.station, world.station_staff, volunteers=2)
    photo = upload(client, tokens["station_staff"])
    response = file(client, tokens["station_staff"], ended, photo_ids=[photo])
    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "pending" and body["status_label"] == "待审核"
    assert body["total_hours"] == 5.0 and [p["id"] for p in body["photos"]] == [photo]
    assert [(row["name"], row["phone"], row["hours"]) for row in body["hours"]] == [
        ("志愿者1", "138****0000", 2.5), ("志愿者2", "138****0001", 2.5)]

    for who in ("station_staff", "association_admin"):
        listing = client.get("/api/v1/certifications", headers=tokens[who]).json
        assert listing["total"] == 1
        item = listing["items"][0]
        assert (item["order_number"], item["street"], item["volunteer_headcount"], item["total_hours"],
                item["status"], item["filed_by"]) == (
            body["order_number"], "五山街道", 2, 5.0, "pending", "cert-station")
    # The association may look at the photos it reviews; another station may not.
    assert client.get(f"/api/v1/uploads/{photo}", headers=tokens["association_admin"]).status_code == 200
    assert client.get(f"/api/v1/uploads/{photo}", headers=tokens["other_station_admin"]).status_code == 404

    approved = client.post(f"/api/v1/certifications/{body['id']}/approve", headers=tokens["association_admin"])
    assert approved.status_code == 200, approved.json
    assert approved.json["status"] == "approved" and approved.json["order_status"] == "completed"
    assert [row["points"] for row in approved.json["hours"]] == [3, 3]
    assert balance(OwnerType.USER, ended.volunteer_ids[0]) == 3

    again = client.post(f"/api/v1/certifications/{body['id']}/approve", headers=tokens["association_admin"])
    assert again.status_code == 409 and again.json["error"] == "invalid_transition"
    assert balance(OwnerType.USER, ended.volunteer_ids[0]) == 3


def test_validation_errors_name_the_fields_in_chinese(client, setup):
    world, tokens = setup
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)
    response = file(client, tokens["station_staff"], ended, rating_overall=0, volunteer_headcount=1,
                    volunteer_person_times=1, hours=[{"take_id": ended.take_ids[0], "hours": 1.25}])
    assert response.status_code == 422
    assert set(response.json) == {"code", "status", "error", "message", "errors"}
    errors = response.json["errors"]
    assert "rating_overall" in errors
    response = file(client, tokens["station_staff"], ended, volunteer_headcount=1, volunteer_person_times=1,
                    hours=[{"take_id": ended.take_ids[0], "hours": 1.25}])
    assert response.status_code == 422
    assert response.json["errors"]["hours"] == {"0": {"hours": ["服务时数最多保留一位小数"]}}
    unknown = file(client, tokens["station_staff"], ended, status="approved")
    assert unknown.status_code == 422 and unknown.json["errors"]["status"] == ["不允许的字段"]


def test_reject_with_reason_then_refile_with_the_same_photo(client, setup):
    world, tokens = setup
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)
    photo = upload(client, tokens["station_staff"])
    form = {"volunteer_headcount": 1, "volunteer_person_times": 1, "photo_ids": [photo]}
    first = file(client, tokens["station_staff"], ended, **form).json
    assert file(client, tokens["station_staff"], ended, **form).json["error"] == "certification_exists"
    missing = client.post(f"/api/v1/certifications/{first['id']}/reject", headers=tokens["association_admin"], json={})
    assert missing.status_code == 422
    rejected = client.post(f"/api/v1/certifications/{first['id']}/reject", headers=tokens["association_admin"],
                           json={"reason": "服务照片不清晰"})
    assert rejected.status_code == 200
    assert (rejected.json["status"], rejected.json["status_reason"], rejected.json["order_status"]) == (
        "rejected", "服务照片不清晰", "to_evaluate")
    second = file(client, tokens["station_staff"], ended, **form)
    assert second.status_code == 201, second.json
    assert [p["id"] for p in second.json["photos"]] == [photo]
    pending = client.get("/api/v1/certifications?status=pending", headers=tokens["association_admin"]).json
    assert [item["id"] for item in pending["items"]] == [second.json["id"]]


def test_other_regions_see_nothing(client, setup):
    world, tokens = setup
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)
    created = file(client, tokens["station_staff"], ended, volunteer_headcount=1, volunteer_person_times=1).json
    other = client.get(f"/api/v1/certifications/{created['id']}", headers=tokens["other_station_admin"])
    missing = client.get("/api/v1/certifications/999999", headers=tokens["other_station_admin"])
    assert other.status_code == missing.status_code == 404 and other.json == missing.json
    assert client.get("/api/v1/certifications", headers=tokens["other_station_admin"]).json["total"] == 0
    denied = file(client, tokens["other_station_admin"], ended, volunteer_headcount=1, volunteer_person_times=1)
    assert denied.status_code == 404


@contextmanager
def counted_queries():
    statements = []

    def record(*_args):
        statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def test_list_filters_and_constant_query_count(client, setup):
    world, tokens = setup
    headers = tokens["association_admin"]
    numbers = []
    for _ in range(6):
        ended = make_ended_order(world.station, world.station_staff, volunteers=1)
        created = file(client, tokens["station_staff"], ended, volunteer_headcount=1, volunteer_person_times=1).json
        numbers.append(created["order_number"])
    other = make_ended_order(world.other_station, world.other_station_admin, volunteers=1, street_code="440104001")
    file(client, tokens["other_station_admin"], other, volunteer_headcount=1, volunteer_person_times=1)

    assert client.get("/api/v1/certifications", headers=headers).json["total"] == 7
    assert client.get("/api/v1/certifications?street_code=440104001", headers=headers).json["total"] == 1
    by_number = client.get(f"/api/v1/certifications?number={numbers[2]}", headers=headers).json
    assert [item["order_number"] for item in by_number["items"]] == [numbers[2]]
    assert client.get("/api/v1/certifications?number=12a", headers=headers).status_code == 422

    with counted_queries() as small:
        assert len(client.get("/api/v1/certifications?page_size=1", headers=headers).json["items"]) == 1
    with counted_queries() as large:
        assert len(client.get("/api/v1/certifications?page_size=50", headers=headers).json["items"]) == 7
    assert len(small) == len(large)


def test_actions_are_the_associations_while_pending(client, setup):
    world, tokens = setup
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)
    created = file(client, tokens["station_staff"], ended, volunteer_headcount=1, volunteer_person_times=1).json
    assert created["actions"] == []  # the filing station cannot review its own filing
    url = f"/api/v1/certifications/{created['id']}"
    assert client.get(url, headers=tokens["station_staff"]).json["actions"] == []
    assert client.get(url, headers=tokens["association_admin"]).json["actions"] == [
        {"action": "approve", "label": "审核通过"}, {"action": "reject", "label": "审核不通过"}]
    rejected = client.post(f"{url}/reject", json={"reason": "照片不清晰"}, headers=tokens["association_admin"]).json
    assert rejected["actions"] == []
    assert client.get(url, headers=tokens["association_admin"]).json["actions"] == []


def test_the_order_detail_names_its_latest_certification(client, setup):
    world, tokens = setup
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)
    order_url = f"/api/v1/orders/{ended.order_id}"
    assert client.get(order_url, headers=tokens["station_staff"]).json["certification"] is None
    form = {"volunteer_headcount": 1, "volunteer_person_times": 1}
    first = file(client, tokens["station_staff"], ended, **form).json
    assert client.get(order_url, headers=tokens["station_staff"]).json["certification"] == {
        "id": first["id"], "status": "pending", "status_label": "待审核"}
    client.post(f"/api/v1/certifications/{first['id']}/reject", json={"reason": "x"},
                headers=tokens["association_admin"])
    assert client.get(order_url, headers=tokens["association_admin"]).json["certification"]["status"] == "rejected"
    second = file(client, tokens["station_staff"], ended, **form).json
    assert client.get(order_url, headers=tokens["station_staff"]).json["certification"]["id"] == second["id"]
    # A volunteer reading the order from the feed learns nothing of the certification.
    volunteer = auth(token_for(ended.volunteer_ids[0]))
    seen = client.get(order_url, headers=volunteer)
    assert seen.status_code == 200 and seen.json["certification"] is None
    assert seen.json["my_take"]["id"] == ended.take_ids[0] and seen.json["my_take"]["status"] == "approved"
    assert client.get(order_url, headers=tokens["other_station_admin"]).status_code == 404


def test_service_photos_are_required(client, setup):
    world, tokens = setup
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)
    one = {"volunteer_headcount": 1, "volunteer_person_times": 1}
    for photos in ([], None):
        form = certification_form(ended, **one)
        if photos is None:
            del form["photo_ids"]
        else:
            form["photo_ids"] = photos
        response = client.post(f"/api/v1/orders/{ended.order_id}/certifications", headers=tokens["station_staff"],
                               json=form)
        assert response.status_code == 422 and "photo_ids" in response.json["errors"], response.json


def test_an_order_aborted_mid_service_is_certified_for_the_hours_before_the_abort(client, setup):
    """Crosses orders (中止) → certifications → review → ledger: the abort's time caps the hours."""
    from datetime import timedelta

    from app.core.timeutil import SHANGHAI, utcnow
    from app.core.unit_of_work import unit_of_work
    from app.timebank.models import OrderStatus, WishOrder

    world, tokens = setup
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)
    with unit_of_work():  # the service started two hours ago and is still running
        order = db.session.get(WishOrder, ended.order_id)
        order.starts_at, order.ends_at = utcnow() - timedelta(hours=2), utcnow() + timedelta(hours=2)
        order.status = OrderStatus.IN_PROGRESS
        start_day = order.starts_at.astimezone(SHANGHAI).date().isoformat()
    aborted = client.post(f"/api/v1/orders/{ended.order_id}/abort", headers=tokens["station_staff"],
                          json={"reason": "长者身体不适，服务中止"})
    assert aborted.status_code == 200, aborted.json
    today = utcnow().astimezone(SHANGHAI).date().isoformat()
    form = {"volunteer_headcount": 1, "volunteer_person_times": 1, "service_date_start": start_day,
            "service_date_end": today}
    too_many = file(client, tokens["station_staff"], ended, hours=[{"take_id": ended.take_ids[0], "hours": 2.5}],
                    **form)
    assert too_many.status_code == 422 and "2.0 小时" in too_many.json["errors"]["hours"]["0"]["hours"][0]
    filed = file(client, tokens["station_staff"], ended, hours=[{"take_id": ended.take_ids[0], "hours": 2}], **form)
    assert filed.status_code == 201, filed.json
    approved = client.post(f"/api/v1/certifications/{filed.json['id']}/approve", headers=tokens["association_admin"])
    assert approved.status_code == 200 and approved.json["order_status"] == "completed"
    assert balance(OwnerType.USER, ended.volunteer_ids[0]) == approved.json["hours"][0]["points"] > 0


def test_filing_outside_to_evaluate_names_its_error(client, setup):
    # The console's 认证 button follows the order's status; the API's own answer is documented for the
    # page that was left open after the order moved on.
    world, tokens = setup
    ended = make_ended_order(world.station, world.station_staff, volunteers=1)
    body = file(client, tokens["station_staff"], ended).json
    approved = client.post(f"/api/v1/certifications/{body['id']}/approve", headers=tokens["association_admin"])
    assert approved.status_code == 200 and approved.json["order_status"] == "completed"
    again = file(client, tokens["station_staff"], ended)
    assert again.status_code == 409 and again.json["error"] == "order_not_to_evaluate"
    assert again.json["message"] == "服务结束（待评价）或中止后才能提交时数认证"
