"""Scoring reminders (待评分提醒): the cadence, the recipients, and the stop once a side has scored."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.core.timeutil import SHANGHAI
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs import scoring
from app.needs.models import ClaimStatus, Need, NeedStatus
from app.needs.scoring_reminders import remind_unscored_claims
from app.notify.models import InboxItem, NotificationEvent
from app.tasks import needs as needs_tasks
from app.tasks.schedule import BEAT_SCHEDULE
from config import settings
from tests.needs.factories_scoring import accepted_claim, actor, claim_row, make_claim, make_need, needs_world

DAY0 = date(2026, 7, 1)


def at(day: int, hour: int = 9, minute: int = 30, second: int = 0) -> datetime:
    """`day` days after DAY0, at the given Shanghai time, in UTC."""
    start = datetime(DAY0.year, DAY0.month, DAY0.day, hour, minute, second, tzinfo=SHANGHAI)
    return (start + timedelta(days=day)).astimezone(UTC)


@pytest.fixture
def world(app_ctx):
    return needs_world()


def remind(now, **cadence):
    with unit_of_work():
        return remind_unscored_claims(now, **cadence)


def reminders(claim_id):
    """(day sent, recipients) of each scoring.pending event of the claim, in order."""
    db.session.expire_all()
    events = db.session.scalars(sa.select(NotificationEvent).where(
        NotificationEvent.kind == "scoring.pending", NotificationEvent.subject_id == claim_id)
        .order_by(NotificationEvent.id)).all()
    return [(event.key.rsplit(":", 1)[-1], set(db.session.scalars(
        sa.select(InboxItem.user_id).where(InboxItem.event_id == event.id)))) for event in events]


def run_daily(days, **cadence):
    for day in range(days):
        remind(at(day), **cadence)


def test_first_after_three_days_then_weekly_at_most_three_times(world):
    claim_id = accepted_claim(world, decided_at=at(0, 10))

    run_daily(40)

    both = {world["league_admin"], world["league_staff"], world["provider_admin"], world["provider_staff"]}
    days = [(DAY0 + timedelta(days=d)).isoformat() for d in (4, 11, 18)]  # day 3 at 09:30 is 30 minutes early
    assert reminders(claim_id) == [(day, both) for day in days]
    assert claim_row(claim_id).scoring_reminded_at == at(18)


def test_a_side_that_scored_hears_no_more(world):
    claim_id = accepted_claim(world, decided_at=at(0, 10))
    run_daily(5)
    with unit_of_work():
        scoring.score_claim(actor(world["league_admin"]), claim_id, 5)

    for day in range(5, 40):
        remind(at(day))

    sent = reminders(claim_id)
    league = {world["league_admin"], world["league_staff"]}
    claimer = {world["provider_admin"], world["provider_staff"]}
    assert [recipients for _day, recipients in sent] == [league | claimer, claimer, claimer]


def test_reminders_stop_when_both_have_scored(world):
    claim_id = accepted_claim(world, decided_at=at(0, 10))
    run_daily(5)
    with unit_of_work():
        scoring.score_claim(actor(world["league_admin"]), claim_id, 5)
        scoring.score_claim(actor(world["provider_admin"]), claim_id, 4)

    run_daily(40)

    assert len(reminders(claim_id)) == 1


def test_a_rerun_sends_nothing(world):
    claim_id = accepted_claim(world, decided_at=at(0, 10))

    assert remind(at(4)) == 1
    assert remind(at(4)) == 0
    assert remind(at(4, 23)) == 0
    assert len(reminders(claim_id)) == 1


def test_a_beat_a_little_early_does_not_lose_a_week(world):
    claim_id = accepted_claim(world, decided_at=at(0, 8))
    remind(at(4, 9, 30, 5))

    remind(at(11, 9, 30, 0))  # five seconds short of seven days

    assert len(reminders(claim_id)) == 2


def test_only_accepted_claims_are_reminded(world):
    for status in (ClaimStatus.PENDING, ClaimStatus.RETURNED, ClaimStatus.WITHDRAWN):
        make_claim(world, make_need(world), status=status, created_at=at(0))
    for day in range(20):
        assert remind(at(day)) == 0


def test_the_cadence_is_configurable(world):
    claim_id = accepted_claim(world, decided_at=at(0, 8))

    for day in range(30):
        remind(at(day), first_days=1, every_days=2, times=5)

    assert [day for day, _ in reminders(claim_id)] == [(DAY0 + timedelta(days=d)).isoformat() for d in (1, 3, 5, 7, 9)]
    assert remind(at(31), times=0) == 0


def test_unlimited_reminders_go_on_until_the_need_closes(world):
    claim_id = accepted_claim(world, decided_at=at(0, 8))

    run_daily(60, first_days=1, every_days=7, times=None)

    days = [(DAY0 + timedelta(days=d)).isoformat() for d in range(1, 60, 7)]
    assert [day for day, _ in reminders(claim_id)] == days and len(days) == 9  # far past the capped three
    with unit_of_work():
        need = db.session.get(Need, claim_row(claim_id).need_id)
        need.status = NeedStatus.COMPLETED  # the league closes the need (已完成)
    for day in range(60, 90):
        assert remind(at(day), first_days=1, every_days=7, times=None) == 0
    assert len(reminders(claim_id)) == 9


def test_the_config_reads_a_count_or_unlimited(monkeypatch):
    monkeypatch.setenv("NEED_SCORING_MAX_REMINDERS", "Unlimited")
    assert settings._count_or_unlimited("NEED_SCORING_MAX_REMINDERS", 3) is None
    monkeypatch.setenv("NEED_SCORING_MAX_REMINDERS", "5")
    assert settings._count_or_unlimited("NEED_SCORING_MAX_REMINDERS", 3) == 5
    monkeypatch.delenv("NEED_SCORING_MAX_REMINDERS")
    assert settings._count_or_unlimited("NEED_SCORING_MAX_REMINDERS", 3) == 3


def test_many_claims_in_small_chunks(world):
    claims = [accepted_claim(world, decided_at=at(0, 8)) for _ in range(5)]

    assert remind(at(3), chunk_size=2) == 5

    assert all(len(reminders(claim_id)) == 1 for claim_id in claims)


def test_the_beat_task_uses_the_configured_cadence(world, app):
    claim_id = accepted_claim(world, decided_at=datetime.now(UTC) - timedelta(days=2))
    assert needs_tasks.remind_unscored_claims.delay().get() == 0  # NEED_SCORING_FIRST_REMINDER_DAYS: 3
    app.config["NEED_SCORING_FIRST_REMINDER_DAYS"] = 1
    try:
        assert needs_tasks.remind_unscored_claims.delay().get() == 1
    finally:
        app.config["NEED_SCORING_FIRST_REMINDER_DAYS"] = 3
    db.session.rollback()
    assert len(reminders(claim_id)) == 1

    entry = BEAT_SCHEDULE["remind-unscored-claims"]
    assert entry["task"] == needs_tasks.remind_unscored_claims.name
    assert entry["task"] in app.extensions["celery"].tasks
