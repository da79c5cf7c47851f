"""Celery wiring: tasks run inside the Flask app context; reliable defaults; the schedule lives in
app.tasks.schedule."""
from __future__ import annotations

from celery import Celery, Task
from flask import Flask


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    from app.tasks.schedule import BEAT_SCHEDULE

    celery_app.conf.beat_schedule = BEAT_SCHEDULE
    celery_app.conf.include = ["app.tasks.housekeeping", "app.tasks.notify", "app.tasks.notify_jobs",
                              "app.tasks.wechat_push", "app.tasks.timebank", "app.tasks.activities",
                              "app.tasks.needs", "app.tasks.community", "app.tasks.exports"]
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    from app.tasks import (  # noqa: F401
        activities,
        community,
        exports,
        housekeeping,
        needs,
        notify,
        notify_jobs,
        timebank,
        wechat_push,
    )

    notify.register_kick(app)
    return celery_app
