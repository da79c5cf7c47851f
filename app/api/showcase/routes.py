from __future__ import annotations

from app.api.blueprint import Blueprint

blp = Blueprint("showcase", __name__, description="首页展示（团队之星、个人之星、专业志愿者、志愿者团队、服务基地）")
