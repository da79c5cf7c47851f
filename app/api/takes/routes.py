"""接单（接单大厅、接单、撤回、接单人审核、我接的单）"""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.security import current_actor, prefetching, requires, signed_in
from app.api.takes.schemas import (
    FeedPageSchema,
    FeedQuery,
    MyTakesPageSchema,
    MyTakesQuery,
    TakeCreateSchema,
    TakeRejectSchema,
    TakerQuery,
    TakerSchema,
    TakeSchema,
)
from app.core.unit_of_work import unit_of_work
from app.timebank import feed, take_queries, takes

blp = Blueprint("takes", __name__, description="接单（接单大厅、接单、撤回、接单人审核、我接的单）")
ORDER_ID = "<int(max=2147483647):order_id>"
TAKE_ID = "<int(max=2147483647):take_id>"


@blp.route("/order-feed")
class OrderFeed(MethodView):
    @signed_in
    @prefetching(lambda user_id: feed.cache_reads(user_id, request.query_string))
    @blp.arguments(FeedQuery, location="query")
    @blp.response(200, FeedPageSchema)
    def get(self, args):
        """接单大厅：待接单的订单（可按区、街道、服务项目、服务类型、时间筛选；按开始时间或距离排序）"""
        filters = feed.FeedFilter(args["district_code"], args["street_code"], args["service_item_code"],
                                  args["service_type_code"], args["starts_from"], args["starts_to"])
        near = feed.Near(args["lat"], args["lng"]) if args["sort"] == "distance" else None
        page = feed.open_order_feed(current_actor().user_id, filters, near=near, cursor=args["cursor"],
                                    limit=args["limit"], page_key=feed.request_page_key(request.query_string))
        # The feed is the busiest list: its dicts already have the documented shape (FeedPageSchema), and
        # orjson writes them directly — dumping 20 items through marshmallow cost more than the query.
        return current_app.json.response(page)


@blp.route(f"/orders/{ORDER_ID}/takes")
class OrderTakes(MethodView):
    @signed_in
    @blp.arguments(TakeCreateSchema)
    @blp.response(201, TakeSchema)
    @blp.alt_response(409, description="已接过该订单 / 招募人数已满 / 时间冲突 / 已过截止时间 / 未实名或未绑定手机号")
    @blp.errors(404, "order_not_found", "organisation_not_found")
    @blp.errors(409, "already_taken", "order_full", "order_not_open", "phone_required", "real_name_required",
                "take_deadline_passed")
    def post(self, body, order_id):
        """立即接单（志愿者本人，或以志愿服务组织身份作为接单服务商）"""
        with unit_of_work():
            return takes.take_order(current_actor(), order_id, as_organisation_id=body["as_organisation_id"])

    @requires("take.review")
    @blp.arguments(TakerQuery, location="query")
    @blp.response(200, TakerSchema(many=True))
    @blp.errors(404, "order_not_found")
    def get(self, args, order_id):
        """接单人/接单服务商审核列表（社工站）"""
        return take_queries.order_takers(current_actor(), order_id, args["status"])


@blp.route(f"/takes/{TAKE_ID}/withdraw")
class TakeWithdraw(MethodView):
    @signed_in
    @blp.response(200, TakeSchema)
    @blp.alt_response(409, description="已审核的接单不能撤回")
    @blp.errors(404, "take_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, take_id):
        """撤回接单（审核前）"""
        with unit_of_work():
            return takes.withdraw_take(current_actor(), take_id)


@blp.route(f"/takes/{TAKE_ID}/approve")
class TakeApprove(MethodView):
    @requires("take.review")
    @blp.response(200, TakeSchema)
    @blp.alt_response(409, description="不是待审核状态 / 订单已不在招募中 / 时间冲突")
    @blp.errors(404, "take_not_found")
    @blp.errors(409, "invalid_transition", "order_not_open", "time_conflict")
    def post(self, take_id):
        """接单审核通过（社工站）；招满时订单进入进行中"""
        with unit_of_work():
            return takes.approve_take(current_actor(), take_id)


@blp.route(f"/takes/{TAKE_ID}/reject")
class TakeReject(MethodView):
    @requires("take.review")
    @blp.arguments(TakeRejectSchema)
    @blp.response(200, TakeSchema)
    @blp.alt_response(409, description="不是待审核状态")
    @blp.errors(404, "take_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, take_id):
        """接单审核不通过（社工站，须填写原因）"""
        with unit_of_work():
            return takes.reject_take(current_actor(), take_id, body["reason"])


@blp.route("/me/taken-orders")
class MyTakenOrders(MethodView):
    @signed_in
    @blp.arguments(MyTakesQuery, location="query")
    @blp.response(200, MyTakesPageSchema)
    def get(self, args):
        """我接的单（最新在前，用 before_id 翻页）"""
        items, next_before_id = take_queries.my_takes(current_actor(), status=args["status"],
                                                      before_id=args["before_id"], limit=args["limit"])
        return {"items": items, "next_before_id": next_before_id}
