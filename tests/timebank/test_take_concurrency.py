"""Races on places and takes (PostgreSQL: real row locks, one connection per thread).

Each racer is a full HTTP request through its own test client and app context, so the transaction,
the locks and the error envelope are the production ones.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.timebank.models import OrderTake, TakeStatus
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.factories import auth, token_for
from tests.timebank.factories_takes import make_open_order, make_volunteer, make_volunteers, order_row, take, take_world

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def world(app_ctx):
    return take_world()


def post(app, path, token, body=None):
    with app.app_context(), app.test_client() as client:
        return client.post(path, json=body if body is not None else {}, headers=auth(token))


def live_takes(order_id):
    db.session.expire_all()
    return db.session.scalars(sa.select(OrderTake).where(
        OrderTake.order_id == order_id, OrderTake.status.in_([TakeStatus.PENDING, TakeStatus.APPROVED]))).all()


@pytest.mark.parametrize("round_", range(3))
def test_200_volunteers_race_for_5_places(app, world, round_):
    order_id = make_open_order(world, recruit_count=5)
    tokens = [token_for(user_id) for user_id in make_volunteers(200)]

    responses = run_together(200, lambda i: post(app, f"/api/v1/orders/{order_id}/takes", tokens[i]))

    codes = sorted(r.status_code for r in responses)
    assert codes == [201] * 5 + [409] * 195, [r.json for r in responses if r.status_code not in (201, 409)][:3]
    refused = [r.json for r in responses if r.status_code == 409]
    assert {(body["error"], body["message"]) for body in refused} == {("order_full", "该订单招募人数已满")}
    assert order_row(order_id).places_held == 5
    assert len(live_takes(order_id)) == 5


@pytest.mark.parametrize("round_", range(3))
def test_one_volunteer_taking_one_order_many_times_at_once_holds_one_place(app, world, round_):
    order_id = make_open_order(world, recruit_count=5)
    token = token_for(make_volunteer())

    responses = run_together(10, lambda _: post(app, f"/api/v1/orders/{order_id}/takes", token))

    assert sorted(r.status_code for r in responses) == [201] + [409] * 9
    assert {r.json["error"] for r in responses if r.status_code == 409} == {"already_taken"}
    assert order_row(order_id).places_held == 1 and len(live_takes(order_id)) == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_overlapping_takes_approved_at_once_end_with_one_approved(app, world, round_):
    volunteer = make_volunteer()
    first = take(volunteer, make_open_order(world, starts_in=timedelta(days=3), hours=2))
    second = take(volunteer, make_open_order(world, starts_in=timedelta(days=3, hours=1), hours=2))
    token = token_for(world["staff"])

    responses = run_together(2, lambda i: post(app, f"/api/v1/takes/{(first, second)[i]}/approve", token))

    assert sorted(r.status_code for r in responses) == [200, 409], [r.json for r in responses]
    assert [r.json["error"] for r in responses if r.status_code == 409] == ["time_conflict"]
    db.session.expire_all()
    statuses = sorted(db.session.get(OrderTake, t).status for t in (first, second))
    assert statuses == [TakeStatus.APPROVED, TakeStatus.PENDING]


@pytest.mark.parametrize("round_", range(3))
def test_withdrawal_racing_approval_one_wins_and_the_counters_agree(app, world, round_):
    order_id = make_open_order(world, recruit_count=2)
    volunteer = make_volunteer()
    take_id = take(volunteer, order_id)
    tokens = (token_for(volunteer), token_for(world["staff"]))
    paths = (f"/api/v1/takes/{take_id}/withdraw", f"/api/v1/takes/{take_id}/approve")

    responses = run_together(2, lambda i: post(app, paths[i], tokens[i]))

    assert sorted(r.status_code for r in responses) == [200, 409], [r.json for r in responses]
    order = order_row(order_id)
    status = db.session.get(OrderTake, take_id).status
    if status == TakeStatus.APPROVED:
        assert (order.places_held, order.approved_count) == (1, 1)
    else:
        assert status == TakeStatus.WITHDRAWN and (order.places_held, order.approved_count) == (0, 0)
