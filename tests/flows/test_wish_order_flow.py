"""The whole 耆望成真 flow through the API, by the seed's roles: 群众点单 → 平台派单 → 志愿者接单 → 群众评单.

A station enters and approves a beneficiary, publishes an order; the station first-reviews and the
association final-reviews it; two volunteers find it in the feed and take it; the station approves both
(recruitment complete); the service ends (the beat sweep); the station certifies the hours; the association
approves; each volunteer is credited exactly once; one donates points to the order.
"""
from __future__ import annotations

import io
import uuid
from datetime import timedelta

import sqlalchemy as sa
from PIL import Image

from app.accounts.models import MemberRole, OrgKind, Region
from app.catalogue.services import seed_defaults
from app.core.timeutil import SHANGHAI, utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import InboxItem, NotificationEvent
from app.timebank.models import OrderTake, WishOrder
from app.timebank.sweeps import end_finished_services
from tests.factories import auth, load_regions, make_account, make_org, make_user, token_for
from tests.timebank.factories_beneficiaries import form as beneficiary_form


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return buffer.getvalue()


def _world():
    load_regions()
    with unit_of_work():
        seed_defaults()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
    community = db.session.scalar(sa.select(Region.id).where(Region.code == "440106001001"))
    people = {
        "station_staff": make_account(station, "ws-staff", MemberRole.STAFF),
        "station_admin": make_account(station, "ws-station"),
        "association": make_account(association, "gz-association"),
        "chen": make_user(mp_openid="o-chen", real_name="陈晓明", service_community_id=community),
        "li": make_user(mp_openid="o-li", real_name="李佳怡", service_community_id=community),
    }
    from app.accounts.models import User
    from app.accounts.wechat_login import set_phone

    with unit_of_work():
        for index, key in enumerate(("chen", "li")):
            set_phone(db.session.get(User, people[key]), f"1390000000{index}")
    return people, {role: auth(token_for(user_id)) for role, user_id in people.items()}


def _ok(response, status=200):
    assert response.status_code == status, response.json
    return response.json


def test_the_whole_wish_order_flow(client, app_ctx):
    people, h = _world()

    # 服务对象录入 → 审核通过
    upload = _ok(client.post("/api/v1/uploads", data={"file": (io.BytesIO(_png()), "id.png")},
                             headers=h["station_staff"], content_type="multipart/form-data"), 201)
    body = beneficiary_form([upload["id"]])
    beneficiary = _ok(client.post("/api/v1/beneficiaries", json=body, headers=h["station_staff"]), 201)
    assert beneficiary["status"] == "pending"
    _ok(client.post(f"/api/v1/beneficiaries/{beneficiary['id']}/approve", headers=h["station_admin"]))

    # 我要发单 → 初审 → 终审 (opens and dispatches)
    starts = (utcnow() + timedelta(days=2)).astimezone(SHANGHAI).replace(minute=0, second=0, microsecond=0)
    order_body = {
        "title": "陪长者复诊", "need_type": "for_others", "beneficiary_id": beneficiary["id"],
        "service_item_code": "01", "service_type_code": "01", "district_code": "440106", "street_code": "440106001",
        "latitude": 23.16, "longitude": 113.35, "address": "五山路 1 号",
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=3)).isoformat(),
        "take_deadline": (starts - timedelta(hours=12)).isoformat(), "recruit_count": 2,
        "taker_notes": "请准时到达", "traffic_guide": "地铁五山站 B 出口", "content": "陪同长者到医院复诊",
    }
    order = _ok(client.post("/api/v1/orders", json=order_body, headers=h["station_staff"]), 201)
    order_id = order["id"]
    assert order["number"].startswith("440106") and len(order["number"]) == 20
    _ok(client.post(f"/api/v1/orders/{order_id}/first-approve", headers=h["station_admin"]))
    _ok(client.post(f"/api/v1/orders/{order_id}/final-approve", headers=h["association"]))
    assert db.session.get(WishOrder, order_id).status == "open"
    opened = db.session.scalar(sa.select(NotificationEvent.id).where(NotificationEvent.kind == "order.opened"))
    dispatched = set(db.session.scalars(sa.select(InboxItem.user_id).where(InboxItem.event_id == opened)))
    assert {people["chen"], people["li"]} <= dispatched

    # 我要接单: both volunteers find it and take it; the station approves both → 进行中
    feed = _ok(client.get("/api/v1/order-feed?district=440106", headers=h["chen"]))
    assert order_id in [item["id"] for item in feed["items"]]
    takes = [_ok(client.post(f"/api/v1/orders/{order_id}/takes", json={}, headers=h[who]), 201) for who in
             ("chen", "li")]
    for take in takes:
        _ok(client.post(f"/api/v1/takes/{take['id']}/approve", headers=h["station_staff"]))
    db.session.expire_all()
    assert db.session.get(WishOrder, order_id).status == "in_progress"

    # Time passes: the service took place; the beat sweep moves it to 待评价.
    shift = timedelta(days=3)
    with unit_of_work():
        order_row = db.session.get(WishOrder, order_id)
        rows = [order_row, *db.session.scalars(sa.select(OrderTake).where(OrderTake.order_id == order_id))]
        for row in rows:
            row.starts_at, row.ends_at = row.starts_at - shift, row.ends_at - shift
        order_row.take_deadline -= shift
    with unit_of_work():
        assert end_finished_services(utcnow()) == 1
    assert db.session.get(WishOrder, order_id).status == "to_evaluate"

    # 订单时数认证 → 协会审核通过 → 积分到账
    day = (starts - shift).date().isoformat()
    photo = _ok(client.post("/api/v1/uploads", data={"file": (io.BytesIO(_png()), "service.png")},
                            headers=h["station_staff"], content_type="multipart/form-data"), 201)
    certification = _ok(client.post(f"/api/v1/orders/{order_id}/certifications", headers=h["station_staff"], json={
        "service_date_start": day, "service_date_end": day,
        "hours": [{"take_id": takes[0]["id"], "hours": "3"}, {"take_id": takes[1]["id"], "hours": "2.5"}],
        "beneficiary_person_times": 1, "beneficiary_headcount": 1, "volunteer_person_times": 2,
        "volunteer_headcount": 2, "service_summary": "陪同复诊顺利", "effect_summary": "长者满意",
        "photo_ids": [photo["id"]],
        "rating_overall": 5, "rating_arrangement": 5, "rating_effect": 4, "rating_attitude": 5, "rating_skill": 4,
        "rating_efficiency": 5}), 201)
    _ok(client.post(f"/api/v1/certifications/{certification['id']}/approve", headers=h["association"]))
    # A second approval is refused and credits nothing more.
    assert client.post(f"/api/v1/certifications/{certification['id']}/approve",
                       headers=h["association"]).status_code == 409
    assert _ok(client.get("/api/v1/me/points", headers=h["chen"]))["balance"] == 3
    assert _ok(client.get("/api/v1/me/points", headers=h["li"]))["balance"] == 3  # 2.5 h rounds half up
    assert _ok(client.get(f"/api/v1/orders/{order_id}", headers=h["station_staff"]))["status"] == "completed"

    # 我要捐分: idempotent by request id, shown on the order as 收到捐赠积分
    donation = {"points": 2, "request_id": str(uuid.uuid4())}
    for _ in range(2):
        _ok(client.post(f"/api/v1/orders/{order_id}/donations", json=donation, headers=h["chen"]), 201)
    assert _ok(client.get("/api/v1/me/points", headers=h["chen"]))["balance"] == 1
    assert _ok(client.get(f"/api/v1/orders/{order_id}", headers=h["station_staff"]))["donated_points"] == 2
    too_much = client.post(f"/api/v1/orders/{order_id}/donations", headers=h["chen"],
                           json={"points": 5, "request_id": str(uuid.uuid4())})
    assert too_much.status_code == 409 and too_much.json["error"] == "insufficient_points"

    # 订单跟踪: who did what, in order.
    events = _ok(client.get(f"/api/v1/orders/{order_id}/events", headers=h["station_staff"]))
    actions = [event["action"] for event in (events["items"] if isinstance(events, dict) else events)]
    for expected in ("publish", "first_approve", "final_approve", "take", "approve", "fill", "end", "file",
                     "complete", "donate"):
        assert expected in actions, (expected, actions)
    assert actions.index("publish") < actions.index("final_approve") < actions.index("fill") < actions.index(
        "complete")
