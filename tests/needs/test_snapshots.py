"""The home figures' daily snapshot (截止至昨日): counts against hand-computed numbers, the day boundary in
Asia/Shanghai, idempotent reruns, and the beat entry."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.core.timeutil import SHANGHAI
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs import snapshots
from app.needs.models import ClaimStatus, Need, NeedDailySnapshot, NeedStatus
from app.tasks import needs as needs_tasks
from app.tasks.schedule import BEAT_SCHEDULE
from tests.needs.factories_scoring import make_claim, make_need, make_zone, needs_world

DAY = date(2026, 7, 10)


def shanghai(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


@pytest.fixture
def world(app_ctx):
    return needs_world()


def take(day=DAY):
    with unit_of_work():
        return snapshots.take_snapshot(day)


def rows(day=DAY):
    db.session.rollback()  # a fresh read: on SQLite an open read transaction would not see the task's commit
    found = db.session.scalars(sa.select(NeedDailySnapshot).where(NeedDailySnapshot.day == day))
    return {row.zone_id: (row.needs_published, row.needs_claimed) for row in found}


def test_the_day_ends_at_shanghai_midnight(world):
    other_zone = make_zone("乡村振兴")
    empty_zone = make_zone("冬日暖阳")
    next_day = DAY + timedelta(days=1)
    make_need(world, created_at=shanghai(DAY, 0, 0))                               # counted
    make_need(world, created_at=shanghai(DAY, 23, 59))                             # counted: still that day
    make_need(world, created_at=shanghai(next_day, 0, 0))                          # the next day
    make_need(world, created_at=shanghai(DAY, 9), status=NeedStatus.WITHDRAWN)     # withdrawn: never counted
    make_need(world, zone_id=other_zone, created_at=shanghai(DAY, 8), status=NeedStatus.CLAIMED,
              claimed_at=shanghai(DAY, 23, 30))                                    # published and claimed
    make_need(world, zone_id=other_zone, created_at=shanghai(DAY, 8), status=NeedStatus.COMPLETED,
              claimed_at=shanghai(next_day, 0, 30))                                # claimed the next day
    make_need(world, zone_id=None, created_at=shanghai(DAY - timedelta(days=3), 12), status=NeedStatus.CLAIMED,
              claimed_at=shanghai(DAY - timedelta(days=2), 12))                    # no zone: platform only

    assert take() == 4
    assert rows() == {None: (5, 2), world["zone"]: (2, 0), other_zone: (2, 1), empty_zone: (0, 0)}
    take(next_day)
    assert rows(next_day) == {None: (6, 3), world["zone"]: (3, 0), other_zone: (2, 2), empty_zone: (0, 0)}


def test_figures_on_generated_data_match_a_hand_count(world):
    rng = random.Random(20260710)
    zones = [world["zone"], make_zone("乡村振兴"), None]
    start = shanghai(DAY - timedelta(days=5), 0)
    made = []
    for _ in range(60):
        created = start + timedelta(minutes=rng.randrange(0, 8 * 24 * 60))
        status = rng.choice(list(NeedStatus))
        claimed = (created + timedelta(hours=rng.randrange(1, 72))
                   if status in (NeedStatus.CLAIMED, NeedStatus.COMPLETED) else None)
        zone = rng.choice(zones)
        make_need(world, zone_id=zone, created_at=created, status=status, claimed_at=claimed)
        made.append((zone, created, status, claimed))

    for day in (DAY - timedelta(days=3), DAY, DAY + timedelta(days=1)):
        end = snapshots.end_of(day)
        take(day)

        def count(zone_filter, made=made, end=end):
            chosen = [m for m in made if zone_filter(m[0])]
            return (sum(1 for _z, c, s, _cl in chosen if s is not NeedStatus.WITHDRAWN and c < end),
                    sum(1 for _z, _c, _s, cl in chosen if cl is not None and cl < end))

        expected = {None: count(lambda _z: True)} | {z: count(lambda zone, z=z: zone == z) for z in zones[:2]}
        assert rows(day) == expected, day


def test_a_rerun_recomputes_the_same_rows(world):
    need = make_need(world, created_at=shanghai(DAY, 10))
    take()
    with unit_of_work() as session:
        session.get(Need, need).status = NeedStatus.WITHDRAWN
    make_need(world, created_at=shanghai(DAY, 11))
    make_need(world, created_at=shanghai(DAY, 12))

    take()
    take()

    assert rows() == {None: (2, 0), world["zone"]: (2, 0)}
    assert db.session.scalar(sa.select(sa.func.count(NeedDailySnapshot.id))) == 2


def test_home_figures_latest_and_by_day(world):
    make_need(world, created_at=shanghai(DAY, 10))
    make_claim(world, make_need(world, created_at=shanghai(DAY, 11)), status=ClaimStatus.ACCEPTED,
               decided_at=shanghai(DAY + timedelta(days=1), 10))
    take()
    take(DAY + timedelta(days=1))

    latest = snapshots.home_figures()
    earlier = snapshots.home_figures(DAY)

    assert (latest.day, latest.needs_published, latest.needs_claimed) == (DAY + timedelta(days=1), 2, 1)
    assert (earlier.day, earlier.needs_published, earlier.needs_claimed) == (DAY, 2, 0)
    assert [(z.zone_name, z.needs_published, z.needs_claimed) for z in latest.zones] == [("七彩假期", 2, 1)]
    missing = snapshots.home_figures(DAY - timedelta(days=1))
    assert (missing.day, missing.taken_at, missing.needs_published, missing.needs_claimed, missing.zones) == (
        DAY - timedelta(days=1), None, None, None, [])


def test_no_snapshot_yet_has_no_day_and_no_figures(app_ctx):
    assert snapshots.home_figures() == snapshots.HomeFigures(None, None, None, None, [])


def test_yesterday_is_the_shanghai_day_before():
    assert snapshots.yesterday(shanghai(DAY + timedelta(days=1), 0, 10)) == DAY
    assert snapshots.yesterday(shanghai(DAY, 23, 50)) == DAY - timedelta(days=1)


def test_the_beat_task_takes_yesterday_by_default(world, app):
    make_need(world)  # now: counted in any snapshot taken today or later
    assert needs_tasks.take_need_snapshot.delay().get() == 2
    yesterday = snapshots.yesterday(datetime.now(UTC))
    assert rows(yesterday) == {None: (0, 0), world["zone"]: (0, 0)}
    today = yesterday + timedelta(days=1)
    needs_tasks.take_need_snapshot.delay(today.isoformat()).get()
    assert rows(today) == {None: (1, 0), world["zone"]: (1, 0)}

    entry = BEAT_SCHEDULE["take-need-snapshot"]
    celery = app.extensions["celery"]
    assert entry["task"] == needs_tasks.take_need_snapshot.name and entry["task"] in celery.tasks
    assert entry["schedule"].hour == {0} and entry["schedule"].minute == {10}
    assert "app.tasks.needs" in celery.conf.include
