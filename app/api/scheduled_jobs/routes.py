"""Scheduled jobs (定时任务, 平台管理员): the beat schedule with each job's cadence, last run and next run."""
from __future__ import annotations

from flask.views import MethodView
from marshmallow import fields

from app.api.blueprint import Blueprint
from app.api.security import requires
from app.api.validation import OutputSchema
from app.tasks.runs import scheduled_jobs

blp = Blueprint("scheduled_jobs", __name__, description="定时任务（平台管理员）")


class ScheduledJobSchema(OutputSchema):
    name = fields.String(metadata={"description": "任务名称（调度表中的名称）"})
    task = fields.String(metadata={"description": "执行的 Celery 任务"})
    cadence = fields.String(metadata={"description": "执行频率（北京时间），如 每 5 分钟、每天 08:00"})
    last_started_at = fields.DateTime(allow_none=True, metadata={"description": "最近一次开始时间"})
    last_finished_at = fields.DateTime(allow_none=True, metadata={"description": "最近一次结束时间（运行中为空）"})
    last_outcome = fields.String(allow_none=True, metadata={
        "description": "running 运行中 / succeeded 成功 / failed 失败 / retrying 失败，等待重试；尚未运行为空"})
    last_outcome_label = fields.String(metadata={"description": "最近一次结果的中文说明"})
    last_error = fields.String(allow_none=True, metadata={"description": "失败时的错误摘要"})
    next_due_at = fields.DateTime(metadata={"description": "预计下次执行时间"})
    overdue = fields.Boolean(metadata={"description": "是否逾期未运行（应运行的时间已过 10 分钟仍未运行，"
                                                      "通常说明定时调度或后台任务进程未在运行）"})


@blp.route("")
class ScheduledJobs(MethodView):
    @requires("schedule.view")
    @blp.response(200, ScheduledJobSchema(many=True))
    def get(self):
        """定时任务列表：执行频率、最近一次运行及结果、预计下次执行时间"""
        return scheduled_jobs()
