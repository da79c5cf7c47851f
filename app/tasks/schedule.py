"""The beat schedule, in one place. Each job is idempotent and safe to run twice."""
from celery.schedules import crontab

BEAT_SCHEDULE = {
    "purge-expired-sessions": {
        "task": "app.tasks.housekeeping.purge_expired_sessions",
        "schedule": crontab(minute=17, hour=3),
    },
}
