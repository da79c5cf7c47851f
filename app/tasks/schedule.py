"""The beat schedule, in one place. Each job is idempotent and safe to run twice."""
from celery.schedules import crontab

BEAT_SCHEDULE = {
    "sweep-outbox": {
        "task": "app.tasks.notify.sweep_outbox",
        "schedule": 60.0,
    },
    "reconcile-subscription-quotas": {
        "task": "app.tasks.notify_jobs.reconcile_quotas",
        "schedule": crontab(minute=7),
    },
    "daily-review-digest": {
        "task": "app.tasks.notify_jobs.send_daily_digest",
        "schedule": crontab(minute=0, hour=8),  # Asia/Shanghai (the Celery timezone)
    },
    "purge-expired-sessions": {
        "task": "app.tasks.housekeeping.purge_expired_sessions",
        "schedule": crontab(minute=17, hour=3),
    },
    # Time passing for wish orders (app/tasks/timebank.py), each task its own transaction. They need no order
    # among themselves: expiry takes deadlines passed, the warning deadlines still ahead, the reminders
    # starts still ahead (in either status expiry leaves), the end only in-progress services past their end.
    "expire-overdue-orders": {
        "task": "app.tasks.timebank.expire_overdue_orders",
        "schedule": crontab(minute="*/5"),
    },
    "end-finished-services": {
        "task": "app.tasks.timebank.end_finished_services",
        "schedule": crontab(minute="*/5"),
    },
    "remind-takers": {
        "task": "app.tasks.timebank.remind_takers",
        "schedule": crontab(minute="*/5"),
    },
    "warn-near-deadlines": {
        "task": "app.tasks.timebank.warn_near_deadlines",
        "schedule": crontab(minute="*/5"),
    },
    # Activities (app/tasks/activities.py): end those past their end time; remind signed-up volunteers 24 h
    # before the start (once per activity).
    "end-finished-activities": {
        "task": "app.tasks.activities.end_finished_activities",
        "schedule": crontab(minute="*/5"),
    },
    "remind-activity-volunteers": {
        "task": "app.tasks.activities.remind_activity_volunteers",
        "schedule": crontab(minute="*/5"),
    },
    # Needs (七彩假期, app/tasks/needs.py): yesterday's home figures just after midnight; scoring reminders
    # once a day in office hours (their cadence counts in days).
    "take-need-snapshot": {
        "task": "app.tasks.needs.take_need_snapshot",
        "schedule": crontab(minute=10, hour=0),
    },
    "remind-unscored-claims": {
        "task": "app.tasks.needs.remind_unscored_claims",
        "schedule": crontab(minute=30, hour=9),
    },
    # Community (app/tasks/community.py): the quarterly stars of the quarter just ended, on the first three days
    # of a quarter (a rerun rewrites the same rows, so a missed first run is made up for).
    "compute-quarterly-stars": {
        "task": "app.tasks.community.compute_quarterly_stars",
        "schedule": crontab(minute=30, hour=2, day_of_month="1-3", month_of_year="1,4,7,10"),
    },
    # Export jobs (app/tasks/exports.py): files older than EXPORT_TTL_HOURS (24 h) are deleted and their jobs
    # marked expired; a job queued or silent for EXPORT_STALE_MINUTES is sent to a worker again.
    "sweep-exports": {
        "task": "app.tasks.exports.sweep_exports",
        "schedule": crontab(minute="*/5"),
    },
}
