"""One endpoint per order transition (GUIDE §3), each with its own permission."""
from __future__ import annotations

from flask.views import MethodView

from app.api.bulk import BulkIdsSchema, BulkResultSchema, run_bulk
from app.api.orders.routes import ID, blp
from app.api.orders.schemas import OrderDetailSchema, OrderReasonSchema
from app.api.security import current_actor, requires
from app.core.unit_of_work import unit_of_work
from app.timebank import orders
from app.timebank.order_detail import order_detail

_WRONG_STATE = "当前状态不允许此操作"


def _act(service, order_id: int, *args) -> dict:
    actor = current_actor()
    with unit_of_work():
        order = service(actor, order_id, *args)
        return order_detail(actor, order, staff=True)


@blp.route(f"/{ID}/first-approve")
class FirstApprove(MethodView):
    @requires("order.first_review")
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE)
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, order_id):
        """初审通过（社工站），提交市志愿者协会终审"""
        return _act(orders.first_approve_order, order_id)


@blp.route(f"/{ID}/first-reject")
class FirstReject(MethodView):
    @requires("order.first_review")
    @blp.arguments(OrderReasonSchema)
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE)
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, order_id):
        """初审不通过（社工站，须填写原因）"""
        return _act(orders.first_reject_order, order_id, body["reason"])


@blp.route(f"/{ID}/final-approve")
class FinalApprove(MethodView):
    @requires("order.final_review")
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE + "，或接单截止日期已过")
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "invalid_transition", "order_deadline_passed")
    def post(self, order_id):
        """终审通过（市志愿者协会）：订单开放接单并派单给本区志愿者与服务商"""
        return _act(orders.final_approve_order, order_id)


@blp.route("/bulk/final-approve")
class BulkFinalApprove(MethodView):
    @requires("order.final_review")
    @blp.arguments(BulkIdsSchema)
    @blp.response(200, BulkResultSchema)
    def post(self, body):
        """批量终审通过（市志愿者协会）：逐单处理，各单独立生效；结果逐单说明成功或失败原因"""
        actor = current_actor()
        return run_bulk(body["ids"], lambda order_id: orders.final_approve_order(actor, order_id))


@blp.route(f"/{ID}/final-reject")
class FinalReject(MethodView):
    @requires("order.final_review")
    @blp.arguments(OrderReasonSchema)
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE)
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, order_id):
        """终审不通过（市志愿者协会，须填写原因）"""
        return _act(orders.final_reject_order, order_id, body["reason"])


@blp.route(f"/{ID}/resubmit")
class Resubmit(MethodView):
    @requires("order.publish")
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE)
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, order_id):
        """重新提交审核（审核不通过或二审不通过的订单）"""
        return _act(orders.resubmit_order, order_id)


@blp.route(f"/{ID}/cancel")
class Cancel(MethodView):
    @requires("order.manage")
    @blp.arguments(OrderReasonSchema)
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE)
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, order_id):
        """取消订单（社工站，服务开始前，须填写原因）；待审核的接单随之作废"""
        return _act(orders.cancel_order, order_id, body["reason"])


@blp.route(f"/{ID}/mark-expired")
class MarkExpired(MethodView):
    @requires("order.manage")
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE)
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, order_id):
        """过期（社工站，待接单的订单）；待审核的接单随之作废"""
        return _act(orders.mark_order_expired, order_id)


@blp.route(f"/{ID}/close-recruitment")
class CloseRecruitment(MethodView):
    @requires("order.manage")
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE + "，或还没有审核通过的接单人")
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "invalid_transition", "no_approved_taker")
    def post(self, order_id):
        """完成招募（社工站，至少一名接单人审核通过）：订单进入进行中"""
        return _act(orders.close_recruitment, order_id)


@blp.route(f"/{ID}/abort")
class Abort(MethodView):
    @requires("order.manage")
    @blp.arguments(OrderReasonSchema)
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE)
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, order_id):
        """中止（社工站，进行中的订单，须填写原因）"""
        return _act(orders.abort_order, order_id, body["reason"])
