"""V订单（发单、初审、终审、取消、过期、完成招募、中止、订单跟踪、导出）"""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("orders", __name__, description="V订单（发单、初审、终审、取消、过期、完成招募、中止、订单跟踪、导出）")
