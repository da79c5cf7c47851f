"""The open-order feed: filters, both sorts, keyset pages, a constant number of queries."""
from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from app.core.errors import InvalidInput
from app.core.timeutil import utcnow
from app.extensions import db
from app.timebank.feed import FeedFilter, Near, open_order_feed
from app.timebank.models import OrderStatus
from tests.factories import forget_cached_answers
from tests.timebank.factories_takes import make_open_order, make_volunteer, take, take_world

ALL = FeedFilter()
HERE = Near(23.1560, 113.3520)  # 五山街道


@pytest.fixture
def world(app_ctx):
    return take_world()


def ids(page):
    return [item["id"] for item in page["items"]]


def walk(user_id, filters=ALL, *, near=None, limit=3):
    """Every page in turn; returns the ids in the order served."""
    seen, cursor = [], None
    while True:
        page = open_order_feed(user_id, filters, near=near, cursor=cursor, limit=limit)
        seen += ids(page)
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


@contextlib.contextmanager
def counting(*, cold: bool = True):
    statements = []
    if cold:
        forget_cached_answers()  # count the database path, not a cached page

    def count(_conn, _cursor, statement, *_args):
        if statement != "BEGIN":  # SQLite's explicit BEGIN (app/core/sqlite.py), not a query
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def test_only_open_orders_before_their_deadline_sorted_by_start(world):
    later = make_open_order(world, starts_in=timedelta(days=5))
    sooner = make_open_order(world, starts_in=timedelta(days=2))
    make_open_order(world, status=OrderStatus.PENDING)
    make_open_order(world, status=OrderStatus.IN_PROGRESS)
    make_open_order(world, starts_in=timedelta(hours=1), deadline_before=timedelta(hours=2))  # deadline passed
    page = open_order_feed(make_volunteer(), ALL)
    assert ids(page) == [sooner, later] and page["next_cursor"] is None
    item = page["items"][0]
    assert (item["service_item_name"], item["service_type_name"]) == ("生活照料", "上门服务")
    assert (item["street_name"], item["district_name"]) == ("五山街道", "天河区")
    assert item["places_left"] == 3 and item["taken_by_me"] is False and item["distance_km"] is None
    starts, deadline, ends = (datetime.fromisoformat(item[k]) for k in ("starts_at", "take_deadline", "ends_at"))
    assert starts > utcnow() and deadline < starts < ends


def test_filters_by_region_catalogue_and_time_window(world):
    wushan = make_open_order(world, street_code="440106001", starts_in=timedelta(days=2))
    yuancun = make_open_order(world, street_code="440106002", service_item_code="02", starts_in=timedelta(days=3))
    beijing = make_open_order(world, street_code="440104001", service_type_code="02", starts_in=timedelta(days=4))
    user = make_volunteer()

    def feed(**kwargs):
        return ids(open_order_feed(user, FeedFilter(**kwargs)))

    assert feed(district_code="440106") == [wushan, yuancun]
    assert feed(district_code="440104") == [beijing]
    assert feed(street_code="440106002") == [yuancun]
    assert feed(service_item_code="02") == [yuancun]
    assert feed(service_type_code="02") == [beijing]
    now = utcnow()
    assert feed(starts_from=now + timedelta(days=2, hours=12), starts_to=now + timedelta(days=3, hours=12)) == [yuancun]
    assert feed(starts_from=now + timedelta(days=3, hours=12)) == [beijing]
    assert feed(district_code="440106", street_code="440106003") == []  # known codes, no order there


@pytest.mark.parametrize("filters,errors", [
    ({"street_code": "999999999"}, {"street_code": ["不存在的街道代码"]}),
    ({"district_code": "440106001"}, {"district_code": ["不存在的区县代码"]}),  # a street is not a district
    ({"district_code": "440106", "street_code": "440104001"}, {"street_code": ["该街道不在所选区县内"]}),
    ({"service_item_code": "02", "service_type_code": "99"}, {"service_type_code": ["不存在的服务类型代码"]}),
])
def test_an_unknown_code_is_refused_naming_its_field(world, filters, errors):
    make_open_order(world, street_code="440104001")
    with pytest.raises(InvalidInput) as refused:
        open_order_feed(make_volunteer(), FeedFilter(**filters))
    assert refused.value.errors == errors


def test_sorted_by_distance_with_kilometres(world):
    near = make_open_order(world, point=(23.1565, 113.3525), starts_in=timedelta(days=9))
    middle = make_open_order(world, point=(23.1700, 113.3700), starts_in=timedelta(days=2))
    far = make_open_order(world, point=(23.1250, 113.2700), starts_in=timedelta(days=3))
    page = open_order_feed(make_volunteer(), ALL, near=HERE)
    assert ids(page) == [near, middle, far]
    km = [item["distance_km"] for item in page["items"]]
    assert km[0] < 0.1 and 2 < km[1] < 3 and 8 < km[2] < 10  # 五山 to 北京街道 is ~9 km


def test_the_caller_sees_their_live_takes_and_the_places_left(world):
    order_id = make_open_order(world, recruit_count=2)
    volunteer = make_volunteer()
    take(volunteer, order_id)
    [mine] = open_order_feed(volunteer, ALL)["items"]
    assert mine["taken_by_me"] is True and mine["places_left"] == 1
    [theirs] = open_order_feed(make_volunteer(), ALL)["items"]
    assert theirs["taken_by_me"] is False


@pytest.mark.parametrize("near", [None, HERE], ids=["by-start", "by-distance"])
def test_keyset_pages_serve_every_open_order_exactly_once(world, near):
    expected = []
    for index in range(13):
        # Ties on purpose: pairs share a start time (and a point), so the id breaks them.
        lat, lng = 23.10 + (index // 2) * 0.01, 113.30 + (index // 2) * 0.01
        expected.append(make_open_order(world, starts_in=timedelta(days=2, hours=index // 2), point=(lat, lng)))
    served = walk(make_volunteer(), near=near, limit=3)
    assert sorted(served) == sorted(expected) and len(served) == len(set(served))
    if near is None:
        assert served == expected


def test_a_new_order_between_pages_neither_repeats_nor_skips(world):
    first = [make_open_order(world, starts_in=timedelta(days=2, hours=i)) for i in range(4)]
    user = make_volunteer()
    page = open_order_feed(user, ALL, limit=2)
    assert ids(page) == first[:2]
    earlier = make_open_order(world, starts_in=timedelta(days=1))  # before the cursor: not served again
    later = make_open_order(world, starts_in=timedelta(days=9))
    rest = open_order_feed(user, ALL, cursor=page["next_cursor"], limit=10)
    assert ids(rest) == first[2:] + [later] and earlier not in ids(rest)


@pytest.mark.parametrize("near", [None, HERE], ids=["by-start", "by-distance"])
def test_constant_number_of_queries_whatever_the_page_size(world, near):
    volunteer = make_volunteer()
    for index in range(60):
        street = ("440106001", "440106002")[index % 2]
        make_open_order(world, starts_in=timedelta(days=2, hours=index), street_code=street)
    take(volunteer, make_open_order(world))
    filters = FeedFilter(district_code="440106", service_item_code="01")
    counts = []
    for size in (5, 50):
        db.session.expire_all()
        with counting() as statements:
            page = open_order_feed(volunteer, filters, near=near, limit=size)
        assert len(page["items"]) == size
        counts.append(len(statements))
    assert counts == [2, 2]  # the page, and the caller's live takes


def test_a_cursor_is_checked(world):
    for index in range(3):
        make_open_order(world, starts_in=timedelta(days=2 + index))
    user = make_volunteer()
    by_distance = open_order_feed(user, ALL, near=HERE, limit=1)["next_cursor"]
    by_start = open_order_feed(user, ALL, limit=1)["next_cursor"]
    for cursor, near in [("garbage!", None), ("e30", None), (by_distance, None), (by_start, HERE),
                         (by_distance, Near(23.0, 113.0))]:
        with pytest.raises(InvalidInput) as caught:
            open_order_feed(user, ALL, near=near, cursor=cursor)
        assert "cursor" in caught.value.errors


def test_many_orders_many_takers_one_query(world):
    """"Taken by me" comes from one query of the caller's live takes, not a query per row."""
    volunteer = make_volunteer()
    for index in range(10):
        take(volunteer, make_open_order(world, starts_in=timedelta(days=2, hours=index * 3)))
    db.session.expire_all()
    with counting() as statements:
        page = open_order_feed(volunteer, ALL, limit=10)
    assert all(item["taken_by_me"] for item in page["items"]) and len(statements) == 2



def test_a_repeated_page_is_served_from_the_cache_until_a_commit_changes_it(world):
    first, second = make_open_order(world, recruit_count=2), make_open_order(world, starts_in=timedelta(days=4))
    me, other = make_volunteer(), make_volunteer()
    with counting() as cold:
        open_order_feed(me, ALL)
    with counting(cold=False) as warm:
        open_order_feed(me, ALL)
    assert (len(cold), len(warm)) == (2, 0)  # the page and my takes, then both from the cache
    take(other, first)  # someone else's take: the places left change for everyone at once
    page = open_order_feed(me, ALL)
    assert [(i["id"], i["places_left"], i["taken_by_me"]) for i in page["items"]] == [
        (first, 1, False), (second, 3, False)]
    take(me, second)  # my own take: marked on my very next page
    page = open_order_feed(me, ALL)
    assert [(i["id"], i["taken_by_me"]) for i in page["items"]] == [(first, False), (second, True)]


def test_a_cached_page_leaves_out_an_order_whose_deadline_has_passed(world, app):
    soon = make_open_order(world, starts_in=timedelta(days=2))
    later = make_open_order(world, starts_in=timedelta(days=3))
    me = make_volunteer()
    assert ids(open_order_feed(me, ALL)) == [soon, later]
    with counting(cold=False) as warm:
        page = open_order_feed(me, ALL, now=utcnow() + timedelta(days=2))  # the clock moves past soon's deadline
    assert warm == [] and ids(page) == [later]
