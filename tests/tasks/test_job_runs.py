"""The last run of each scheduled job: recorded around the task where it runs (start, end, outcome), listed
for platform admins with the schedule's cadence in Chinese and when each job is next due."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import OrgKind
from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.tasks.housekeeping import purge_expired_sessions
from app.tasks.models import JobRun
from app.tasks.notify import deliver_outbox, sweep_outbox
from app.tasks.schedule import BEAT_SCHEDULE
from tests.factories import auth, load_regions, make_account, make_admin, make_org, token_for

URL = "/api/v1/admin/scheduled-jobs"


def _runs() -> dict[str, JobRun]:
    db.session.expire_all()
    return {run.job: run for run in db.session.scalars(sa.select(JobRun))}


def test_a_scheduled_tasks_run_is_recorded_with_its_outcome(app_ctx):
    before = utcnow()
    purge_expired_sessions.delay().get()
    run = _runs()["purge-expired-sessions"]
    assert run.task == "app.tasks.housekeeping.purge_expired_sessions"
    assert run.outcome == "succeeded" and run.error is None
    assert before <= run.started_at <= run.finished_at <= utcnow()


def test_a_failed_run_is_recorded_as_failed_and_a_later_success_replaces_it(app_ctx):
    with pytest.raises(TypeError):
        purge_expired_sessions.apply(args=("unexpected argument",)).get()
    run = _runs()["purge-expired-sessions"]
    assert run.outcome == "failed" and run.error.startswith("TypeError: ")
    assert run.finished_at is not None
    purge_expired_sessions.delay().get()
    run = _runs()["purge-expired-sessions"]
    assert run.outcome == "succeeded" and run.error is None
    assert len(_runs()) == 1  # one row per job, however often it runs


def test_tasks_outside_the_schedule_are_not_recorded(app_ctx):
    deliver_outbox.delay().get()
    assert _runs() == {}


def test_admins_see_every_scheduled_job_with_cadence_last_run_and_next_due(client, app_ctx):
    sweep_outbox.delay().get()
    with pytest.raises(TypeError):
        purge_expired_sessions.apply(args=("unexpected argument",)).get()
    token = token_for(make_admin())
    response = client.get(URL, headers=auth(token))
    assert response.status_code == 200
    jobs = {job["name"]: job for job in response.json}
    assert list(jobs) == list(BEAT_SCHEDULE)
    assert {name: job["cadence"] for name, job in jobs.items()} == {
        "sweep-outbox": "每分钟", "reconcile-subscription-quotas": "每小时第 7 分", "daily-review-digest": "每天 08:00",
        "purge-expired-sessions": "每天 03:17", "expire-overdue-orders": "每 5 分钟",
        "end-finished-services": "每 5 分钟",
        "remind-takers": "每 5 分钟", "warn-near-deadlines": "每 5 分钟", "end-finished-activities": "每 5 分钟",
        "remind-activity-volunteers": "每 5 分钟", "take-need-snapshot": "每天 00:10",
        "remind-unscored-claims": "每天 09:30", "compute-quarterly-stars": "每年 1、4、7、10 月 1-3 日 02:30",
        "sweep-exports": "每 5 分钟"}

    swept = jobs["sweep-outbox"]
    assert swept["last_outcome"] == "succeeded" and swept["last_outcome_label"] == "成功"
    started = _runs()["sweep-outbox"].started_at
    assert swept["next_due_at"] == (started + timedelta(seconds=60)).isoformat()

    failed = jobs["purge-expired-sessions"]
    assert failed["last_outcome"] == "failed" and failed["last_outcome_label"] == "失败"
    assert failed["last_error"].startswith("TypeError")
    due = datetime.fromisoformat(failed["next_due_at"])
    assert due > utcnow() and due - utcnow() <= timedelta(days=1)
    assert due.astimezone(SHANGHAI).strftime("%H:%M") == "03:17"

    never = jobs["compute-quarterly-stars"]
    assert never["last_started_at"] is None and never["last_outcome"] is None
    assert never["last_outcome_label"] == "尚未运行"
    quarterly = datetime.fromisoformat(never["next_due_at"]).astimezone(SHANGHAI)
    assert quarterly.month in (1, 4, 7, 10) and quarterly.day in (1, 2, 3) and quarterly.strftime("%H:%M") == "02:30"


def test_only_platform_admins_see_the_jobs(client, app_ctx):
    load_regions()
    station_admin = make_account(make_org(OrgKind.STATION, "440106001"), "st-admin")
    assert client.get(URL, headers=auth(token_for(station_admin))).status_code == 403
    assert client.get(URL).status_code == 401


def test_a_job_that_missed_its_time_is_marked_overdue(client, app_ctx):
    purge_expired_sessions.delay().get()
    sweep_outbox.delay().get()
    token = token_for(make_admin())
    jobs = {job["name"]: job for job in client.get(URL, headers=auth(token)).json}
    assert jobs["purge-expired-sessions"]["overdue"] is False and jobs["sweep-outbox"]["overdue"] is False
    # Beat stopped two days ago: the daily purge's 03:17 has passed since, and the minute sweep's long ago.
    with db.engine.begin() as conn:
        conn.execute(sa.update(JobRun).values(started_at=utcnow() - timedelta(days=2)))
    jobs = {job["name"]: job for job in client.get(URL, headers=auth(token)).json}
    for name in ("purge-expired-sessions", "sweep-outbox"):
        assert jobs[name]["overdue"] is True
        assert abs(datetime.fromisoformat(jobs[name]["next_due_at"]) - utcnow()) < timedelta(minutes=1)
    assert jobs["take-need-snapshot"]["overdue"] is False  # never ran here: nothing to be late against
