"""积分 and 捐分 over HTTP: balance, history, donations (idempotent by request id), the home tile."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from app.extensions import db
from app.timebank.models import OrderStatus, TakeStatus, TimebankEvent, WishOrder
from tests.factories import auth, load_regions, make_account, make_admin, make_org, make_user, token_for
from tests.timebank.factories_points import count_queries, give_points, make_order, make_take, seed_catalogues


@pytest.fixture
def world(app_ctx):
    load_regions()
    seed_catalogues()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    other = make_org(OrgKind.STATION, "440104001", "北京街道社工站")
    association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
    ids = {"station": station, "other": other,
           "staff": make_account(station, "pts-staff", MemberRole.STAFF),
           "other_staff": make_account(other, "pts-other", MemberRole.STAFF),
           "association_admin": make_account(association, "pts-assoc"),
           "volunteer": make_user(mp_openid="o-pts-v", real_name="小明"),
           "friend": make_user(mp_openid="o-pts-f", real_name="小红"),
           "admin": make_admin()}
    ids["order"] = make_order(station, ids["staff"], title="陪长者就医")
    ids["other_order"] = make_order(other, ids["other_staff"], street_code="440104001", title="助餐")
    return ids


def _donate(client, token, order_id, points=1, request_id=None, **extra):
    body = {"points": points, "request_id": str(request_id or uuid.uuid4()), **extra}
    return client.post(f"/api/v1/orders/{order_id}/donations", json=body, headers=auth(token))


def test_balance_starts_at_zero_and_follows_credits(client, world):
    token = token_for(world["volunteer"])
    assert client.get("/api/v1/me/points", headers=auth(token)).json == {"balance": 0}
    give_points(world["volunteer"], 12)
    assert client.get("/api/v1/me/points", headers=auth(token)).json == {"balance": 12}
    assert client.get("/api/v1/me/points").status_code == 401


def test_a_donation_moves_points_to_the_order_and_shows_on_it(client, world):
    give_points(world["volunteer"], 10)
    token = token_for(world["volunteer"])
    response = _donate(client, token, world["order"], 4)
    assert response.status_code == 201, response.json
    assert response.json | {"transfer_id": 0, "created_at": ""} == {
        "transfer_id": 0, "order_id": world["order"], "points": 4, "balance": 6, "order_donated_points": 4,
        "created_at": "", "replayed": False}
    assert db.session.get(WishOrder, world["order"]).donated_points == 4
    event = db.session.scalar(sa.select(TimebankEvent).where(TimebankEvent.action == "donate"))
    assert (event.order_id, event.actor_id, event.subject_type) == (world["order"], world["volunteer"], "order")


def test_a_retried_request_donates_once_and_answers_the_same(client, world):
    give_points(world["volunteer"], 10)
    token, request_id = token_for(world["volunteer"]), uuid.uuid4()
    first = _donate(client, token, world["order"], 3, request_id)
    again = _donate(client, token, world["order"], 3, request_id)
    assert first.status_code == again.status_code == 201
    assert again.json["transfer_id"] == first.json["transfer_id"]
    assert again.json["replayed"] is True and again.json["balance"] == 7
    assert db.session.get(WishOrder, world["order"]).donated_points == 3
    reused = _donate(client, token, world["order"], 5, request_id)
    assert reused.status_code == 409 and reused.json["error"] == "request_id_reused"
    elsewhere = _donate(client, token, world["other_order"], 3, request_id)
    assert elsewhere.status_code == 409 and elsewhere.json["error"] == "request_id_reused"


def test_the_same_request_id_from_two_people_is_two_donations(client, world):
    give_points(world["volunteer"], 5)
    give_points(world["friend"], 5)
    request_id = uuid.uuid4()
    for person in ("volunteer", "friend"):
        assert _donate(client, token_for(world[person]), world["order"], 2, request_id).json["replayed"] is False
    assert db.session.get(WishOrder, world["order"]).donated_points == 4


def test_no_overdraft(client, world):
    give_points(world["volunteer"], 2)
    response = _donate(client, token_for(world["volunteer"]), world["order"], 3)
    assert response.status_code == 409
    assert (response.json["error"], response.json["message"]) == ("insufficient_points", "积分余额不足")
    assert db.session.get(WishOrder, world["order"]).donated_points == 0
    assert client.get("/api/v1/me/points", headers=auth(token_for(world["volunteer"]))).json == {"balance": 2}


@pytest.mark.parametrize("status", [OrderStatus.PENDING, OrderStatus.FIRST_APPROVED, OrderStatus.REJECTED,
                                    OrderStatus.FINAL_REJECTED, OrderStatus.CANCELLED, OrderStatus.EXPIRED,
                                    OrderStatus.ABORTED])
def test_only_published_live_orders_take_donations(client, world, status):
    give_points(world["volunteer"], 5)
    give_points(world["staff"], 5)
    order = make_order(world["station"], world["staff"], status=status)
    # A volunteer cannot open such an order: it answers exactly like a missing one (no existence oracle).
    hidden = _donate(client, token_for(world["volunteer"]), order, 1)
    missing = _donate(client, token_for(world["volunteer"]), 999999, 1)
    assert (hidden.status_code, hidden.json) == (missing.status_code, missing.json)
    assert missing.status_code == 404 and missing.json["error"] == "order_not_found"
    # The station's own staff can open it, so they are told why.
    visible = _donate(client, token_for(world["staff"]), order, 1)
    assert visible.status_code == 409 and visible.json["error"] == "order_not_donatable"
    assert client.get("/api/v1/me/points", headers=auth(token_for(world["volunteer"]))).json == {"balance": 5}


@pytest.mark.parametrize("status", [OrderStatus.IN_PROGRESS, OrderStatus.TO_EVALUATE, OrderStatus.COMPLETED])
def test_orders_under_way_or_done_take_donations(client, world, status):
    give_points(world["volunteer"], 5)
    order = make_order(world["station"], world["staff"], status=status)
    assert _donate(client, token_for(world["volunteer"]), order, 1).status_code == 201


def test_a_missing_order_is_404(client, world):
    give_points(world["volunteer"], 5)
    response = _donate(client, token_for(world["volunteer"]), 999999, 1)
    assert response.status_code == 404 and response.json["error"] == "order_not_found"


@pytest.mark.parametrize("body,field", [
    ({"points": 0, "request_id": str(uuid.uuid4())}, "points"),
    ({"points": -1, "request_id": str(uuid.uuid4())}, "points"),
    ({"points": "2", "request_id": str(uuid.uuid4())}, "points"),
    ({"points": 1.5, "request_id": str(uuid.uuid4())}, "points"),
    ({"points": 10_000_000, "request_id": str(uuid.uuid4())}, "points"),
    ({"request_id": str(uuid.uuid4())}, "points"),
    ({"points": 1}, "request_id"),
    ({"points": 1, "request_id": "not-a-uuid"}, "request_id"),
    ({"points": 1, "request_id": str(uuid.uuid4()), "user_id": 1}, "user_id"),
])
def test_invalid_donations_are_refused_with_a_field_error(client, world, body, field):
    response = client.post(f"/api/v1/orders/{world['order']}/donations", json=body,
                           headers=auth(token_for(world["volunteer"])))
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_history_lists_signed_entries_with_counterparts_newest_first(client, world):
    give_points(world["volunteer"], 10)
    token = token_for(world["volunteer"])
    _donate(client, token, world["order"], 4)
    entries = client.get("/api/v1/me/points/entries", headers=auth(token)).json
    number = db.session.get(WishOrder, world["order"]).number
    assert [(e["amount"], e["cause"], e["counterpart"]["type"], e["counterpart"]["name"]) for e in entries] == [
        (-4, "donation", "order", f"陪长者就医（{number}）"), (10, "certification", "system", "时间银行")]
    assert entries[0]["memo"] == "捐分：陪长者就医"
    second_page = client.get(f"/api/v1/me/points/entries?limit=1&before_id={entries[0]['id']}",
                             headers=auth(token)).json
    assert [e["id"] for e in second_page] == [entries[1]["id"]]


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "before_id=0", "before_id=abc"])
def test_history_refuses_bad_paging(client, world, query):
    response = client.get(f"/api/v1/me/points/entries?{query}", headers=auth(token_for(world["volunteer"])))
    assert response.status_code == 422


def test_history_costs_the_same_whatever_the_page_size(client, world):
    give_points(world["volunteer"], 40)
    token = token_for(world["volunteer"])
    for _ in range(8):
        assert _donate(client, token, make_order(world["station"], world["staff"]), 1).status_code == 201
    db.session.remove()
    client.get("/api/v1/me/points/entries?limit=1", headers=auth(token))  # warm up the connection
    with count_queries() as small:
        assert len(client.get("/api/v1/me/points/entries?limit=1", headers=auth(token)).json) == 1
    with count_queries() as large:
        assert len(client.get("/api/v1/me/points/entries?limit=50", headers=auth(token)).json) == 9
    assert large.count == small.count


def test_the_home_tile_for_a_station_counts_its_orders(client, world):
    give_points(world["volunteer"], 10)
    give_points(world["friend"], 10)
    make_take(world["order"], world["volunteer"], TakeStatus.APPROVED)
    make_take(world["order"], world["friend"], TakeStatus.PENDING)
    make_take(world["other_order"], world["friend"], TakeStatus.APPROVED)
    _donate(client, token_for(world["volunteer"]), world["order"], 7)
    _donate(client, token_for(world["friend"]), world["other_order"], 5)

    def tile(person, query=""):
        return client.get(f"/api/v1/timebank/summary{query}", headers=auth(token_for(world[person]))).json

    assert tile("staff") == {"perspective": "organisation", "taken_count": 1, "raised_points": 7}
    assert tile("other_staff") == {"perspective": "organisation", "taken_count": 1, "raised_points": 5}
    assert tile("association_admin") == {"perspective": "organisation", "taken_count": 2, "raised_points": 12}
    assert tile("admin") == {"perspective": "organisation", "taken_count": 2, "raised_points": 12}
    assert tile("volunteer") == {"perspective": "volunteer", "taken_count": 1, "raised_points": 7}
    assert tile("friend") == {"perspective": "volunteer", "taken_count": 1, "raised_points": 5}
    assert tile("staff", "?perspective=volunteer") == {"perspective": "volunteer", "taken_count": 0,
                                                       "raised_points": 0}
    # A volunteer asking for an organisation's figures sees zeros, not someone else's.
    assert tile("volunteer", "?perspective=organisation") == {"perspective": "organisation", "taken_count": 0,
                                                              "raised_points": 0}
    assert client.get("/api/v1/timebank/summary?perspective=boss",
                      headers=auth(token_for(world["volunteer"]))).status_code == 422
