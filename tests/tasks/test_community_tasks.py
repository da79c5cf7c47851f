"""The quarterly stars beat task (app/tasks/community.py): by default it judges the quarter that ended last (in
Asia/Shanghai), a rerun writes the same rows, an override survives it, and beat runs it early in each quarter."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.community import quarters, stars
from app.community.models import StarAward, StarKind
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.tasks import community
from app.tasks.schedule import BEAT_SCHEDULE
from tests.community.factories_showcase import WUSHAN, actor, attend, credit, make_member, star_world


def rows() -> list[tuple]:
    db.session.expire_all()
    return sorted(db.session.execute(sa.select(StarAward.id, StarAward.quarter, StarAward.region_id, StarAward.kind,
                                               StarAward.user_id, StarAward.organisation_id, StarAward.hours)).all())


def test_the_task_judges_the_quarter_just_ended_and_a_rerun_changes_nothing(app_ctx):
    world = star_world()
    last = quarters.previous(quarters.quarter_of(utcnow()))
    start, end = quarters.bounds(last)
    top, chosen = make_member(world, "华农", "张高"), make_member(world, "茶山", "李选")
    credit(top, 6, at=start + timedelta(days=3))
    credit(chosen, 2, at=start + timedelta(days=4))
    credit(chosen, 40, at=end + timedelta(minutes=1))  # the current quarter: not judged yet
    attend(world, "华农", "440106001001", top, 3, at=end - timedelta(minutes=1))

    assert community.compute_quarterly_stars.delay().get() == {"volunteer": 3, "team": 3, "removed": 0}
    first = rows()
    assert {r.quarter for r in first} == {last}
    volunteers = [(r.user_id, r.hours) for r in first if r.kind is StarKind.VOLUNTEER]
    assert volunteers == [(top, Decimal("6.0"))] * 3  # 五山街道, 天河区 and the city

    with unit_of_work():
        stars.override_star(actor(world["association_admin"]), last, WUSHAN, StarKind.VOLUNTEER, user_id=chosen,
                            citation="长期服务")
    overridden = rows()
    assert community.compute_quarterly_stars.delay().get() == {"volunteer": 2, "team": 3, "removed": 0}
    assert rows() == overridden
    assert community.compute_quarterly_stars.delay(last).get()["volunteer"] == 2


def test_the_task_refuses_a_quarter_that_has_not_ended(app_ctx):
    from app.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        community.compute_quarterly_stars.delay(quarters.quarter_of(utcnow())).get()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StarAward)) == 0


def test_beat_runs_the_stars_early_in_each_quarter(app):
    celery = app.extensions["celery"]
    entry = BEAT_SCHEDULE["compute-quarterly-stars"]
    task = community.compute_quarterly_stars
    assert entry["task"] == task.name and entry["task"] in celery.tasks
    schedule = entry["schedule"]
    assert schedule.month_of_year == {1, 4, 7, 10} and schedule.day_of_month == {1, 2, 3}
    assert (schedule.hour, schedule.minute) == ({2}, {30})
    assert task.max_retries == 3 and task.autoretry_for
    assert "app.tasks.community" in celery.conf.include
