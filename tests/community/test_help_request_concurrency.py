"""Races on help requests (PostgreSQL: real row locks, one connection per thread), each racer a full HTTP
request through its own test client: two staff members closing one request at once credit each volunteer
once; two assigning the same volunteer at once make one assignment."""
from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.community.models import HelpAssignment, HelpRequest, HelpRequestStatus
from app.extensions import db
from app.ledger.models import Cause, LedgerAccount, LedgerTransfer, OwnerType
from app.ledger.rates import points_for_hours
from app.notify.models import NotificationEvent
from tests.activities.factories_activities import make_volunteer
from tests.community.factories_help import assign, help_world, member, submit_help
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.factories import auth, token_for

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def world(app_ctx):
    world = help_world()
    world["requester"] = make_volunteer("求助人")
    world["v1"] = member(world, "王小明")
    world["staff_tokens"] = [token_for(world["community_admin"]), token_for(world["community_staff"])]
    return world


def post(app, path, token, body):
    with app.app_context(), app.test_client() as client:
        return client.post(path, json=body, headers=auth(token))


@pytest.mark.parametrize("round_", range(5))
def test_two_staff_closing_at_once_credit_once(app, world, round_):
    request_id = submit_help(world["requester"], world)
    assign(world["community_admin"], request_id, [world["v1"]])
    body = {"summary": "已办结", "hours": [{"volunteer_id": world["v1"], "hours": "3"}]}

    responses = run_together(2, lambda i: post(app, f"/api/v1/help-requests/{request_id}/close",
                                               world["staff_tokens"][i], body))

    assert sorted(r.status_code for r in responses) == [200, 409], [r.json for r in responses]
    assert [r.json["error"] for r in responses if r.status_code == 409] == ["invalid_transition"]
    db.session.expire_all()
    assert db.session.get(HelpRequest, request_id).status is HelpRequestStatus.CLOSED
    transfers = db.session.scalars(sa.select(LedgerTransfer).where(LedgerTransfer.cause == Cause.HELP_REQUEST)).all()
    assert len(transfers) == 1
    account = db.session.scalar(sa.select(LedgerAccount).where(LedgerAccount.owner_type == OwnerType.USER,
                                                               LedgerAccount.owner_id == world["v1"]))
    assert (account.balance, account.hours, account.services) == (points_for_hours(3), Decimal(3), 1)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent)
                             .where(NotificationEvent.kind == "points.credited")) == 1


@pytest.mark.parametrize("round_", range(5))
def test_two_staff_assigning_the_same_volunteer_at_once_make_one_assignment(app, world, round_):
    request_id = submit_help(world["requester"], world)
    body = {"volunteer_ids": [world["v1"]]}

    responses = run_together(2, lambda i: post(app, f"/api/v1/help-requests/{request_id}/assign",
                                               world["staff_tokens"][i], body))

    assert sorted(r.status_code for r in responses) == [200, 409], [r.json for r in responses]
    assert [r.json["error"] for r in responses if r.status_code == 409] == ["already_assigned"]
    db.session.expire_all()
    assert db.session.scalars(sa.select(HelpAssignment.volunteer_id)
                              .where(HelpAssignment.request_id == request_id)).all() == [world["v1"]]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent)
                             .where(NotificationEvent.kind == "help_request.assigned")) == 1
