"""订单时数认证（填报、审核）"""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("certifications", __name__, description="订单时数认证（填报、审核）")
