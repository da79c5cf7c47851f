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
}
