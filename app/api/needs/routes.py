"""需求（七彩假期）：专区、正式需求（发布、列表、详情、撤回、完成、我的发布）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.needs.schemas import (
    MyNeedsQuery,
    NeedCreateSchema,
    NeedDetailSchema,
    NeedListQuery,
    NeedListSchema,
    NeedPageSchema,
    NeedWithdrawSchema,
    ZoneCreateSchema,
    ZoneQuery,
    ZoneSchema,
    ZoneUpdateSchema,
)
from app.api.security import current_actor, public, requires
from app.core.unit_of_work import unit_of_work
from app.needs import need_queries, needs, zones

blp = Blueprint("needs", __name__, description="需求（七彩假期）：专区、正式需求、初始需求、认领、组织信息")
ID = "<int(max=2147483647):need_id>"
_WRONG_STATE = "当前状态不允许此操作"


@blp.route("/zones")
class Zones(MethodView):
    @public
    @blp.arguments(ZoneQuery, location="query")
    @blp.response(200, ZoneSchema(many=True))
    def get(self, args):
        """专区列表"""
        return zones.list_zones(active_only=args["active"])

    @requires("zone.manage")
    @blp.arguments(ZoneCreateSchema)
    @blp.response(201, ZoneSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已有同名专区")
    @blp.errors(409, "zone_exists")
    def post(self, body):
        """新建专区（平台管理员）"""
        with unit_of_work():
            return zones.create_zone(current_actor(), body)


@blp.route("/zones/<int(max=2147483647):zone_id>")
class ZoneItem(MethodView):
    @requires("zone.manage")
    @blp.arguments(ZoneUpdateSchema)
    @blp.response(200, ZoneSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已有同名专区")
    @blp.errors(404, "zone_not_found")
    def patch(self, body, zone_id):
        """修改专区（名称、周期、启用）"""
        with unit_of_work():
            return zones.update_zone(current_actor(), zone_id, body)


@blp.route("/needs")
class Needs(MethodView):
    @public
    @blp.arguments(NeedListQuery, location="query")
    @blp.response(200, NeedPageSchema)
    def get(self, args):
        """需求信息：正式需求列表（可按专区、区域、状态、关键词筛选），负责人电话打码"""
        return need_queries.public_needs(current_actor(), **args)

    @requires("need.publish")
    @blp.arguments(NeedCreateSchema)
    @blp.response(201, NeedDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="专区不在开放期内")
    @blp.errors(403, "organisation_inactive")
    def post(self, body):
        """发布需求（团组织）：标题自动加专区前缀，发布后即为待认领"""
        actor = current_actor()
        organisation_id = body.pop("organisation_id")
        with unit_of_work():
            need = needs.publish_need(actor, body, organisation_id=organisation_id)
        return need_queries.need_detail(actor, need.id)


@blp.route("/needs/mine")
class MyNeeds(MethodView):
    @requires("need.publish")
    @blp.arguments(MyNeedsQuery, location="query")
    @blp.response(200, NeedListSchema)
    def get(self, args):
        """我的发布（团组织）：本组织发布的需求及认领进度"""
        actor = current_actor()
        league_ids = None if actor.is_platform_admin else [g.organisation_id for g in actor.grants_for("need.publish")]
        return {"items": need_queries.league_posts(actor, league_ids, args["status"])}


@blp.route(f"/needs/{ID}")
class NeedItem(MethodView):
    @public
    @blp.response(200, NeedDetailSchema)
    @blp.errors(404, "need_not_found")
    def get(self, need_id):
        """需求详情：认领成功前，负责人电话仅发布方可见；认领成功后认领组织也可见"""
        return need_queries.need_detail(current_actor(), need_id)


def _act(service, need_id: int, *args) -> dict:
    actor = current_actor()
    with unit_of_work():
        service(actor, need_id, *args)
    return need_queries.need_detail(actor, need_id)


@blp.route(f"/needs/{ID}/withdraw")
class WithdrawNeed(MethodView):
    @requires("need.publish")
    @blp.arguments(NeedWithdrawSchema)
    @blp.response(200, NeedDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE + "（已认领的需求不能撤回）")
    @blp.errors(404, "need_not_found")
    def post(self, body, need_id):
        """撤回需求（团组织，仅待认领时）：待确认的认领一并退回"""
        return _act(needs.withdraw_need, need_id, body["reason"])


@blp.route(f"/needs/{ID}/complete")
class CompleteNeed(MethodView):
    @requires("need.publish")
    @blp.response(200, NeedDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE + "（须已认领）")
    @blp.errors(404, "need_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, need_id):
        """标记需求已完成（团组织）"""
        return _act(needs.complete_need, need_id)


from app.api.needs import claim_routes, initial_routes, profile_routes  # noqa: E402,F401  isort:skip
