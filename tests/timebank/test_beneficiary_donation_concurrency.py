"""Concurrent donations to a beneficiary never overdraw, and never land on one that was disabled meanwhile:
each request in its own thread and connection, released at once; the ledger's conditional debit and the
beneficiary's conditional UPDATE decide."""
from __future__ import annotations

import threading
import time
import uuid

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from app.accounts.policy import Actor, MembershipGrant
from app.core.errors import NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services
from app.ledger.models import LedgerTransfer, OwnerType
from app.ledger.services import InsufficientPoints
from app.timebank.beneficiaries import disable_beneficiary
from app.timebank.beneficiary_donations import BeneficiaryNotDonatable, donate_to_beneficiary
from app.timebank.models import Beneficiary, BeneficiaryStatus
from tests.concurrency import conftest as concurrency
from tests.concurrency.conftest import run_together
from tests.factories import load_regions, make_account, make_org, make_user
from tests.timebank.factories_points import give_points, make_beneficiary, seed_catalogues

postgres_only = concurrency.postgres_only  # the fixture, shared with tests/concurrency

pytestmark = pytest.mark.postgres


@pytest.fixture
def beneficiary_and_donor(app, postgres_only):
    with app.app_context():
        load_regions()
        seed_catalogues()
        station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
        staff = make_account(station, "bdc-staff", MemberRole.STAFF)
        beneficiary = make_beneficiary(station, staff)
        donor = make_user(mp_openid="o-bdc-donor", real_name="捐分人")
        give_points(donor, 10)
        path = db.session.get(Beneficiary, beneficiary).region_path
        db.session.remove()
    grant = MembershipGrant(organisation_id=station, kind=OrgKind.STATION, role=MemberRole.STAFF,
                            region_path=path[:path.rstrip("/").rfind("/") + 1])
    return beneficiary, donor, Actor(user_id=staff, grants=(grant,))


def _donate(app, donor, beneficiary, request_id=None):
    with app.app_context():
        try:
            with unit_of_work():
                return donate_to_beneficiary(Actor(user_id=donor), beneficiary, 1, request_id or uuid.uuid4())
        finally:
            db.session.remove()


def _totals(app, donor, beneficiary):
    with app.app_context():
        row = db.session.get(Beneficiary, beneficiary)
        return (services.balance(OwnerType.USER, donor), services.balance(OwnerType.BENEFICIARY, beneficiary),
                row.donated_points, row.status)


@pytest.mark.parametrize("round_", range(3))
def test_twenty_donations_of_one_point_from_ten_points(app, beneficiary_and_donor, round_):
    beneficiary, donor, _staff = beneficiary_and_donor
    results = run_together(20, lambda _i: _donate(app, donor, beneficiary))
    assert sum(not isinstance(r, Exception) for r in results) == 10
    assert all(isinstance(r, InsufficientPoints) for r in results if isinstance(r, Exception)), results
    assert _totals(app, donor, beneficiary) == (0, 10, 10, BeneficiaryStatus.ACTIVE)


def test_one_request_sent_many_times_at_once_donates_once(app, beneficiary_and_donor):
    beneficiary, donor, _staff = beneficiary_and_donor
    request_id = uuid.uuid4()
    results = run_together(8, lambda _i: _donate(app, donor, beneficiary, request_id))
    assert not any(isinstance(r, Exception) for r in results), results
    assert len({r.transfer_id for r in results}) == 1 and sum(not r.replayed for r in results) == 1
    assert _totals(app, donor, beneficiary)[:3] == (9, 1, 1)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)) == 2  # credit + donation


@pytest.mark.parametrize("round_", range(3))
def test_donations_racing_a_disable_land_before_it_or_not_at_all(app, beneficiary_and_donor, round_):
    beneficiary, donor, staff = beneficiary_and_donor

    def work(index):
        if index == 0:
            with app.app_context():
                try:
                    with unit_of_work():
                        return disable_beneficiary(staff, beneficiary).status
                finally:
                    db.session.remove()
        return _donate(app, donor, beneficiary)

    results = run_together(9, work)
    assert results[0] == BeneficiaryStatus.DISABLED, results[0]
    donated = [r for r in results[1:] if not isinstance(r, Exception)]
    refused = [r for r in results[1:] if isinstance(r, Exception)]
    assert all(isinstance(r, NotFound | BeneficiaryNotDonatable) for r in refused), refused
    balance, received, cached, status = _totals(app, donor, beneficiary)
    # Whatever the interleaving, the ledger, the cache and the donor agree.
    assert (received, cached, balance, status) == (len(donated), len(donated), 10 - len(donated),
                                                   BeneficiaryStatus.DISABLED)


def _waiting_on_locks(app) -> int:
    with app.app_context():
        try:
            return db.session.scalar(sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                             "current_database() AND wait_event_type = 'Lock'"))
        finally:
            db.session.remove()


def test_donations_that_checked_before_a_disable_committed_are_refused_after_it(app, beneficiary_and_donor):
    """The window the conditional UPDATE closes: each donation read the beneficiary as enabled and booked its
    transfer while a disable was under way; once the disable commits, none of them may land."""
    beneficiary, donor, staff = beneficiary_and_donor
    with app.app_context():
        disable_beneficiary(staff, beneficiary)
        db.session.flush()  # the row is locked and disabled, not yet committed
        results: list = [None] * 4

        def donate(index):
            try:
                results[index] = _donate(app, donor, beneficiary)
            except Exception as exc:  # noqa: BLE001 - the test inspects it
                results[index] = exc

        threads = [threading.Thread(target=donate, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while _waiting_on_locks(app) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _waiting_on_locks(app) == 4, "the donations should all be waiting on the disable's lock"
        db.session.commit()
        db.session.remove()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(r, BeneficiaryNotDonatable) for r in results), results
    assert _totals(app, donor, beneficiary) == (10, 0, 0, BeneficiaryStatus.DISABLED)
