"""Hypothesis drives the ledger with credits, transfers, donations and retries among a few accounts and
checks the invariants after every step: the whole ledger sums to zero, every transfer is two entries that
cancel out, no balance but the system's goes below zero, each cached balance is the sum of its entries,
each order's 收到捐赠积分 is its account's balance, and a cause key never books twice."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from app.accounts.models import MemberRole, OrgKind
from app.accounts.policy import Actor
from app.core.errors import DomainError
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType
from app.ledger.services import InsufficientPoints
from app.timebank.donations import donate_points
from app.timebank.models import TimebankEvent, WishOrder
from tests.factories import load_regions, make_account, make_org, make_user
from tests.timebank.factories_points import make_order, seed_catalogues

WORLD: dict = {}


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Hypothesis runs many examples inside one test: start each from an empty ledger.
        with unit_of_work() as session:
            for model in (LedgerEntry, LedgerTransfer, LedgerAccount, TimebankEvent):
                session.execute(sa.delete(model))
            session.execute(sa.update(WishOrder).values(donated_points=0))
        self.balances = dict.fromkeys(WORLD["users"], 0)
        self.donated = dict.fromkeys(WORLD["orders"], 0)
        self.booked: set[str] = set()
        self.requests: list[tuple[int, int, int, uuid.UUID]] = []  # (user, order, points, request id)
        self.serial = 0

    def _key(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}:{self.serial}"

    @rule(user=st.sampled_from(range(3)), amount=st.integers(1, 20))
    def issue(self, user, amount):
        user_id, key = WORLD["users"][user], self._key("credit")
        with unit_of_work():
            assert services.issue((OwnerType.USER, user_id), amount, cause=Cause.CERTIFICATION, cause_key=key)
        self.balances[user_id] += amount
        self.booked.add(key)

    @rule(data=st.data())
    def reissue_a_booked_credit(self, data):
        credits = sorted(k for k in self.booked if k.startswith("credit:"))
        if not credits:
            return
        key = data.draw(st.sampled_from(credits))
        with unit_of_work():
            assert services.issue((OwnerType.USER, WORLD["users"][0]), 5, cause=Cause.CERTIFICATION,
                                  cause_key=key) is None

    @rule(source=st.sampled_from(range(3)), destination=st.sampled_from(range(3)), amount=st.integers(1, 30))
    def transfer(self, source, destination, amount):
        if source == destination:
            return
        src, dst, key = WORLD["users"][source], WORLD["users"][destination], self._key("gift")
        try:
            with unit_of_work():
                services.transfer(source=(OwnerType.USER, src), destination=(OwnerType.USER, dst), amount=amount,
                                  cause=Cause.ADJUSTMENT, cause_key=key)
        except InsufficientPoints:
            assert self.balances[src] < amount
            return
        assert self.balances[src] >= amount
        self.balances[src] -= amount
        self.balances[dst] += amount
        self.booked.add(key)

    def _donate(self, user_id, order_id, points, request_id):
        key = f"donation:{user_id}:{request_id}"
        try:
            with unit_of_work():
                result = donate_points(Actor(user_id=user_id), order_id, points, request_id)
        except InsufficientPoints:
            assert key not in self.booked and self.balances[user_id] < points
            return
        assert result.replayed == (key in self.booked)
        if not result.replayed:
            assert self.balances[user_id] >= points
            self.balances[user_id] -= points
            self.donated[order_id] += points
            self.booked.add(key)
        assert result.balance == self.balances[user_id]
        assert result.order_donated_points == self.donated[order_id]

    @rule(user=st.sampled_from(range(3)), order=st.sampled_from(range(2)), points=st.integers(1, 15))
    def donate(self, user, order, points):
        request = (WORLD["users"][user], WORLD["orders"][order], points, uuid.uuid4())
        self.requests.append(request)
        self._donate(*request)

    @rule(data=st.data())
    def retry_a_donation(self, data):
        if self.requests:
            self._donate(*data.draw(st.sampled_from(self.requests)))

    @rule(data=st.data())
    def reuse_a_request_id_for_another_donation(self, data):
        if not self.requests:
            return
        user_id, order_id, points, request_id = data.draw(st.sampled_from(self.requests))
        if f"donation:{user_id}:{request_id}" not in self.booked:
            return
        try:
            with unit_of_work():
                donate_points(Actor(user_id=user_id), order_id, points + 1, request_id)
        except DomainError as refused:
            assert refused.error == "request_id_reused"
        else:
            raise AssertionError("a request id was booked twice")

    @invariant()
    def ledger_sums_to_zero(self):
        assert db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount), 0))) == 0

    @invariant()
    def every_transfer_is_two_cancelling_entries(self):
        rows = db.session.execute(
            sa.select(LedgerTransfer.id, LedgerTransfer.amount, sa.func.count(LedgerEntry.id),
                      sa.func.sum(LedgerEntry.amount), sa.func.max(LedgerEntry.amount))
            .join(LedgerEntry, LedgerEntry.transfer_id == LedgerTransfer.id).group_by(LedgerTransfer.id)).all()
        assert all(count == 2 and total == 0 and top == amount for _id, amount, count, total, top in rows)
        assert len(rows) == db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer))

    @invariant()
    def balances_are_cached_sums_and_never_negative(self):
        entries = (sa.select(LedgerEntry.account_id, sa.func.sum(LedgerEntry.amount).label("total"))
                   .group_by(LedgerEntry.account_id).subquery())
        for owner_type, owner_id, cached, total in db.session.execute(
                sa.select(LedgerAccount.owner_type, LedgerAccount.owner_id, LedgerAccount.balance, entries.c.total)
                .outerjoin(entries, entries.c.account_id == LedgerAccount.id)):
            assert cached == (total or 0)
            assert cached >= 0 or owner_type is OwnerType.SYSTEM
            if owner_type is OwnerType.USER:
                assert cached == self.balances[owner_id]
            if owner_type is OwnerType.ORDER:
                assert cached == self.donated[owner_id]

    @invariant()
    def orders_show_what_they_received(self):
        shown = dict(db.session.execute(sa.select(WishOrder.id, WishOrder.donated_points)).all())
        assert shown == self.donated

    @invariant()
    def each_cause_books_once(self):
        keys = list(db.session.scalars(sa.select(LedgerTransfer.cause_key)))
        assert len(keys) == len(set(keys)) == len(self.booked)
        assert set(keys) == self.booked


def test_ledger_invariants_hold_under_any_sequence(app_ctx):
    load_regions()
    seed_catalogues()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    staff = make_account(station, "ledger-staff", MemberRole.STAFF)
    WORLD["users"] = [make_user(mp_openid=f"o-ledger-{i}", real_name=f"志愿者{i}") for i in range(3)]
    WORLD["orders"] = [make_order(station, staff, title=f"订单{i}") for i in range(2)]
    run_state_machine_as_test(LedgerMachine, settings=settings(max_examples=30, stateful_step_count=25,
                                                               deadline=None))
