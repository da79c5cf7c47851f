"""Races on 活动确认 (PostgreSQL: real row locks, one connection per thread). Two staff members submit
different lists for one activity at once: the activity row lock queues them, the second one books only the
difference from what the first left, so the final ledger equals the final rows and nobody is credited twice.
Each racer is a full HTTP request through its own test client and app context."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.activities.factories_activities import activity_world
from tests.activities.factories_attendance import (
    account,
    assert_ledger_consistent,
    assert_ledger_matches_rows,
    attendance_keys,
    confirm,
    line,
    rows,
    started_activity,
)
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.factories import auth, token_for

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]
NAMES = [f"志愿者{i}" for i in range(8)]


@pytest.fixture
def world(app_ctx):
    return activity_world()


def put(app, activity_id, token, items):
    with app.app_context(), app.test_client() as client:
        return client.put(f"/api/v1/activities/{activity_id}/attendance", json={"items": items}, headers=auth(token))


def as_json(volunteers, pattern):
    """One list: volunteer i attended pattern[i] hours (None: a no-show)."""
    return [{"volunteer_id": v, "attended": h is not None, **({"hours": h} if h is not None else {})}
            for v, h in zip(volunteers, pattern, strict=True)]


def final_state(activity_id):
    return {v: (r.hours if r.attended else None) for v, r in rows(activity_id).items()}


@pytest.mark.parametrize("round_", range(4))
def test_two_staff_confirming_different_lists_at_once(app, world, round_):
    activity_id, volunteers = started_activity(world, NAMES, length=timedelta(hours=4))
    # A first confirmation, so that the racers correct (upward and downward) rather than only create.
    confirm(world["community_admin"], activity_id, [line(v, 2) for v in volunteers])
    # Every line differs from the first confirmation and between the two lists.
    first = [4, None, 1, 3.5, None, 3, 0.5, 4]
    second = [1, 3, None, 1.5, 2.5, None, 4, 0.5]
    lists = [as_json(volunteers, first), as_json(volunteers, second)]
    tokens = [token_for(world["community_admin"]), token_for(world["community_staff"])]

    responses = run_together(2, lambda i: put(app, activity_id, tokens[i], lists[i]))

    assert [r.status_code for r in responses] == [200, 200], [r.json for r in responses]
    # The requests queued on the activity row: the rows are one list whole, never a mix.
    final = final_state(activity_id)
    expected = [{v: (Decimal(str(h)) if h is not None else None) for v, h in zip(volunteers, p, strict=True)}
                for p in (first, second)]
    assert final in expected
    for volunteer_id in volunteers:
        row = rows(activity_id)[volunteer_id]
        assert account(volunteer_id) == (row.credited_points, row.credited_hours, row.credited_services)
        assert row.revision == 3  # the first confirmation, then each racer's change
    keys = attendance_keys(activity_id)
    assert len(keys) == len(set(keys))
    assert_ledger_consistent()
    assert_ledger_matches_rows(activity_id)


@pytest.mark.parametrize("round_", range(3))
def test_the_same_list_submitted_many_times_at_once_credits_once(app, world, round_):
    activity_id, volunteers = started_activity(world, NAMES[:3], length=timedelta(hours=3))
    items = as_json(volunteers, [3, None, 1.5])
    token = token_for(world["community_admin"])

    responses = run_together(6, lambda _: put(app, activity_id, token, items))

    assert {r.status_code for r in responses} == {200}
    assert [account(v) for v in volunteers] == [(3, Decimal("3.0"), 1), (0, Decimal(0), 0), (2, Decimal("1.5"), 1)]
    assert len(attendance_keys(activity_id)) == 2
    assert {r.revision for r in rows(activity_id).values()} == {1}
    assert_ledger_consistent()
    assert_ledger_matches_rows(activity_id)
