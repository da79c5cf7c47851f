"""Concurrent points adjustments never take a balance below zero: each in its own thread and connection,
released at once; the ledger's conditional debit decides which ones fit."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from app.accounts.policy import Actor, MembershipGrant
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services
from app.ledger.adjustments import BalanceWouldGoNegative, book_adjustment
from app.ledger.models import Cause, LedgerTransfer, OwnerType
from tests.concurrency import conftest as concurrency
from tests.concurrency.conftest import run_together
from tests.factories import load_regions, make_account, make_org, make_user
from tests.timebank.factories_points import give_points

postgres_only = concurrency.postgres_only  # the fixture, shared with tests/concurrency

pytestmark = pytest.mark.postgres


@pytest.fixture
def clerk_and_volunteer(app, postgres_only):
    with app.app_context():
        load_regions()
        association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
        clerk = make_account(association, "adjc-clerk", MemberRole.STAFF)
        volunteer = make_user(mp_openid="o-adjc", real_name="小明")
        give_points(volunteer, 10)
        db.session.remove()
    grant = MembershipGrant(organisation_id=association, kind=OrgKind.ASSOCIATION, role=MemberRole.STAFF,
                            region_path="/440100/")
    return Actor(user_id=clerk, grants=(grant,)), volunteer


def _adjust(app, clerk, volunteer, amount, request_id=None):
    with app.app_context():
        try:
            with unit_of_work():
                return book_adjustment(clerk, OwnerType.USER, volunteer, amount, "更正", request_id or uuid.uuid4())
        finally:
            db.session.remove()


def _state(app, volunteer):
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)
                                  .where(LedgerTransfer.cause == Cause.ADJUSTMENT))
        return services.balance(OwnerType.USER, volunteer), count


@pytest.mark.parametrize("round_", range(3))
def test_two_takes_that_each_fit_but_not_together(app, clerk_and_volunteer, round_):
    clerk, volunteer = clerk_and_volunteer
    results = run_together(2, lambda _i: _adjust(app, clerk, volunteer, -6))
    assert sum(not isinstance(r, Exception) for r in results) == 1, results
    assert all(isinstance(r, BalanceWouldGoNegative) for r in results if isinstance(r, Exception)), results
    assert _state(app, volunteer) == (4, 1)


def test_many_takes_and_adds_at_once_keep_the_balance_whole(app, clerk_and_volunteer):
    clerk, volunteer = clerk_and_volunteer
    results = run_together(12, lambda i: _adjust(app, clerk, volunteer, -3 if i % 2 else 1))
    booked = [r for r in results if not isinstance(r, Exception)]
    assert all(isinstance(r, BalanceWouldGoNegative) for r in results if isinstance(r, Exception)), results
    balance, count = _state(app, volunteer)
    assert balance == 10 + sum(r.amount for r in booked) >= 0 and count == len(booked)


def test_one_request_sent_many_times_at_once_adjusts_once(app, clerk_and_volunteer):
    clerk, volunteer = clerk_and_volunteer
    request_id = uuid.uuid4()
    results = run_together(6, lambda _i: _adjust(app, clerk, volunteer, -2, request_id))
    assert not any(isinstance(r, Exception) for r in results), results
    assert len({r.id for r in results}) == 1 and sum(not r.replayed for r in results) == 1
    assert _state(app, volunteer) == (8, 1)
