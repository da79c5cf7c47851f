"""Races on activity places (PostgreSQL: real row locks, one connection per thread).

Each racer is a full HTTP request through its own test client and app context, so the transaction, the
locks and the error envelope are the production ones.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.activities.models import ActivitySignup, SignupStatus
from app.extensions import db
from tests.activities.factories_activities import (
    activity_row,
    activity_world,
    make_activity,
    make_volunteer,
    make_volunteers,
    sign,
)
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.factories import auth, token_for

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def world(app_ctx):
    return activity_world()


def post(app, path, token):
    with app.app_context(), app.test_client() as client:
        return client.post(path, json={}, headers=auth(token))


def live_signups(activity_id) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ActivitySignup.volunteer_id).where(
        ActivitySignup.activity_id == activity_id, ActivitySignup.status == SignupStatus.SIGNED_UP)))


@pytest.mark.parametrize("round_", range(5))
def test_100_volunteers_race_for_5_places(app, world, round_):
    activity_id = make_activity(world, headcount=5)
    tokens = [token_for(user_id) for user_id in make_volunteers(100)]

    responses = run_together(100, lambda i: post(app, f"/api/v1/activities/{activity_id}/signups", tokens[i]))

    codes = sorted(r.status_code for r in responses)
    assert codes == [201] * 5 + [409] * 95, [r.json for r in responses if r.status_code not in (201, 409)][:3]
    refused = {(r.json["error"], r.json["message"]) for r in responses if r.status_code == 409}
    assert refused == {("activity_full", "该活动报名人数已满")}
    live = live_signups(activity_id)
    assert len(live) == len(set(live)) == 5
    assert activity_row(activity_id).signed_up_count == 5


@pytest.mark.parametrize("round_", range(3))
def test_one_volunteer_signing_up_many_times_at_once_holds_one_place(app, world, round_):
    activity_id = make_activity(world, headcount=5)
    token = token_for(make_volunteer())

    responses = run_together(10, lambda _: post(app, f"/api/v1/activities/{activity_id}/signups", token))

    assert sorted(r.status_code for r in responses) == [201] + [409] * 9
    assert {r.json["error"] for r in responses if r.status_code == 409} == {"already_signed_up"}
    assert activity_row(activity_id).signed_up_count == 1 and len(live_signups(activity_id)) == 1


@pytest.mark.parametrize("round_", range(3))
def test_one_volunteer_signing_up_to_two_overlapping_activities_at_once_gets_one(app, world, round_):
    first = make_activity(world, starts_in=timedelta(days=3), hours=2)
    second = make_activity(world, starts_in=timedelta(days=3, hours=1), hours=2)
    token = token_for(make_volunteer())
    paths = [f"/api/v1/activities/{a}/signups" for a in (first, second)]

    responses = run_together(2, lambda i: post(app, paths[i], token))

    assert sorted(r.status_code for r in responses) == [201, 409], [r.json for r in responses]
    assert [r.json["error"] for r in responses if r.status_code == 409] == ["time_conflict"]
    assert activity_row(first).signed_up_count + activity_row(second).signed_up_count == 1


@pytest.mark.parametrize("round_", range(3))
def test_cancelling_the_activity_while_volunteers_sign_up_leaves_no_live_signup(app, world, round_):
    activity_id = make_activity(world, headcount=20)
    sign(make_volunteer("早到的"), activity_id)
    tokens = [token_for(user_id) for user_id in make_volunteers(10)]
    admin = token_for(world["community_admin"])

    def work(i):
        if i == 10:
            with app.app_context(), app.test_client() as client:
                return client.post(f"/api/v1/activities/{activity_id}/cancel", json={"reason": "天气原因"},
                                   headers=auth(admin))
        return post(app, f"/api/v1/activities/{activity_id}/signups", tokens[i])

    responses = run_together(11, work)

    assert responses[10].status_code == 200, responses[10].json
    assert {r.status_code for r in responses[:10]} <= {201, 409}
    # Whoever got in before the cancel was dropped with it; nobody got in after.
    assert live_signups(activity_id) == [] and activity_row(activity_id).signed_up_count == 0
