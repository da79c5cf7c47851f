"""The scheduled jobs and how their last runs went.

Each run of a task named in the beat schedule is recorded around the task itself (app/tasks/__init__.py): its
start, then its end and outcome. The record is written on a connection of its own, committed at once, so it
survives the task's own rollback and a worker that dies mid-run leaves "running" behind, which is itself news.
A failure to record never fails the task."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from celery.schedules import crontab
from sqlalchemy.dialects import postgresql, sqlite

from app.core.timeutil import utcnow
from app.extensions import db
from app.tasks.models import JobRun
from app.tasks.schedule import BEAT_SCHEDULE

log = logging.getLogger(__name__)

# A task named by more than one entry would be recorded under the first; the schedule has none such.
JOB_OF_TASK = {}
for _name, _entry in BEAT_SCHEDULE.items():
    JOB_OF_TASK.setdefault(_entry["task"], _name)

OUTCOME_LABELS = {"running": "运行中", "succeeded": "成功", "failed": "失败", "retrying": "失败，等待重试"}
_WEEKDAYS = {"0": "日", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "日"}


def _write(job: str, values: dict) -> None:
    try:
        with db.engine.begin() as conn:
            insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(JobRun)
            conn.execute(insert.values(job=job, **values)
                         .on_conflict_do_update(index_elements=[JobRun.job], set_=values))
    except Exception:  # the record is a convenience; the job itself must run regardless
        log.exception("could not record a run of %s", job)


def run_started(job: str, task: str) -> None:
    _write(job, {"task": task, "started_at": utcnow(), "finished_at": None, "outcome": "running", "error": None})


def run_ended(job: str, task: str, outcome: str, error: BaseException | None = None) -> None:
    text = None
    if error is not None:
        text = f"{type(error).__name__}: {error}"[:300]
    values = {"task": task, "finished_at": utcnow(), "outcome": outcome, "error": text}
    try:
        with db.engine.begin() as conn:
            done = conn.execute(sa.update(JobRun).where(JobRun.job == job).values(**values)).rowcount
        if not done:  # the start was not recorded (the database was away then): keep what we know
            _write(job, values | {"started_at": values["finished_at"]})
    except Exception:  # see _write
        log.exception("could not record the end of a run of %s", job)


def _two(value: str) -> str:
    return value.zfill(2) if value.isdigit() else value


def describe(schedule) -> str:
    """The cadence in words, in the Celery timezone (Asia/Shanghai)."""
    if isinstance(schedule, int | float | timedelta):
        seconds = int(schedule.total_seconds() if isinstance(schedule, timedelta) else schedule)
        if seconds % 3600 == 0:
            return "每小时" if seconds == 3600 else f"每 {seconds // 3600} 小时"
        if seconds % 60 == 0:
            return "每分钟" if seconds == 60 else f"每 {seconds // 60} 分钟"
        return f"每 {seconds} 秒"
    if not isinstance(schedule, crontab):
        return str(schedule)
    minute, hour = str(schedule._orig_minute), str(schedule._orig_hour)
    dom, month, dow = (str(schedule._orig_day_of_month), str(schedule._orig_month_of_year),
                       str(schedule._orig_day_of_week))
    if hour == "*" and minute.startswith("*/"):
        time = f"每 {minute[2:]} 分钟"
    elif hour == "*" and minute.isdigit():
        time = f"每小时第 {minute} 分"
    elif hour.isdigit() and minute.isdigit():
        time = f"{_two(hour)}:{_two(minute)}"
    else:
        time = f"分钟 {minute}、小时 {hour}"
    days = []
    if month != "*":
        days.append(f"每年 {month.replace(',', '、')} 月")
    if dom != "*":
        days.append(f"{'' if days else '每月 '}{dom.replace(',', '、')} 日")  # "每年 1 月 1-3 日"
    if dow != "*":
        days.append("每周" + "、".join(_WEEKDAYS.get(day, day) for day in dow.split(",")))
    if not days:
        return time if time.startswith("每") else f"每天 {time}"
    return f"{' '.join(days)} {time}"


def _next_after(schedule, moment: datetime) -> datetime:
    """When the schedule fires next after `moment`."""
    if isinstance(schedule, int | float | timedelta):
        return moment + (schedule if isinstance(schedule, timedelta) else timedelta(seconds=schedule))
    last, delta, _now = schedule.remaining_delta(moment)
    return (last + delta).astimezone(moment.tzinfo)


# A job whose next time passed longer ago than this did not run when due: beat or the workers are down.
OVERDUE_AFTER = timedelta(minutes=10)


def scheduled_jobs() -> list[dict]:
    """Every beat entry with its cadence, its last run and when it is next due, in schedule order."""
    runs = {run.job: run for run in db.session.scalars(sa.select(JobRun))}
    now = utcnow()
    jobs = []
    for name, entry in BEAT_SCHEDULE.items():
        run = runs.get(name)
        started = run.started_at if run is not None else None
        due = _next_after(entry["schedule"], started or now)
        jobs.append({
            "name": name, "task": entry["task"], "cadence": describe(entry["schedule"]),
            "last_started_at": started, "last_finished_at": run.finished_at if run is not None else None,
            "last_outcome": run.outcome if run is not None else None,
            "last_outcome_label": OUTCOME_LABELS.get(run.outcome, run.outcome) if run is not None else "尚未运行",
            "last_error": run.error if run is not None else None,
            "next_due_at": max(due, now),  # overdue: beat runs it as soon as it is back
            "overdue": due < now - OVERDUE_AFTER,
        })
    return jobs
