"""V订单 over HTTP: publication and its validation, each transition endpoint, the back-office list
(filters, columns, masking, actions), the detail by role, 订单跟踪, the export, and constant query counts."""
from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import unquote

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.timebank.models import OrderStatus
from tests.factories import auth, make_user, token_for
from tests.timebank.factories_orders import id_card_number, make_beneficiary, make_order, make_order_world

URL = "/api/v1/orders"


@pytest.fixture
def world(app_ctx):
    world = make_order_world("api")
    world.volunteer = make_user(mp_openid="o-api-volunteer", real_name="小王")
    world.tokens = {name: auth(token_for(getattr(world, name))) for name in
                    ("station_admin", "station_staff", "other_station_admin", "association_admin", "volunteer")}
    return world


def form(beneficiary_id: int, **changes) -> dict:
    starts = (utcnow() + timedelta(days=3)).astimezone(SHANGHAI).replace(microsecond=0)
    body = {"title": "陪长者就医", "need_type": "for_others", "beneficiary_id": beneficiary_id,
            "service_item_code": "01", "service_type_code": "02", "district_code": "440106",
            "street_code": "440106001", "latitude": 23.16, "longitude": 113.35, "address": "五山路 1 号",
            "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "take_deadline": (starts - timedelta(hours=12)).isoformat(), "recruit_count": 2,
            "taker_notes": "请准时到达", "traffic_guide": "地铁五山站 B 出口", "content": "陪同长者到医院复诊"}
    body.update(changes)
    return body


def test_publish_answers_the_detail(client, world):
    response = client.post(URL, json=form(make_beneficiary(world.station)), headers=world.tokens["station_staff"])
    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "pending" and body["status_label"] == "待审核"
    assert body["number"].startswith("440106") and len(body["number"]) == 20
    assert body["service_type"] == {"code": "02", "name": "陪同外出"}
    assert body["street"] == {"code": "440106001", "name": "五山街道"} and body["station"]["name"] == "五山街道社工站"
    assert [a["action"] for a in body["actions"]] == ["edit", "first_approve", "first_reject", "cancel"]
    assert "*" not in body["beneficiary"]["id_card_number"]  # the publishing station reads it in clear


def test_validation_errors_are_chinese_and_per_field(client, world):
    beneficiary = make_beneficiary(world.station)
    missing = client.post(URL, json={"title": "x"}, headers=world.tokens["station_staff"])
    assert missing.status_code == 422
    assert missing.json["errors"]["content"] == ["该字段为必填项"]
    unknown = client.post(URL, json=form(beneficiary, colour="red"), headers=world.tokens["station_staff"])
    assert unknown.json["errors"] == {"colour": ["不允许的字段"]}
    starts = (utcnow() + timedelta(days=2)).isoformat()
    late = client.post(URL, json=form(beneficiary, take_deadline=starts, starts_at=starts, recruit_count=0,
                                      title="长" * 51), headers=world.tokens["station_staff"])
    assert late.status_code == 422 and set(late.json["errors"]) == {"recruit_count", "title"}
    wrong = client.post(URL, json=form(beneficiary, take_deadline=starts, starts_at=starts, latitude=39.9,
                                       longitude=116.4), headers=world.tokens["station_staff"])
    assert wrong.status_code == 422
    assert wrong.json["errors"] == {"take_deadline": ["接单截止日期应早于服务开始时间"],
                                    "latitude": ["所选地点不在所属区域内，请重新选择位置"]}
    assert wrong.json["message"] == "所选地点不在所属区域内，请重新选择位置"  # the first wrong field


def test_the_whole_review_chain_over_http(client, world):
    tokens = world.tokens
    published = client.post(URL, json=form(make_beneficiary(world.station)), headers=tokens["station_staff"])
    order_id = published.json["id"]
    assert client.patch(f"{URL}/{order_id}", json={"recruit_count": 4},
                        headers=tokens["station_staff"]).json["recruit_count"] == 4
    reject = client.post(f"{URL}/{order_id}/first-reject", json={"reason": "地址不详"}, headers=tokens["station_admin"])
    assert (reject.status_code, reject.json["status"], reject.json["status_reason"]) == (200, "rejected", "地址不详")
    assert client.post(f"{URL}/{order_id}/resubmit", headers=tokens["station_staff"]).json["status"] == "pending"
    assert client.post(f"{URL}/{order_id}/first-approve", headers=tokens["station_admin"]).json["status"] == \
        "first_approved"
    final = client.post(f"{URL}/{order_id}/final-reject", json={"reason": "时间冲突"},
                        headers=tokens["association_admin"])
    assert (final.json["status"], final.json["status_reason"]) == ("final_rejected", "时间冲突")
    client.post(f"{URL}/{order_id}/resubmit", headers=tokens["station_staff"])
    client.post(f"{URL}/{order_id}/first-approve", headers=tokens["station_admin"])
    opened = client.post(f"{URL}/{order_id}/final-approve", headers=tokens["association_admin"])
    assert (opened.status_code, opened.json["status"], opened.json["status_label"]) == (200, "open", "待接单")
    assert opened.json["status_reason"] is None
    edit = client.patch(f"{URL}/{order_id}", json={"title": "改"}, headers=tokens["station_staff"])
    assert (edit.status_code, edit.json["error"]) == (409, "order_not_editable")
    early = client.post(f"{URL}/{order_id}/close-recruitment", headers=tokens["station_staff"])
    assert (early.status_code, early.json["error"], early.json["message"]) == (
        409, "no_approved_taker", "还没有审核通过的接单人，不能完成招募")
    assert client.post(f"{URL}/{order_id}/mark-expired", headers=tokens["station_staff"]).json["status"] == "expired"
    trail = client.get(f"{URL}/{order_id}/events", headers=tokens["association_admin"]).json
    assert [e["action_label"] for e in trail] == ["发布订单", "修改", "初审不通过", "重新提交", "初审通过",
                                                 "终审不通过", "重新提交", "初审通过", "终审通过", "过期"]
    assert trail[2]["reason"] == "地址不详" and trail[2]["to_status_label"] == "审核不通过"
    assert trail[0]["actor"]["name"] == "api-st-staff" and trail[8]["actor"]["name"] == "api-assoc"


@pytest.mark.parametrize("path,status,body,token", [
    ("first-approve", OrderStatus.OPEN, None, "station_admin"),
    ("first-reject", OrderStatus.FIRST_APPROVED, {"reason": "x"}, "station_admin"),
    ("final-approve", OrderStatus.PENDING, None, "association_admin"),
    ("final-reject", OrderStatus.OPEN, {"reason": "x"}, "association_admin"),
    ("resubmit", OrderStatus.OPEN, None, "station_staff"),
    ("cancel", OrderStatus.IN_PROGRESS, {"reason": "x"}, "station_staff"),
    ("mark-expired", OrderStatus.FIRST_APPROVED, None, "station_staff"),
    ("close-recruitment", OrderStatus.PENDING, None, "station_staff"),
    ("abort", OrderStatus.OPEN, {"reason": "x"}, "station_staff"),
])
def test_each_transition_refuses_the_wrong_state(client, world, path, status, body, token):
    order_id = make_order(world.station, status=status)
    response = client.post(f"{URL}/{order_id}/{path}", json=body, headers=world.tokens[token])
    assert (response.status_code, response.json["error"]) == (409, "invalid_transition")
    assert response.json["message"].startswith("当前状态不允许")


def test_stops_and_rejections_need_a_reason(client, world):
    order_id = make_order(world.station, status=OrderStatus.OPEN)
    for body in (None, {}, {"reason": ""}):
        response = client.post(f"{URL}/{order_id}/cancel", json=body, headers=world.tokens["station_staff"])
        assert response.status_code == 422
    running = make_order(world.station, status=OrderStatus.IN_PROGRESS, recruit_count=1, approved_takers=1)
    ok = client.post(f"{URL}/{running}/abort", json={"reason": "台风"}, headers=world.tokens["station_staff"])
    assert (ok.json["status"], ok.json["status_reason"]) == ("aborted", "台风")
    recruiting = make_order(world.station, status=OrderStatus.OPEN, approved_takers=1, pending_takers=1)
    closed = client.post(f"{URL}/{recruiting}/close-recruitment", headers=world.tokens["station_staff"]).json
    assert (closed["status"], closed["places_held"], closed["approved_count"]) == ("in_progress", 1, 1)


def test_roles_and_regions(client, world):
    pending = make_order(world.station)
    assert client.post(f"{URL}/{pending}/first-approve", headers=world.tokens["association_admin"]).status_code == 403
    other = client.post(f"{URL}/{pending}/first-approve", headers=world.tokens["other_station_admin"])
    missing = client.post(f"{URL}/999999/first-approve", headers=world.tokens["other_station_admin"])
    assert other.status_code == missing.status_code == 404 and other.json == missing.json
    first = make_order(world.station, status=OrderStatus.FIRST_APPROVED)
    assert client.post(f"{URL}/{first}/final-approve", headers=world.tokens["station_admin"]).status_code == 403
    assert client.post(f"{URL}/{pending}/cancel", json={"reason": "x"},
                       headers=world.tokens["volunteer"]).status_code == 403


def test_detail_by_role(client, world):
    number = id_card_number()
    beneficiary = make_beneficiary(world.station, id_card=number)
    open_id = make_order(world.station, status=OrderStatus.OPEN, beneficiary_id=beneficiary)
    pending = make_order(world.station, beneficiary_id=beneficiary)
    own = client.get(f"{URL}/{open_id}", headers=world.tokens["station_staff"]).json
    assert own["beneficiary"]["id_card_number"] == number and own["beneficiary"]["phone"] == "13812345678"
    city = client.get(f"{URL}/{open_id}", headers=world.tokens["association_admin"]).json
    assert city["beneficiary"]["id_card_number"] == number[:3] + "*" * 11 + number[-4:]
    assert city["beneficiary"]["phone"] == "138****5678"
    assert [a["action"] for a in city["actions"]] == []
    seen = client.get(f"{URL}/{open_id}", headers=world.tokens["volunteer"])
    assert seen.status_code == 200 and seen.json["beneficiary"] is None and seen.json["actions"] == []
    assert seen.json["title"] == "陪长者就医" and seen.json["created_by"] is None
    assert client.get(f"{URL}/{pending}", headers=world.tokens["volunteer"]).status_code == 404
    assert client.get(f"{URL}/{open_id}", headers=world.tokens["other_station_admin"]).status_code == 404
    rejected = make_order(world.station, status=OrderStatus.REJECTED, status_reason="资料不全",
                          beneficiary_id=beneficiary)
    assert client.get(f"{URL}/{rejected}", headers=world.tokens["station_staff"]).json["status_reason"] == "资料不全"


def _listing(world):
    """Orders across two stations, items, times and statuses."""
    beneficiary = make_beneficiary(world.station)
    ids = {
        "pending": make_order(world.station, beneficiary_id=beneficiary, title="陪长者就医"),
        "first": make_order(world.station, beneficiary_id=beneficiary, status=OrderStatus.FIRST_APPROVED,
                            title="助餐配餐", item_code="02", starts_in=timedelta(days=10)),
        "open": make_order(world.station, beneficiary_id=beneficiary, status=OrderStatus.OPEN, title="上门探访"),
        "rejected": make_order(world.station, beneficiary_id=beneficiary, status=OrderStatus.FINAL_REJECTED,
                               title="理发服务", status_reason="重复"),
        "other": make_order(world.other_station, status=OrderStatus.PENDING, title="陪长者散步"),
    }
    return ids


def _ids(client, world, token="station_staff", **query) -> list[int]:
    response = client.get(URL, query_string=query, headers=world.tokens[token])
    assert response.status_code == 200, response.json
    return [row["id"] for row in response.json["items"]]


def test_list_filters_and_tabs(client, world):
    ids = _listing(world)
    mine = [ids[k] for k in ("rejected", "open", "first", "pending")]
    assert _ids(client, world) == mine
    assert _ids(client, world, "association_admin") == [ids["other"], *mine]
    assert _ids(client, world, "association_admin", title="陪长者") == [ids["other"], ids["pending"]]
    assert _ids(client, world, service_item="02") == [ids["first"]]
    assert _ids(client, world, "association_admin", street="440104001") == [ids["other"]]
    assert _ids(client, world, "association_admin", street="440106") == mine
    assert _ids(client, world, status="open") == [ids["open"]]
    in_ten_days = (utcnow() + timedelta(days=10)).astimezone(SHANGHAI).date()
    assert _ids(client, world, service_from=in_ten_days.isoformat()) == [ids["first"]]
    assert _ids(client, world, service_to=(in_ten_days - timedelta(days=1)).isoformat()) == \
        [ids["rejected"], ids["open"], ids["pending"]]
    assert _ids(client, world, tab="pending") == [ids["pending"]]
    assert _ids(client, world, tab="first_approved") == [ids["first"]]
    assert _ids(client, world, tab="approved") == [ids["open"]]
    assert _ids(client, world, tab="rejected") == [ids["rejected"]]
    bad = client.get(URL, query_string={"street": "440199001"}, headers=world.tokens["station_staff"])
    assert (bad.status_code, bad.json["errors"]) == (422, {"street": ["所属街道不存在"]})
    backwards = client.get(URL, query_string={"service_from": "2026-05-02", "service_to": "2026-05-01"},
                           headers=world.tokens["station_staff"])
    assert backwards.status_code == 422 and "service_to" in backwards.json["errors"]
    page = client.get(URL, query_string={"page": 2, "page_size": 3}, headers=world.tokens["station_staff"]).json
    assert (page["total"], page["page"], len(page["items"])) == (4, 2, 1)
    assert _ids(client, world, "other_station_admin") == [ids["other"]]


def test_list_columns_masking_and_actions(client, world):
    ids = _listing(world)
    own = {row["id"]: row for row in client.get(URL, headers=world.tokens["station_staff"]).json["items"]}
    row = own[ids["pending"]]
    assert set(row) == {"id", "number", "title", "need_type", "need_type_label", "id_card_number", "service_item",
                        "street", "starts_at", "ends_at", "donated_points", "status", "status_label", "creator",
                        "created_by", "updated_at", "actions", "beneficiary_name", "recruit_count",
                        "approved_count"}
    assert row["need_type_label"] == "为他人下单" and row["creator"] == "五山街道社工站"
    assert row["service_item"] == {"code": "01", "name": "生活照料"} and row["street"]["name"] == "五山街道"
    assert "*" not in row["id_card_number"]
    assert [a["label"] for a in row["actions"]] == ["修改", "初审通过", "初审不通过", "取消"]
    assert [a["action"] for a in own[ids["open"]]["actions"]] == ["mark_expired", "cancel"]
    city = {row["id"]: row for row in client.get(URL, headers=world.tokens["association_admin"]).json["items"]}
    assert "*" in city[ids["pending"]]["id_card_number"]
    assert [a["action"] for a in city[ids["first"]]["actions"]] == ["final_approve", "final_reject"]
    assert city[ids["pending"]]["actions"] == []


def test_list_rows_name_the_beneficiary_and_count_the_takers(client, world):
    beneficiary = make_beneficiary(world.station, name="黄婆婆")
    order_id = make_order(world.station, beneficiary_id=beneficiary, status=OrderStatus.OPEN, recruit_count=3,
                          approved_takers=1, pending_takers=1)
    other = make_order(world.other_station, beneficiary_id=make_beneficiary(world.other_station, name="李伯"))
    own = {row["id"]: row for row in client.get(URL, headers=world.tokens["station_staff"]).json["items"]}
    assert (own[order_id]["beneficiary_name"], own[order_id]["recruit_count"], own[order_id]["approved_count"]) == \
        ("黄婆婆", 3, 1)
    assert other not in own  # another street's beneficiary never reaches this station's list
    # The detail shows the name unmasked to every staff reader of the region; the list says the same.
    detail = client.get(f"{URL}/{order_id}", headers=world.tokens["association_admin"]).json
    city = {row["id"]: row for row in client.get(URL, headers=world.tokens["association_admin"]).json["items"]}
    assert city[order_id]["beneficiary_name"] == detail["beneficiary"]["name"] == "黄婆婆"
    assert city[other]["beneficiary_name"] == "李伯"
    assert client.get(URL, headers=world.tokens["volunteer"]).status_code == 403


def test_list_filters_orders_with_takes_waiting_for_review(client, world):
    waiting = make_order(world.station, status=OrderStatus.OPEN, pending_takers=1)
    reviewed = make_order(world.station, status=OrderStatus.OPEN, approved_takers=1)
    untaken = make_order(world.station, status=OrderStatus.OPEN)
    elsewhere = make_order(world.other_station, status=OrderStatus.OPEN, pending_takers=2)
    assert _ids(client, world, has_pending_takes="1") == [waiting]
    assert _ids(client, world, has_pending_takes="true", status="open") == [waiting]
    assert _ids(client, world, has_pending_takes="false") == [untaken, reviewed]
    assert _ids(client, world) == [untaken, reviewed, waiting]
    assert _ids(client, world, "association_admin", has_pending_takes="1") == [elsewhere, waiting]
    assert _ids(client, world, "other_station_admin", has_pending_takes="1") == [elsewhere]
    mine = client.get(f"{URL}/mine", query_string={"has_pending_takes": "1"}, headers=world.tokens["station_staff"])
    assert [row["id"] for row in mine.json["items"]] == [waiting]
    bad = client.get(URL, query_string={"has_pending_takes": "maybe"}, headers=world.tokens["station_staff"])
    assert (bad.status_code, bad.json["errors"]) == (422, {"has_pending_takes": ["应为是或否"]})


def test_detail_has_no_take_or_certification_of_a_stranger(client, world):
    order_id = make_order(world.station, status=OrderStatus.OPEN, pending_takers=1)
    for who in ("station_staff", "association_admin", "volunteer"):
        body = client.get(f"{URL}/{order_id}", headers=world.tokens[who]).json
        assert (body["my_take"], body["certification"]) == (None, None), who


def test_mine_lists_the_orders_of_my_station(client, world):
    ids = _listing(world)
    response = client.get(f"{URL}/mine", headers=world.tokens["other_station_admin"]).json
    assert [row["id"] for row in response["items"]] == [ids["other"]]
    assert client.get(f"{URL}/mine", query_string={"tab": "pending"},
                      headers=world.tokens["station_staff"]).json["total"] == 1
    assert client.get(f"{URL}/mine", headers=world.tokens["association_admin"]).status_code == 403


def test_export_reads_back_with_the_seed_columns(client, world):
    ids = _listing(world)
    response = client.get(f"{URL}/export", query_string={"tab": "all"}, headers=world.tokens["association_admin"])
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="orders.xlsx"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]).startswith("V订单记录_")
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("订单号", "需求标题", "需求类型", "身份证号码", "服务项目", "所属街道", "服务开始时间",
                       "服务结束时间", "收到捐赠积分", "订单状态", "创建人", "最后修改时间")
    assert len(rows) == 1 + len(ids)
    by_title = {row[1]: row for row in rows[1:]}
    meal = by_title["助餐配餐"]
    assert (meal[2], meal[4], meal[5], meal[8]) == ("为他人下单", "助餐配餐", "五山街道", 0)
    assert all("*" in row[3] for row in rows[1:])
    assert by_title["理发服务"][9] == "二审不通过" and by_title["陪长者散步"][10] == "北京街道社工站"
    assert len(by_title["上门探访"][6]) == 19  # 2026-05-01 09:00:00, Asia/Shanghai
    own = client.get(f"{URL}/export", query_string={"status": "pending"}, headers=world.tokens["station_staff"])
    own_rows = list(load_workbook(io.BytesIO(own.data), read_only=True).active.iter_rows(values_only=True))
    assert [row[1] for row in own_rows[1:]] == ["陪长者就医"] and "*" not in own_rows[1][3]


def _count_queries(app, call) -> int:
    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_the_list_costs_the_same_queries_whatever_the_page_size(app, client, world):
    beneficiary = make_beneficiary(world.station)
    for index in range(30):
        make_order(world.station, beneficiary_id=beneficiary, status=list(OrderStatus)[index % len(OrderStatus)])
    headers = world.tokens["station_staff"]

    def page(size, **query):
        return lambda: client.get(URL, query_string={"page_size": size, **query}, headers=headers)

    page(1)()  # warm up: the first request of a session may record its use
    small, large = _count_queries(app, page(3)), _count_queries(app, page(30))
    assert small == large
    assert _count_queries(app, page(3, has_pending_takes="0")) == _count_queries(app, page(30, has_pending_takes="0"))
    assert len(client.get(URL, query_string={"page_size": 30}, headers=headers).json["items"]) == 30
    client.get(f"{URL}/mine", headers=headers)
    mine_small = _count_queries(app, lambda: client.get(f"{URL}/mine", query_string={"page_size": 2}, headers=headers))
    mine_large = _count_queries(app, lambda: client.get(f"{URL}/mine", query_string={"page_size": 25},
                                                        headers=headers))
    assert mine_small == mine_large
