from __future__ import annotations

from app.api.blueprint import Blueprint

blp = Blueprint("help_requests", __name__, description="公众求助")
