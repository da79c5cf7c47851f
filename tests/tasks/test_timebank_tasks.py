"""The time bank's beat tasks (app/tasks/timebank.py): each runs its sweep in its own transaction (eager in
tests), a second run does nothing, and the beat schedule names every one of them every five minutes."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.notify.models import NotificationEvent
from app.tasks import timebank
from app.tasks.schedule import BEAT_SCHEDULE
from app.timebank.models import WishOrder
from tests.timebank.factories_sweeps import make_order, sweep_world

H = timedelta(hours=1)
TASKS = {"expire-overdue-orders": timebank.expire_overdue_orders,
         "end-finished-services": timebank.end_finished_services,
         "remind-takers": timebank.remind_takers,
         "warn-near-deadlines": timebank.warn_near_deadlines}


def status(order_id: int) -> str:
    db.session.expire_all()
    return db.session.get(WishOrder, order_id).status


def kinds() -> list[str]:
    return sorted(db.session.scalars(sa.select(NotificationEvent.kind)))


def test_the_tasks_move_orders_once(app_ctx):
    world = sweep_world()
    v0 = world["volunteers"][0]
    overdue = make_order(world, deadline=-H)
    ended = make_order(world, status="in_progress", deadline=-3 * H, starts=-3 * H, ends=-H)
    tomorrow = make_order(world, status="in_progress", deadline=-H, starts=20 * H, approved=[v0])
    closing = make_order(world, deadline=6 * H)

    assert timebank.expire_overdue_orders.delay().get() == {"expired": 1, "filled": 0, "lapsed": 0, "published": 1}
    assert timebank.end_finished_services.delay().get() == 1
    assert timebank.remind_takers.delay().get() == {"1h": 0, "24h": 1}
    assert timebank.warn_near_deadlines.delay().get() == 1  # ORDER_DEADLINE_WARNING_HOURS: 12
    assert (status(overdue), status(ended), status(tomorrow), status(closing)) == (
        "expired", "to_evaluate", "in_progress", "open")
    sent = kinds()
    assert sent == ["order.deadline_near", "order.expired", "order.second_wave", "order.service_ended",
                    "order.starts_soon"]

    assert timebank.expire_overdue_orders.delay().get() == {"expired": 0, "filled": 0, "lapsed": 0, "published": 0}
    assert timebank.end_finished_services.delay().get() == 0
    assert timebank.remind_takers.delay().get() == {"1h": 0, "24h": 0}
    assert timebank.warn_near_deadlines.delay().get() == 0
    assert kinds() == sent


def test_the_beat_schedule_runs_every_sweep_every_five_minutes(app):
    celery = app.extensions["celery"]
    for name, task in TASKS.items():
        entry = BEAT_SCHEDULE[name]
        assert entry["task"] == task.name and entry["task"] in celery.tasks
        assert entry["schedule"].minute == set(range(0, 60, 5))
        assert task.max_retries == 3 and task.autoretry_for
    # The worker imports the task module (without it beat would send tasks no worker knows).
    assert "app.tasks.timebank" in celery.conf.include
