"""A Hypothesis state machine over the order services on the database: reviews, resubmission, cancel,
expire, close recruitment, abort, and takes holding / freeing places and filling the order. After every
step: the status is one of the table's, places never exceed the recruit count and match the takes, every
status change wrote exactly one event, and a final status never changes again."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from app.accounts.models import User
from app.accounts.sessions import actor_for
from app.core.errors import Conflict
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.timebank import events, orders, places
from app.timebank.access import load_order, load_take
from app.timebank.models import OrderStatus, OrderTake, TakeStatus, TimebankEvent, WishOrder
from app.timebank.states import ORDER, ORDER_FINAL, TAKE
from tests.timebank.factories_orders import add_take, make_order, make_order_world

REASON = st.sampled_from(["资料不全", "时间冲突", "长者住院"])


class OrderWorkflow(RuleBasedStateMachine):
    world = None  # set by the test before the machine runs

    @initialize(recruit_count=st.integers(min_value=1, max_value=3))
    def publish(self, recruit_count):
        self.order_id = make_order(self.world.station, recruit_count=recruit_count)
        get = lambda user_id: actor_for(db.session.get(User, user_id))  # noqa: E731
        self.station, self.association = get(self.world.station_admin), get(self.world.association_admin)
        self.changes: list[tuple[str, str]] = []
        self.final: str | None = None

    def _order(self) -> WishOrder:
        db.session.expire_all()
        return db.session.get(WishOrder, self.order_id)

    def _attempt(self, action: str, call, *, extra_refusal: bool = False) -> None:
        before = self._order()
        status, expected = before.status, ORDER.get((before.status, action))
        try:
            with unit_of_work():
                call()
        except Conflict:
            assert expected is None or extra_refusal, f"{action} refused from {status}"
            return
        assert expected is not None and not extra_refusal, f"{action} allowed from {status}"
        self.changes.append((str(status), str(expected.to)))

    @rule()
    def first_approve(self):
        self._attempt("first_approve", lambda: orders.first_approve_order(self.station, self.order_id))

    @rule(reason=REASON)
    def first_reject(self, reason):
        self._attempt("first_reject", lambda: orders.first_reject_order(self.station, self.order_id, reason))

    @rule()
    def final_approve(self):
        self._attempt("final_approve", lambda: orders.final_approve_order(self.association, self.order_id))

    @rule(reason=REASON)
    def final_reject(self, reason):
        self._attempt("final_reject", lambda: orders.final_reject_order(self.association, self.order_id, reason))

    @rule()
    def resubmit(self):
        self._attempt("resubmit", lambda: orders.resubmit_order(self.station, self.order_id))

    @rule(reason=REASON)
    def cancel(self, reason):
        self._attempt("cancel", lambda: orders.cancel_order(self.station, self.order_id, reason))

    @rule()
    def mark_expired(self):
        self._attempt("mark_expired", lambda: orders.mark_order_expired(self.station, self.order_id))

    @rule()
    def close_recruitment(self):
        self._attempt("close_recruitment", lambda: orders.close_recruitment(self.station, self.order_id),
                      extra_refusal=self._order().approved_count < 1)

    @rule(reason=REASON)
    def abort(self, reason):
        self._attempt("abort", lambda: orders.abort_order(self.station, self.order_id, reason))

    @rule()
    def take(self):
        """A volunteer takes the order: holds a place when it is open and not full."""
        before = self._order()
        room = before.status is OrderStatus.OPEN and before.places_held < before.recruit_count
        with unit_of_work():
            held = places.hold_place(self.order_id)
            if held:
                add_take(load_order(self.order_id), TakeStatus.PENDING)
        assert held == room

    @rule(data=st.data(), approve=st.booleans())
    def review_take(self, data, approve):
        """The station approves or rejects a pending take; approvals that fill the order start it."""
        pending = list(db.session.scalars(sa.select(OrderTake.id).where(
            OrderTake.order_id == self.order_id, OrderTake.status == TakeStatus.PENDING).order_by(OrderTake.id)))
        if not pending:
            return
        take_id = data.draw(st.sampled_from(pending))
        with unit_of_work():
            order = load_order(self.order_id, lock=True)
            take = load_take(take_id, lock=True)
            if order.status is not OrderStatus.OPEN:
                return
            actor_id = self.station.user_id
            if not approve:
                events.apply(TAKE, take, "take", "reject", actor_id=actor_id, reason="不合适", order_id=order.id)
                places.free_place(order.id)
                return
            events.apply(TAKE, take, "take", "approve", actor_id=actor_id, order_id=order.id)
            take.reviewed_at = utcnow()
            approved, count = places.count_approval(order.id)
            if approved == count:
                events.apply(ORDER, order, "order", "fill", actor_id=None, order_id=order.id)
                places.release_pending_takes(order.id)
                self.changes.append((str(OrderStatus.OPEN), str(OrderStatus.IN_PROGRESS)))

    @invariant()
    def consistent(self):
        order = self._order()
        assert OrderStatus(order.status) in set(OrderStatus)
        assert 0 <= order.approved_count <= order.places_held <= order.recruit_count
        takes = dict(db.session.execute(sa.select(OrderTake.status, sa.func.count()).where(
            OrderTake.order_id == self.order_id).group_by(OrderTake.status)).all())
        assert order.places_held == takes.get(TakeStatus.PENDING, 0) + takes.get(TakeStatus.APPROVED, 0)
        assert order.approved_count == takes.get(TakeStatus.APPROVED, 0)
        trail = [(e.from_status, e.to_status) for e in db.session.scalars(
            sa.select(TimebankEvent).where(TimebankEvent.subject_type == "order",
                                           TimebankEvent.subject_id == self.order_id,
                                           TimebankEvent.action.not_in(["publish", "edit"]))
            .order_by(TimebankEvent.id))]
        assert trail == self.changes
        if self.final is not None:
            assert order.status == self.final
        elif order.status in ORDER_FINAL:
            self.final = order.status


@pytest.fixture
def world(app_ctx):
    return make_order_world("sm")


def test_order_workflow(world):
    OrderWorkflow.world = world
    run_state_machine_as_test(OrderWorkflow, settings=settings(
        max_examples=30, stateful_step_count=20, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
