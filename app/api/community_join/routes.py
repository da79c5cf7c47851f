from __future__ import annotations

from app.api.blueprint import Blueprint

blp = Blueprint("community_join", __name__, description="加入社区（志愿者申请、审核）")
