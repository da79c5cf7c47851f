from __future__ import annotations

from marshmallow import fields

from app.api.validation import OutputSchema
from app.timebank.queues import QUEUES


class WorkbenchQueueSchema(OutputSchema):
    key = fields.String(metadata={"description": " / ".join(f"{q.key} {q.label}" for q in QUEUES)})
    label = fields.String()
    count = fields.Integer()


class WorkbenchSchema(OutputSchema):
    queues = fields.List(fields.Nested(WorkbenchQueueSchema), metadata={"description": "只含当前用户可处理的队列"})
