"""积分与捐分"""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("points", __name__, description="积分与捐分")
