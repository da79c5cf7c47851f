"""工作台待办队列"""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("workbench", __name__, description="工作台待办队列")
