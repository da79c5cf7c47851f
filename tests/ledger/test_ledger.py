"""The points ledger's rules: two entries per transfer summing to zero, no balance below zero outside the
system account, a cause booked once, and no deadlock between opposite transfers."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.core.errors import InvalidInput
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import history, services
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType
from app.ledger.services import SYSTEM_OWNER, InsufficientPoints
from tests.concurrency import conftest as concurrency
from tests.concurrency.conftest import run_together
from tests.factories import make_user
from tests.timebank.factories_points import count_queries, give_points

postgres_only = concurrency.postgres_only  # the fixture, shared with tests/concurrency

ALICE, BOB = (OwnerType.USER, 1), (OwnerType.USER, 2)


def _transfer(source, destination, amount, key, cause=Cause.ADJUSTMENT):
    with unit_of_work():
        return services.transfer(source=source, destination=destination, amount=amount, cause=cause,
                                 cause_key=key)


def _issue(owner, amount, key):
    with unit_of_work():
        return services.issue(owner, amount, cause=Cause.CERTIFICATION, cause_key=key, memo="时数认证")


def _total_entries() -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount), 0)))


def test_a_transfer_is_two_entries_summing_to_zero(app_ctx):
    transfer_id = _issue(ALICE, 10, "c:1")
    moved = _transfer(ALICE, BOB, 4, "a:1")
    for tid in (transfer_id, moved):
        amounts = sorted(db.session.scalars(sa.select(LedgerEntry.amount).where(LedgerEntry.transfer_id == tid)))
        assert len(amounts) == 2 and sum(amounts) == 0
    assert _total_entries() == 0
    assert services.balance(*ALICE) == 6
    assert services.balance(*BOB) == 4
    assert services.balance(*SYSTEM_OWNER) == -10


def test_only_the_system_account_goes_below_zero(app_ctx):
    _issue(ALICE, 3, "c:1")
    with pytest.raises(InsufficientPoints) as refused:
        _transfer(ALICE, BOB, 4, "a:1")
    assert refused.value.status_code == 409 and refused.value.message == "积分余额不足"
    assert services.balance(*ALICE) == 3
    assert services.balance(*BOB) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)) == 1
    assert services.balance(*SYSTEM_OWNER) == -3


def test_the_database_refuses_a_negative_balance_even_without_the_condition(app_ctx):
    _issue(ALICE, 1, "c:1")
    table = LedgerAccount.__table__
    with pytest.raises(IntegrityError), unit_of_work():
        db.session.execute(sa.update(table).where(table.c.owner_type == "user").values(balance=-1))


def test_a_cause_key_books_once(app_ctx):
    first = _issue(ALICE, 5, "certification:7:1")
    again = _issue(ALICE, 5, "certification:7:1")
    assert first is not None and again is None
    assert services.balance(*ALICE) == 5
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 2
    assert services.transfer_by_key("certification:7:1").id == first


@pytest.mark.parametrize("amount", [0, -3])
def test_amounts_must_be_positive(app_ctx, amount):
    with pytest.raises(InvalidInput):
        _transfer(SYSTEM_OWNER, ALICE, amount, "x")


def test_no_transfer_to_oneself(app_ctx):
    with pytest.raises(InvalidInput):
        _transfer(ALICE, ALICE, 1, "x")


def test_an_account_is_created_once_and_reused(app_ctx):
    with unit_of_work():
        first = services.account_id(*ALICE)
        assert services.account_id(*ALICE) == first
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerAccount)) == 1
    assert services.balance(*BOB) == 0  # no account yet: zero, and none created by reading


def test_history_is_signed_named_and_keyset_paginated(app_ctx):
    volunteer = make_user(mp_openid="o-h", real_name="小明")
    friend = make_user(mp_openid="o-f", real_name="小红")
    give_points(volunteer, 10, key="c:1")
    _transfer((OwnerType.USER, volunteer), (OwnerType.USER, friend), 3, "gift:1")
    _transfer((OwnerType.USER, friend), (OwnerType.USER, volunteer), 1, "gift:2")
    page = history.history((OwnerType.USER, volunteer), limit=2)
    assert [(e.amount, e.counterpart_name) for e in page] == [(1, "小红"), (-3, "小红")]
    rest = history.history((OwnerType.USER, volunteer), before_id=page[-1].id, limit=2)
    assert [(e.amount, e.cause, e.counterpart_type, e.counterpart_name, e.memo) for e in rest] == [
        (10, Cause.CERTIFICATION, OwnerType.SYSTEM, "时间银行", "时数认证")]
    assert history.history((OwnerType.USER, friend), limit=5)[0].counterpart_name == "小明"


def test_history_costs_the_same_queries_whatever_the_page_size(app_ctx):
    volunteer = make_user(mp_openid="o-q", real_name="小明")
    others = [make_user(mp_openid=f"o-q{i}", real_name=f"友{i}") for i in range(6)]
    give_points(volunteer, 100)
    for index, other in enumerate(others):
        _transfer((OwnerType.USER, volunteer), (OwnerType.USER, other), 1, f"g:{index}")
    history.history((OwnerType.USER, volunteer), limit=1)  # warm up: the connection's own set-up statements
    with count_queries() as one:
        assert len(history.history((OwnerType.USER, volunteer), limit=1)) == 1
    with count_queries() as many:
        assert len(history.history((OwnerType.USER, volunteer), limit=50)) == 7
    # The entries, then the people named; the system account's fixed name costs no query.
    assert one.count == many.count == 2


@pytest.mark.postgres
@pytest.mark.parametrize("round_", range(3))
def test_opposite_transfers_at_once_do_not_deadlock(app, postgres_only, round_):
    with app.app_context():
        _issue(ALICE, 50, "c:a")
        _issue(BOB, 50, "c:b")

    def move(index):
        with app.app_context():
            source, destination = (ALICE, BOB) if index % 2 else (BOB, ALICE)
            try:
                return _transfer(source, destination, 1, f"r{round_}:{index}")
            finally:
                db.session.remove()

    results = run_together(20, move)
    assert all(isinstance(r, int) for r in results), results
    with app.app_context():
        assert services.balance(*ALICE) == services.balance(*BOB) == 50
        assert _total_entries() == 0


@pytest.mark.postgres
def test_opposite_first_transfers_between_new_accounts_do_not_deadlock(app, postgres_only):
    """Both transactions create the same two accounts: in a fixed order, so one waits for the other
    instead of each holding one while waiting for the other's (the debit then fails: they are empty)."""
    def move(index):
        a, b = (OwnerType.ORGANISATION, 100 + index // 2), (OwnerType.ORGANISATION, 200 + index // 2)
        with app.app_context():
            try:
                return _transfer(*((a, b) if index % 2 else (b, a)), 1, f"n:{index}")
            finally:
                db.session.remove()

    results = run_together(20, move)
    assert all(isinstance(r, InsufficientPoints) for r in results), results
