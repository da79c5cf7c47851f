"""Concurrent donations never overdraw: many requests from one volunteer, each in its own thread and
connection, released at once; the conditional debit in the ledger decides who gets through."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from app.accounts.policy import Actor
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services
from app.ledger.models import LedgerTransfer, OwnerType
from app.ledger.services import InsufficientPoints
from app.timebank.donations import donate_points
from app.timebank.models import TimebankEvent, WishOrder
from tests.concurrency import conftest as concurrency
from tests.concurrency.conftest import run_together
from tests.factories import load_regions, make_account, make_org, make_user
from tests.timebank.factories_points import give_points, make_order, seed_catalogues

postgres_only = concurrency.postgres_only  # the fixture, shared with tests/concurrency

pytestmark = pytest.mark.postgres


@pytest.fixture
def order_and_donor(app, postgres_only):
    with app.app_context():
        load_regions()
        seed_catalogues()
        station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
        order = make_order(station, make_account(station, "don-staff", MemberRole.STAFF))
        donor = make_user(mp_openid="o-donor", real_name="捐分人")
        give_points(donor, 10)
        db.session.remove()
    return order, donor


def _donate(app, donor, order, request_id=None):
    with app.app_context():
        try:
            with unit_of_work():
                return donate_points(Actor(user_id=donor), order, 1, request_id or uuid.uuid4())
        finally:
            db.session.remove()


@pytest.mark.parametrize("round_", range(3))
def test_twenty_donations_of_one_point_from_ten_points(app, order_and_donor, round_):
    order, donor = order_and_donor
    results = run_together(20, lambda _i: _donate(app, donor, order))
    assert sum(not isinstance(r, Exception) for r in results) == 10
    assert all(isinstance(r, InsufficientPoints) for r in results if isinstance(r, Exception)), results
    with app.app_context():
        assert services.balance(OwnerType.USER, donor) == 0
        assert services.balance(OwnerType.ORDER, order) == 10
        assert db.session.get(WishOrder, order).donated_points == 10
        assert db.session.scalar(sa.select(sa.func.count()).select_from(TimebankEvent)
                                 .where(TimebankEvent.action == "donate")) == 10


@pytest.mark.parametrize("round_", range(2))
def test_one_request_sent_many_times_at_once_donates_once(app, order_and_donor, round_):
    order, donor = order_and_donor
    request_id = uuid.uuid4()
    results = run_together(8, lambda _i: _donate(app, donor, order, request_id))
    assert not any(isinstance(r, Exception) for r in results), results
    assert len({r.transfer_id for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1
    with app.app_context():
        assert services.balance(OwnerType.USER, donor) == 9
        assert db.session.get(WishOrder, order).donated_points == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)
                                 .where(LedgerTransfer.cause == "donation")) == 1
