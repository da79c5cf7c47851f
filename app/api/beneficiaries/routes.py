"""服务对象（录入、审核、禁用、删除）"""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("beneficiaries", __name__, description="服务对象（录入、审核、禁用、删除）")
