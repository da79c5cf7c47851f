"""Taking over HTTP: the feed, take / withdraw / review, the taker list, 我接的单 — status codes, the error
envelope, and constant query counts."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.timebank.models import OrderStatus
from tests.factories import auth, forget_cached_answers, make_account, make_org, token_for
from tests.observe import redis_commands
from tests.private_redis import as_app_store, redis_server
from tests.timebank.factories_takes import make_open_order, make_volunteer, order_row, take, take_world

ENVELOPE = {"code", "status", "error", "message", "errors"}


@pytest.fixture
def world(app_ctx):
    world = take_world()
    world["staff_token"] = auth(token_for(world["staff"]))
    return world


def volunteer_headers(name="王小明", phone="13812345678"):
    user_id = make_volunteer(name, phone)
    return user_id, auth(token_for(user_id))


def count_queries(client, url, headers):
    statements = []
    forget_cached_answers()  # the uncached path, the same for every call

    def count(_conn, _cursor, statement, *_args):
        if statement != "BEGIN":
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url, headers=headers)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.json
    return len(statements), response.json


def test_the_feed_lists_open_orders_with_their_names(client, world):
    soon = make_open_order(world, starts_in=timedelta(days=2), title="陪长者散步")
    make_open_order(world, starts_in=timedelta(days=4), street_code="440104001")
    _, headers = volunteer_headers()
    response = client.get("/api/v1/order-feed?district_code=440106", headers=headers)
    assert response.status_code == 200
    [item] = response.json["items"]
    assert item["id"] == soon and item["title"] == "陪长者散步" and item["street_name"] == "五山街道"
    assert item["places_left"] == 3 and item["taken_by_me"] is False and item["distance_km"] is None
    assert response.json["next_cursor"] is None
    nearby = client.get("/api/v1/order-feed?sort=distance&lat=23.156&lng=113.352", headers=headers).json
    assert [i["distance_km"] is not None for i in nearby["items"]] == [True, True]


def test_feed_pages_follow_the_cursor(client, world):
    expected = [make_open_order(world, starts_in=timedelta(days=2, hours=i)) for i in range(5)]
    _, headers = volunteer_headers()
    seen, cursor = [], None
    while True:
        url = "/api/v1/order-feed?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=headers).json
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == expected


@pytest.mark.parametrize("query,field", [
    ("limit=0", "limit"), ("limit=51", "limit"), ("sort=distance", "lat"), ("sort=distance&lat=23", "lng"),
    ("lat=91&lng=0&sort=distance", "lat"), ("sort=nearest", "sort"), ("cursor=%21%21", "cursor"),
    ("district_code=abc", "district_code"),
    ("starts_from=2026-01-02T00:00:00%2B08:00&starts_to=2026-01-01T00:00:00%2B08:00", "starts_to"),
    ("starts_from=2026-01-02T00:00:00", "starts_from"),
])
def test_feed_refuses_bad_queries_with_a_field_error(client, world, query, field):
    _, headers = volunteer_headers()
    response = client.get(f"/api/v1/order-feed?{query}", headers=headers)
    assert response.status_code == 422, response.json
    assert set(response.json) == ENVELOPE and field in response.json["errors"]


@pytest.mark.parametrize("query,field,message", [
    ("district_code=440199", "district_code", "不存在的区县代码"),
    ("district_code=440106001", "district_code", "不存在的区县代码"),  # a street's code is not a district's
    ("street_code=440106999", "street_code", "不存在的街道代码"),
    ("district_code=440104&street_code=440106001", "street_code", "该街道不在所选区县内"),
    ("service_item_code=zz", "service_item_code", "不存在的服务项目代码"),
    ("service_type_code=zz", "service_type_code", "不存在的服务类型代码"),
])
def test_the_feed_refuses_an_unknown_filter_code_naming_its_field(client, world, query, field, message):
    make_open_order(world)
    _, headers = volunteer_headers()
    for _ in range(2):  # the refusal is cached with the (empty) page: the repeat answers the same
        response = client.get(f"/api/v1/order-feed?{query}", headers=headers)
        assert response.status_code == 422, response.json
        assert set(response.json) == ENVELOPE and response.json["errors"] == {field: [message]}


def test_the_feed_names_every_unknown_code_at_once(client, world):
    _, headers = volunteer_headers()
    response = client.get("/api/v1/order-feed?district_code=440199&street_code=440199001"
                          "&service_item_code=zz&service_type_code=01", headers=headers)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"district_code", "street_code", "service_item_code"}


def test_known_codes_with_no_open_order_answer_an_empty_page(client, world):
    make_open_order(world)  # in 五山街道, 天河区, item 01, type 01
    _, headers = volunteer_headers()
    for query in ("district_code=440104", "street_code=440106002", "district_code=440106&street_code=440106002",
                  "service_item_code=01&starts_from=2000-01-01T00:00:00%2B08:00&starts_to=2000-01-02T00:00:00%2B08:00"):
        response = client.get(f"/api/v1/order-feed?{query}", headers=headers)
        assert response.status_code == 200, (query, response.json)
        assert response.json == {"items": [], "next_cursor": None}


def test_a_region_or_catalogue_entry_added_is_accepted_on_the_next_request(client, world):
    from app.accounts.models import Region, RegionLevel
    from app.catalogue.models import CatalogueEntry, CatalogueKind

    _, headers = volunteer_headers()
    street_url = "/api/v1/order-feed?street_code=440106099"
    item_url = "/api/v1/order-feed?service_item_code=new01"
    assert client.get(street_url, headers=headers).status_code == 422
    assert client.get(item_url, headers=headers).status_code == 422
    with unit_of_work():
        district = db.session.scalar(sa.select(Region).where(Region.code == "440106"))
        db.session.add(Region(code="440106099", name="新街道", level=RegionLevel.STREET, parent=district,
                              path=district.path + "440106099/"))
        db.session.add(CatalogueEntry(kind=CatalogueKind.SERVICE_ITEM, code="new01", name="新项目"))
    for url in (street_url, item_url):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.json
        assert response.json == {"items": [], "next_cursor": None}


def test_the_feed_costs_the_same_queries_at_any_page_size(client, world):
    for index in range(30):
        make_open_order(world, starts_in=timedelta(days=2, hours=index))
    _, headers = volunteer_headers()
    small, page = count_queries(client, "/api/v1/order-feed?limit=5&district_code=440106", headers)
    large, page_large = count_queries(client, "/api/v1/order-feed?limit=30&district_code=440106", headers)
    assert (len(page["items"]), len(page_large["items"])) == (5, 30)
    assert small == large


FEED_URL = "/api/v1/order-feed?limit=5&district_code=440106"


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture
def private_store(app, redis_url):
    """The app's store is a Redis server of this module's own (tests/private_redis.py): on the suite's
    Redis, another worker's write to a `gen:` key or its FLUSHDB would make the mirror forget at any moment
    (client tracking is not per database), and "nothing sent to Redis" could not be asserted once."""
    with as_app_store(app, redis_url) as kv:
        yield kv


@pytest.fixture
def cached_feed(private_store, app, client, world, monkeypatch):
    """A feed page requested twice, and `again()`: the same request, with the Redis commands and SQL
    statements it made. The first request computes and stores the entries, creating their generations'
    tokens (SET NX): Redis's messages about those writes make this process's mirror drop what it had, so it
    learns the tokens from the second request's read. The store is in place before `world` signs anybody in."""
    kv = private_store
    make_open_order(world)
    _, headers = volunteer_headers()
    first = client.get(FEED_URL, headers=headers)
    client.get(FEED_URL, headers=headers)
    sent, statements = redis_commands(kv, monkeypatch), []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    def again():
        sent.clear()
        statements.clear()
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(FEED_URL, headers=headers)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        assert response.json == first.json and len(response.json["items"]) == 1
        return list(sent), [s for s in statements if s not in ("BEGIN", "COMMIT")]

    return again


def test_a_repeated_feed_request_reads_neither_redis_nor_the_database(cached_feed):
    """The token check and the feed's page and "taken by me" entries are all held by this process's cache
    mirror (app/core/mirror.py): a repeated request sends nothing to Redis and queries nothing."""
    assert cached_feed() == ([], [])


def test_a_repeated_feed_request_without_the_mirror_is_one_round_trip(app, cached_feed, monkeypatch):
    """With the mirror off (CACHE_MIRROR=0), the token check still fetches the feed's entries with its own
    (prefetch): one MGET, no SQL."""
    from app.core.kv import RedisKV

    kv = app.extensions["timebank.kv"]
    monkeypatch.setitem(app.extensions, "timebank.kv", RedisKV(kv.client))  # the same Redis, no mirror
    assert cached_feed() == (["MGET"], [])


def test_take_withdraw_and_take_again(client, world):
    order_id = make_open_order(world)
    _, headers = volunteer_headers()
    created = client.post(f"/api/v1/orders/{order_id}/takes", json={}, headers=headers)
    assert created.status_code == 201 and created.json["status"] == "pending"
    again = client.post(f"/api/v1/orders/{order_id}/takes", json={}, headers=headers)
    assert again.status_code == 409 and again.json["error"] == "already_taken"
    assert again.json["message"] == "您已接过该订单"
    feed = client.get("/api/v1/order-feed", headers=headers).json["items"]
    assert feed[0]["taken_by_me"] is True and feed[0]["places_left"] == 2
    withdrawn = client.post(f"/api/v1/takes/{created.json['id']}/withdraw", headers=headers)
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "withdrawn"
    assert client.post(f"/api/v1/takes/{created.json['id']}/withdraw", headers=headers).status_code == 409
    assert client.post(f"/api/v1/orders/{order_id}/takes", json={}, headers=headers).status_code == 201


def test_taking_refusals_are_clear(client, world):
    full = make_open_order(world, recruit_count=1)
    take(make_volunteer(), full)
    _, headers = volunteer_headers()
    response = client.post(f"/api/v1/orders/{full}/takes", json={}, headers=headers)
    assert response.status_code == 409
    assert (response.json["error"], response.json["message"]) == ("order_full", "该订单招募人数已满")
    _, no_phone = volunteer_headers(phone=None)
    response = client.post(f"/api/v1/orders/{make_open_order(world)}/takes", json={}, headers=no_phone)
    assert response.status_code == 409 and response.json["error"] == "phone_required"
    assert "手机号" in response.json["message"]
    response = client.post("/api/v1/orders/999999/takes", json={}, headers=headers)
    assert response.status_code == 404 and response.json["error"] == "order_not_found"
    response = client.post(f"/api/v1/orders/{full}/takes", json={"as_organisation_id": "x"}, headers=headers)
    assert response.status_code == 422 and "as_organisation_id" in response.json["errors"]
    response = client.post(f"/api/v1/orders/{full}/takes", json={"extra": 1}, headers=headers)
    assert response.status_code == 422 and "extra" in response.json["errors"]


@pytest.mark.parametrize("status", [OrderStatus.PENDING, OrderStatus.FIRST_APPROVED, OrderStatus.FINAL_REJECTED,
                                    OrderStatus.CANCELLED, OrderStatus.EXPIRED])
def test_an_order_the_caller_cannot_open_answers_like_a_missing_one(client, world, status):
    hidden = make_open_order(world, status=status)
    missing = client.post("/api/v1/orders/2147483647/takes", json={}, headers=volunteer_headers()[1])
    assert missing.status_code == 404 and missing.json["error"] == "order_not_found"
    answers = [client.post(f"/api/v1/orders/{hidden}/takes", json=body, headers=volunteer_headers()[1])
               for body in ({}, {"as_organisation_id": None})]
    for answer in answers:
        assert (answer.status_code, answer.json) == (missing.status_code, missing.json)
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    as_provider = auth(token_for(make_account(provider, "pv-hidden")))
    for order_id in (hidden, 2147483647):
        answer = client.post(f"/api/v1/orders/{order_id}/takes", json={"as_organisation_id": provider},
                             headers=as_provider)
        assert (answer.status_code, answer.json) == (missing.status_code, missing.json)


def test_station_reviews_takers_until_the_order_is_recruited(client, world):
    order_id = make_open_order(world, recruit_count=2)
    first = take(make_volunteer("甲", "13811112222"), order_id)
    second = take(make_volunteer("乙", "13833334444"), order_id)
    third_user, third_headers = volunteer_headers("丙")
    staff = world["staff_token"]

    rejected = client.post(f"/api/v1/takes/{first}/reject", json={}, headers=staff)
    assert rejected.status_code == 422 and "reason" in rejected.json["errors"]
    rejected = client.post(f"/api/v1/takes/{first}/reject", json={"reason": "时间不合适"}, headers=staff)
    assert rejected.status_code == 200 and rejected.json["status_reason"] == "时间不合适"
    twice = client.post(f"/api/v1/takes/{first}/reject", json={"reason": "再次"}, headers=staff)
    assert twice.status_code == 409 and twice.json["error"] == "invalid_transition"
    third = client.post(f"/api/v1/orders/{order_id}/takes", json={}, headers=third_headers).json["id"]

    takers = client.get(f"/api/v1/orders/{order_id}/takes", headers=staff).json
    assert [(t["name"], t["phone"], t["status"]) for t in takers] == [
        ("甲", "138****2222", "rejected"), ("乙", "138****4444", "pending"), ("丙", "138****5678", "pending")]
    pending = client.get(f"/api/v1/orders/{order_id}/takes?status=pending", headers=staff).json
    assert [t["id"] for t in pending] == [second, third]

    assert client.post(f"/api/v1/takes/{second}/approve", headers=staff).json["status"] == "approved"
    assert client.post(f"/api/v1/takes/{third}/approve", headers=staff).json["status"] == "approved"
    assert order_row(order_id).status == "in_progress"
    again = client.post(f"/api/v1/takes/{first}/approve", headers=staff)
    assert again.status_code == 409 and again.json["error"] == "invalid_transition"
    mine = client.get("/api/v1/me/taken-orders", headers=third_headers).json
    assert [(t["id"], t["status"], t["order"]["status"]) for t in mine["items"]] == [(third, "approved", "in_progress")]
    assert third_user


def test_the_taker_list_costs_the_same_queries_for_2_or_12_takers(client, world):
    small, large = make_open_order(world, recruit_count=20), make_open_order(world, recruit_count=20)
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    take(make_account(provider, "pv-list"), large, as_organisation_id=provider)
    for index in range(2):
        take(make_volunteer(f"小{index}", "13800000000"), small)
    for index in range(11):
        take(make_volunteer(f"大{index}", "13800000000"), large)
    few, rows_few = count_queries(client, f"/api/v1/orders/{small}/takes", world["staff_token"])
    many, rows_many = count_queries(client, f"/api/v1/orders/{large}/takes", world["staff_token"])
    assert (len(rows_few), len(rows_many)) == (2, 12) and few == many
    assert rows_many[0]["taker_type"] == "provider" and rows_many[0]["provider_org_name"] == "天河志愿服务队"


def test_a_provider_takes_for_its_organisation(client, world):
    order_id = make_open_order(world)
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    pv_headers = auth(token_for(make_account(provider, "pv-staff", MemberRole.STAFF)))
    body = {"as_organisation_id": provider}
    created = client.post(f"/api/v1/orders/{order_id}/takes", json=body, headers=pv_headers)
    assert created.status_code == 201 and created.json["provider_org_id"] == provider
    assert created.json["volunteer_id"] is None
    _, volunteer = volunteer_headers()
    assert client.post(f"/api/v1/orders/{order_id}/takes", json=body, headers=volunteer).status_code == 403
    other = auth(token_for(make_account(make_org(OrgKind.VOLUNTEER_ORG, "440106", "另一队"), "pv-other")))
    refused = client.post(f"/api/v1/orders/{order_id}/takes", json=body, headers=other)
    assert refused.status_code == 404 and set(refused.json) == ENVELOPE
    mine = client.get("/api/v1/me/taken-orders", headers=pv_headers).json["items"]
    assert [t["provider_org_name"] for t in mine] == ["天河志愿服务队"]


def test_my_taken_orders_pages_and_filters(client, world):
    user_id, headers = volunteer_headers()
    taken = [take(user_id, make_open_order(world, starts_in=timedelta(days=2 + i))) for i in range(3)]
    first = client.get("/api/v1/me/taken-orders?limit=2", headers=headers).json
    assert [t["id"] for t in first["items"]] == taken[:0:-1]
    rest = client.get(f"/api/v1/me/taken-orders?limit=2&before_id={first['next_before_id']}", headers=headers).json
    assert [t["id"] for t in rest["items"]] == [taken[0]] and rest["next_before_id"] is None
    assert client.get("/api/v1/me/taken-orders?status=approved", headers=headers).json["items"] == []
    bad = client.get("/api/v1/me/taken-orders?status=done", headers=headers)
    assert bad.status_code == 422 and "status" in bad.json["errors"]


def test_the_order_detail_shows_my_own_take(client, world):
    order_id = make_open_order(world)
    url = f"/api/v1/orders/{order_id}"
    user_id, headers = volunteer_headers()
    _, stranger = volunteer_headers("路人", "13900000000")
    assert client.get(url, headers=headers).json["my_take"] is None
    first = client.post(f"{url}/takes", json={}, headers=headers).json["id"]
    assert client.get(url, headers=headers).json["my_take"] == {
        "id": first, "status": "pending", "status_label": "待审核", "status_reason": None,
        "provider_org_id": None, "provider_org_name": None}
    # Someone else's take is never shown: not to another volunteer, not to the reviewing staff.
    assert client.get(url, headers=stranger).json["my_take"] is None
    assert client.get(url, headers=world["staff_token"]).json["my_take"] is None
    client.post(f"/api/v1/takes/{first}/withdraw", headers=headers)
    assert client.get(url, headers=headers).json["my_take"]["status_label"] == "已撤回"
    second = client.post(f"{url}/takes", json={}, headers=headers).json["id"]
    assert client.get(url, headers=headers).json["my_take"]["id"] == second  # the live take wins
    client.post(f"/api/v1/takes/{second}/reject", json={"reason": "时间不合适"}, headers=world["staff_token"])
    rejected = client.get(url, headers=headers).json["my_take"]
    assert (rejected["id"], rejected["status"], rejected["status_reason"]) == (second, "rejected", "时间不合适")
    assert user_id


def test_the_order_detail_shows_my_organisations_take(client, world):
    order_id = make_open_order(world)
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    taker = auth(token_for(make_account(provider, "pv-taker", MemberRole.STAFF)))
    colleague = auth(token_for(make_account(provider, "pv-colleague", MemberRole.STAFF)))
    outsider = auth(token_for(make_account(make_org(OrgKind.VOLUNTEER_ORG, "440106", "另一队"), "pv-out")))
    created = client.post(f"/api/v1/orders/{order_id}/takes", json={"as_organisation_id": provider}, headers=taker)
    assert created.status_code == 201, created.json
    for headers in (taker, colleague):
        mine = client.get(f"/api/v1/orders/{order_id}", headers=headers).json["my_take"]
        assert (mine["id"], mine["provider_org_id"], mine["provider_org_name"]) == (
            created.json["id"], provider, "天河志愿服务队")
    assert client.get(f"/api/v1/orders/{order_id}", headers=outsider).json["my_take"] is None


ADDRESS = "五山路 1 号 101"  # make_open_order's
PRIVATE = ("address", "latitude", "longitude", "content", "traffic_guide", "taker_notes")


@pytest.mark.parametrize("status", [OrderStatus.IN_PROGRESS, OrderStatus.TO_EVALUATE, OrderStatus.COMPLETED])
def test_once_under_way_only_takers_and_staff_see_where_and_what(client, world, status):
    from app.timebank.models import WishOrder

    order_id = make_open_order(world, recruit_count=3)
    url = f"/api/v1/orders/{order_id}"
    taker, taker_h = volunteer_headers("接单人", "13811110001")
    turned_down, turned_down_h = volunteer_headers("未录用", "13811110002")
    _, stranger_h = volunteer_headers("路人", "13811110003")
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    provider_admin = make_account(provider, "pv-under-way")
    provider_colleague_h = auth(token_for(make_account(provider, "pv-colleague", MemberRole.STAFF)))
    association_h = auth(token_for(make_account(make_org(OrgKind.ASSOCIATION, "440100", "市志协"), "assoc-uw")))
    staff = world["staff_token"]
    approved = [take(taker, order_id), take(provider_admin, order_id, as_organisation_id=provider)]
    for take_id in approved:
        assert client.post(f"/api/v1/takes/{take_id}/approve", headers=staff).status_code == 200
    refused = take(turned_down, order_id)
    assert client.post(f"/api/v1/takes/{refused}/reject", json={"reason": "人数已够"}, headers=staff).status_code == 200
    public = client.get(url, headers=stranger_h).json
    assert public["address"] == ADDRESS and public["content"]  # still open: volunteers decide from it
    with unit_of_work():
        db.session.execute(sa.update(WishOrder).where(WishOrder.id == order_id).values(status=status))

    def detail(headers):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.json
        return response.json

    for headers in (taker_h, provider_colleague_h, staff, association_h):
        full = detail(headers)
        assert full["address"] == ADDRESS and full["latitude"] is not None and full["content"]
        assert full["traffic_guide"] and full["taker_notes"]
    for headers in (stranger_h, turned_down_h):
        summary = detail(headers)
        assert {name: summary[name] for name in PRIVATE} == dict.fromkeys(PRIVATE)
        assert (summary["title"], summary["status"], summary["street"]["name"]) == (
            public["title"], status.value, public["street"]["name"])
    # 我接的单 follows the same rule: the turned-down volunteer's row no longer says where.
    mine = client.get("/api/v1/me/taken-orders", headers=turned_down_h).json["items"]
    assert mine[0]["order"]["address"] is None
    assert client.get("/api/v1/me/taken-orders", headers=taker_h).json["items"][0]["order"]["address"] == ADDRESS
