from __future__ import annotations

from app.api.blueprint import Blueprint

blp = Blueprint("community_stats", __name__, description="社区志愿统计、志愿者名单、个人服务汇总")
