"""初始需求：个人提交、我的初始需求、团组织采纳或不采纳"""
from __future__ import annotations

from flask.views import MethodView

from app.api.needs.routes import blp
from app.api.needs.schemas import (
    AdoptSchema,
    InitialNeedCreateSchema,
    InitialNeedListSchema,
    InitialNeedQuery,
    InitialNeedSchema,
    NeedDetailSchema,
    NeedReasonSchema,
)
from app.api.security import current_actor, requires, signed_in
from app.core.unit_of_work import unit_of_work
from app.needs import initial_needs, need_queries

INITIAL_ID = "<int(max=2147483647):initial_id>"


@blp.route("/initial-needs")
class InitialNeeds(MethodView):
    @signed_in
    @blp.arguments(InitialNeedCreateSchema)
    @blp.response(201, InitialNeedSchema)
    def post(self, body):
        """提交初始需求（任何已登录用户）：所在区域的团组织会收到通知，采纳后才会公开"""
        with unit_of_work():
            initial = initial_needs.post_initial_need(current_actor(), body)
            return need_queries.initial_need_view(initial)

    @requires("initial_need.decide")
    @blp.arguments(InitialNeedQuery, location="query")
    @blp.response(200, InitialNeedListSchema)
    def get(self, args):
        """本区域的初始需求（团组织）"""
        found = initial_needs.list_for_leagues(current_actor(), args["status"])
        return {"items": need_queries.initial_need_views(found)}


@blp.route("/initial-needs/mine")
class MyInitialNeeds(MethodView):
    @signed_in
    @blp.response(200, InitialNeedListSchema)
    def get(self):
        """我提交的初始需求及处理结果"""
        return {"items": need_queries.initial_need_views(initial_needs.list_mine(current_actor()))}


@blp.route(f"/initial-needs/{INITIAL_ID}/adopt")
class AdoptInitialNeed(MethodView):
    @requires("initial_need.decide")
    @blp.arguments(AdoptSchema)
    @blp.response(201, NeedDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已被处理")
    @blp.errors(404, "initial_need_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, initial_id):
        """采纳初始需求（团组织）：转化为本组织的正式需求，并通知提交人"""
        actor = current_actor()
        organisation_id = body.pop("organisation_id")
        with unit_of_work():
            need = initial_needs.adopt_initial_need(actor, initial_id, body, organisation_id=organisation_id)
        return need_queries.need_detail(actor, need.id)


@blp.route(f"/initial-needs/{INITIAL_ID}/decline")
class DeclineInitialNeed(MethodView):
    @requires("initial_need.decide")
    @blp.arguments(NeedReasonSchema)
    @blp.response(200, InitialNeedSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已被处理")
    @blp.errors(404, "initial_need_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, initial_id):
        """不采纳初始需求（团组织，须填写原因），并通知提交人"""
        with unit_of_work():
            initial = initial_needs.decline_initial_need(current_actor(), initial_id, body["reason"])
            return need_queries.initial_need_view(initial)
