"""Inbox, subscribe-message quotas, and the delivery console for administrators."""
from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.notifications.schemas import (
    CountSchema,
    DeliveryQuery,
    DeliverySchema,
    InboxItemSchema,
    InboxQuery,
    SubscriptionReportSchema,
    SubscriptionStateSchema,
    UnreadSchema,
)
from app.api.security import current_actor, requires, signed_in
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify import inbox, quotas, relay
from app.notify.models import OutboxMessage
from app.notify.templates import mp_templates_by_shape

blp = Blueprint("notifications", __name__, description="站内信、订阅消息与投递")
ID = "<int(max=2147483647):item_id>"


@blp.route("/inbox")
class Inbox(MethodView):
    @signed_in
    @blp.arguments(InboxQuery, location="query")
    @blp.response(200, InboxItemSchema(many=True))
    def get(self, args):
        """我的消息（最新在前，用 before_id 翻页）"""
        return inbox.list_items(current_actor().user_id, before_id=args["before_id"], limit=args["limit"],
                                unread_only=args["unread_only"])


@blp.route("/inbox/unread-count")
class InboxUnread(MethodView):
    @signed_in
    @blp.response(200, UnreadSchema)
    def get(self):
        """未读消息数（角标）"""
        return {"unread": inbox.unread_count(current_actor().user_id)}


@blp.route(f"/inbox/{ID}/read")
class InboxRead(MethodView):
    @signed_in
    @blp.response(200, InboxItemSchema)
    @blp.errors(404, "inbox_item_not_found")
    def post(self, item_id):
        """标记一条消息为已读"""
        with unit_of_work():
            return inbox.mark_read(current_actor().user_id, item_id)


@blp.route("/inbox/read-all")
class InboxReadAll(MethodView):
    @signed_in
    @blp.response(200, CountSchema)
    def post(self):
        """全部标记为已读"""
        with unit_of_work():
            return {"updated": inbox.mark_all_read(current_actor().user_id)}


@blp.route("/subscriptions")
class Subscriptions(MethodView):
    @signed_in
    @blp.response(200, SubscriptionStateSchema)
    def get(self):
        """订阅消息模板与我的剩余次数"""
        return {"templates": mp_templates_by_shape(), "credits": quotas.credits_of(current_actor().user_id)}

    @signed_in
    @blp.arguments(SubscriptionReportSchema)
    @blp.response(200, SubscriptionStateSchema)
    def post(self, body):
        """上报 wx.requestSubscribeMessage 的结果（每次“允许”可发送一次）"""
        with unit_of_work():
            credits = quotas.record_client_results(current_actor().user_id, body["results"])
        return {"templates": mp_templates_by_shape(), "credits": credits}


@blp.route("/admin/deliveries")
class Deliveries(MethodView):
    @requires("notify.admin")
    @blp.arguments(DeliveryQuery, location="query")
    @blp.response(200, DeliverySchema(many=True))
    def get(self, args):
        """投递记录（默认失败的），含尝试次数与微信错误"""
        query = sa.select(OutboxMessage).where(OutboxMessage.status == args["status"])
        if args["before_id"]:
            query = query.where(OutboxMessage.id < args["before_id"])
        return list(db.session.scalars(query.order_by(OutboxMessage.id.desc()).limit(args["limit"])))


@blp.route("/admin/deliveries/<int(max=2147483647):delivery_id>/retry")
class DeliveryRetry(MethodView):
    @requires("notify.admin")
    @blp.response(200, DeliverySchema)
    @blp.alt_response(409, description="只有失败或结果未知的投递可以重试")
    @blp.errors(404, "delivery_not_found")
    @blp.errors(409, "delivery_not_retryable")
    def post(self, delivery_id):
        """重试一条失败的投递"""
        with unit_of_work():
            return relay.retry_message(delivery_id)
