"""接单（接单大厅、接单、撤回、接单人审核、我接的单）"""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("takes", __name__, description="接单（接单大厅、接单、撤回、接单人审核、我接的单）")
