from __future__ import annotations

from app.api.blueprint import Blueprint

blp = Blueprint("reports", __name__, description="志愿者上报")
