"""V订单（发单、初审、终审、取消、过期、完成招募、中止、订单跟踪、导出）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.orders.schemas import (
    OrderDetailSchema,
    OrderEditSchema,
    OrderEventSchema,
    OrderFormSchema,
    OrderListQuery,
    OrderPageSchema,
)
from app.api.security import current_actor, requires, signed_in
from app.core.unit_of_work import unit_of_work
from app.timebank import orders
from app.timebank.order_detail import order_detail, order_events, visible_order
from app.timebank.order_queries import OrderFilters, list_orders

blp = Blueprint("orders", __name__, description="V订单（发单、初审、终审、取消、过期、完成招募、中止、订单跟踪、导出）")
ID = "<int(max=2147483647):order_id>"


def filters_of(args: dict) -> OrderFilters:
    return OrderFilters(**{k: v for k, v in args.items() if k not in ("page", "page_size")})


@blp.route("")
class OrderCollection(MethodView):
    @requires("order.view")
    @blp.arguments(OrderListQuery, location="query")
    @blp.response(200, OrderPageSchema)
    def get(self, args):
        """V订单记录列表 / 订单审核（本辖区；筛选：需求标题、服务项目、所属街道、服务时间、订单状态、页签）"""
        return list_orders(current_actor(), filters_of(args), page=args["page"], page_size=args["page_size"])

    @requires("order.publish")
    @blp.arguments(OrderFormSchema)
    @blp.response(201, OrderDetailSchema)
    @blp.alt_response(422, response="DEFAULT_ERROR", description="表单有误（逐项说明）")
    def post(self, body):
        """我要发单：为启用中的服务对象发单，等待社工站初审"""
        actor = current_actor()
        with unit_of_work():
            order = orders.publish_order(actor, body)
            return order_detail(actor, order, staff=True)


@blp.route("/mine")
class MyOrders(MethodView):
    @requires("order.publish")
    @blp.arguments(OrderListQuery, location="query")
    @blp.response(200, OrderPageSchema)
    def get(self, args):
        """我发出的订单（本社工站发布的订单）"""
        return list_orders(current_actor(), filters_of(args), page=args["page"], page_size=args["page_size"],
                           mine=True)


@blp.route(f"/{ID}")
class OrderDetail(MethodView):
    @signed_in
    @blp.response(200, OrderDetailSchema)
    @blp.errors(404, "order_not_found")
    def get(self, order_id):
        """订单详情：本辖区工作人员看全部信息；志愿者可看已开放接单的订单（不含服务对象个人信息）"""
        actor = current_actor()
        order, staff = visible_order(actor, order_id)
        return order_detail(actor, order, staff=staff)

    @requires("order.publish")
    @blp.arguments(OrderEditSchema(partial=True))
    @blp.response(200, OrderDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="订单已进入终审或已开放，不能修改")
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "order_not_editable")
    def patch(self, body, order_id):
        """修改订单（待审核、审核不通过、二审不通过时）"""
        actor = current_actor()
        with unit_of_work():
            order = orders.edit_order(actor, order_id, body)
            return order_detail(actor, order, staff=True)


@blp.route(f"/{ID}/events")
class OrderEvents(MethodView):
    @requires("order.view")
    @blp.response(200, OrderEventSchema(many=True))
    @blp.errors(404, "order_not_found")
    def get(self, order_id):
        """订单跟踪：订单、接单与时数认证的每一步（谁、何时、做了什么、原因）"""
        return order_events(current_actor(), order_id)


# The transition endpoints and the export register on the same blueprint.
from app.api.orders import export, transitions  # noqa: E402,F401  isort:skip
