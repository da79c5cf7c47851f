"""Celery wiring: tasks run inside the Flask app context; reliable defaults; the schedule lives in
app.tasks.schedule."""
from __future__ import annotations

from celery import Celery, Task
from celery.exceptions import Retry
from flask import Flask


def celery_init_app(app: Flask) -> Celery:
    from app.tasks import runs

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                job = runs.JOB_OF_TASK.get(self.name)
                if job is None:
                    return self.run(*args, **kwargs)
                # A scheduled job: its start and end are recorded for the admin's list (app/tasks/runs.py).
                runs.run_started(job, self.name)
                try:
                    result = self.run(*args, **kwargs)
                except Retry as exc:
                    runs.run_ended(job, self.name, "retrying", exc.exc or exc)
                    raise
                except BaseException as exc:
                    runs.run_ended(job, self.name, "failed", exc)
                    raise
                runs.run_ended(job, self.name, "succeeded")
                return result

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
