"""Bulk review (批量审核) for the console's lists: one request, each item in its own transaction, so one
refused item (already reviewed by a colleague, outside the caller's region) neither stops nor undoes the
others; the answer says item by item what happened, in the same words the single endpoint would use."""
from __future__ import annotations

from collections.abc import Callable

from marshmallow import ValidationError, fields, validate, validates

from app.api.validation import InputSchema, OutputSchema
from app.core.errors import DomainError
from app.core.unit_of_work import unit_of_work

BULK_MAX = 50


class BulkIdsSchema(InputSchema):
    ids = fields.List(fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1)), required=True,
                      validate=validate.Length(min=1, max=BULK_MAX),
                      metadata={"description": f"要处理的 id（1–{BULK_MAX} 个，不可重复）"})

    @validates("ids")
    def distinct(self, value, **_kwargs):
        if len(set(value)) != len(value):
            raise ValidationError("id 不能重复")


class BulkItemSchema(OutputSchema):
    id = fields.Integer()
    ok = fields.Boolean()
    error = fields.String(allow_none=True, metadata={"description": "失败时的错误标识（与单项接口相同）"})
    message = fields.String(allow_none=True, metadata={"description": "失败原因"})


class BulkResultSchema(OutputSchema):
    succeeded = fields.Integer()
    failed = fields.Integer()
    results = fields.List(fields.Nested(BulkItemSchema))


def run_bulk(ids: list[int], action: Callable[[int], object]) -> dict:
    results = []
    for item_id in ids:
        try:
            with unit_of_work():
                action(item_id)
            results.append({"id": item_id, "ok": True, "error": None, "message": None})
        except DomainError as exc:
            results.append({"id": item_id, "ok": False, "error": exc.error, "message": exc.message})
    succeeded = sum(1 for r in results if r["ok"])
    return {"succeeded": succeeded, "failed": len(results) - succeeded, "results": results}
