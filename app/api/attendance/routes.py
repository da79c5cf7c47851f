from __future__ import annotations

from app.api.blueprint import Blueprint

blp = Blueprint("attendance", __name__, description="活动确认与活动反馈")
