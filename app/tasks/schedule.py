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
}
