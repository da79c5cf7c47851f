"""工作台待办队列"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.security import current_actor, signed_in
from app.api.workbench.schemas import WorkbenchSchema
from app.timebank.workbench import workbench

blp = Blueprint("workbench", __name__, description="工作台待办队列")


@blp.route("")
class Workbench(MethodView):
    @signed_in
    @blp.response(200, WorkbenchSchema)
    def get(self):
        """工作台：我可处理的各待办队列及数量（服务对象审核、V订单初审/终审、接单人审核、待认证、认证审核）"""
        return {"queues": workbench(current_actor())}
