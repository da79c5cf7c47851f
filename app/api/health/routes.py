"""Liveness and dependency reachability for load balancers and operators."""
from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from marshmallow import fields

from app.api.blueprint import Blueprint
from app.api.security import public
from app.api.validation import OutputSchema
from app.core.runtime import kv, setting
from app.extensions import db

blp = Blueprint("health", __name__, description="健康检查")


class HealthSchema(OutputSchema):
    status = fields.String(metadata={"description": "ok 或 degraded"})
    database = fields.String()
    redis = fields.String(metadata={"description": "ok / error / not_configured（嵌入式默认用本地存储）"})


@blp.route("/healthz")
class Health(MethodView):
    @public
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="某个依赖不可达")
    def get(self):
        """健康检查：数据库与 Redis 是否可达"""
        report = {"database": "ok", "redis": "not_configured"}
        try:
            db.session.execute(sa.text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any failure means unreachable; the report says so
            db.session.rollback()
            report["database"] = "error"
        if setting("REDIS_URL"):
            try:
                report["redis"] = "ok" if kv().ping() else "error"
            except Exception:  # noqa: BLE001
                report["redis"] = "error"
        healthy = "error" not in report.values()
        report["status"] = "ok" if healthy else "degraded"
        return report, 200 if healthy else 503
