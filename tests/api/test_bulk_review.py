"""Bulk review (批量审核) from the console: each item in its own transaction, so one refusal (already
reviewed, outside the caller's region, missing) neither stops nor undoes the others, and the answer says
item by item what happened in the single endpoint's own words."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.timebank.models import OrderStatus, WishOrder
from tests.factories import auth, token_for
from tests.timebank.factories_orders import make_order, make_order_world

BULK = "/api/v1/orders/bulk/final-approve"


@pytest.fixture
def world(app_ctx):
    return make_order_world("bulk")


def test_approves_each_order_it_may_and_reports_the_others(client, world):
    ready = [make_order(world.station, status=OrderStatus.FIRST_APPROVED) for _ in range(2)]
    pending = make_order(world.station, status=OrderStatus.PENDING)  # not first-approved yet
    answer = client.post(BULK, headers=auth(token_for(world.association_admin)),
                         json={"ids": [ready[0], pending, 2147483000, ready[1]]})
    assert answer.status_code == 200, answer.json
    assert (answer.json["succeeded"], answer.json["failed"]) == (2, 2)
    by_id = {r["id"]: r for r in answer.json["results"]}
    assert by_id[ready[0]]["ok"] and by_id[ready[1]]["ok"]
    assert by_id[pending]["error"] == "invalid_transition" and by_id[pending]["message"]
    assert by_id[2147483000]["error"] == "order_not_found"
    db.session.expire_all()
    assert [db.session.get(WishOrder, i).status for i in (*ready, pending)] == \
        [OrderStatus.OPEN, OrderStatus.OPEN, OrderStatus.PENDING]
    again = client.post(BULK, headers=auth(token_for(world.association_admin)), json={"ids": ready}).json
    assert again["succeeded"] == 0 and {r["error"] for r in again["results"]} == {"invalid_transition"}


@pytest.mark.parametrize("body", [{"ids": []}, {"ids": [1, 1]}, {"ids": list(range(1, 52))}, {"ids": ["1"]},
                                  {"ids": [0]}, {"ids": [[1]]}, {}])
def test_malformed_lists_are_refused_whole(client, world, body):
    order = make_order(world.station, status=OrderStatus.FIRST_APPROVED)
    body = body or {"nothing": [order]}
    answer = client.post(BULK, headers=auth(token_for(world.association_admin)), json=body)
    assert answer.status_code == 422 and answer.json["error"] == "validation_error"
    db.session.expire_all()
    assert db.session.get(WishOrder, order).status is OrderStatus.FIRST_APPROVED


def test_a_station_cannot_bulk_final_approve(client, world):
    order = make_order(world.station, status=OrderStatus.FIRST_APPROVED)
    assert client.post(BULK, headers=auth(token_for(world.station_admin)), json={"ids": [order]}).status_code == 403
