"""社区志愿统计、志愿者名单、个人服务汇总"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.community_stats.schemas import (
    MyTotalsSchema,
    RosterPageSchema,
    RosterQuery,
    StatsQuery,
    StatsSchema,
    VolunteerDetailSchema,
)
from app.api.security import current_actor, requires, signed_in
from app.community import roster, statistics

blp = Blueprint("community_stats", __name__, description="社区志愿统计、志愿者名单、个人服务汇总")
USER_ID = "<int(max=2147483647):user_id>"


@blp.route("/stats")
class Stats(MethodView):
    @requires("community.view_stats")
    @blp.arguments(StatsQuery, location="query")
    @blp.response(200, StatsSchema)
    @blp.alt_response(404, description="区域不存在或不在本机构范围内")
    @blp.errors(404, "region_not_found")
    def get(self, args):
        """志愿统计（市、区、社区管理员：本区域志愿者人数、党员、本月新增、服务次数与时长、活动与求助；按下级区域、按工作单位）"""
        return statistics.region_statistics(current_actor(), args["region_code"], work_unit=args["work_unit"])


@blp.route("/volunteers")
class Roster(MethodView):
    @requires("community.view_volunteers")
    @blp.arguments(RosterQuery, location="query")
    @blp.response(200, RosterPageSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="区域或社区不存在，或不在本机构范围内")
    @blp.errors(404, "community_not_found", "region_not_found")
    def get(self, args):
        """志愿者名单（本区域内服务社区的志愿者，或某一社区的志愿者；可按工作单位、姓名、是否党员查询；手机号脱敏）"""
        return roster.roster(current_actor(), region_code=args["region_code"],
                             organisation_id=args["organisation_id"], work_unit=args["work_unit"],
                             name=args["name"], party_member=args["party_member"], before_id=args["before_id"],
                             limit=args["limit"])


@blp.route(f"/volunteers/{USER_ID}")
class RosterVolunteer(MethodView):
    @requires("community.view_volunteers")
    @blp.response(200, VolunteerDetailSchema)
    @blp.alt_response(404, description="志愿者不存在或不在本机构范围内")
    @blp.errors(404, "volunteer_not_found")
    def get(self, user_id):
        """志愿者详情：基本信息与参加的活动（含活动确认情况）"""
        return roster.volunteer_detail(current_actor(), user_id)


@blp.route("/me/totals")
class MyTotals(MethodView):
    @signed_in
    @blp.response(200, MyTotalsSchema)
    def get(self):
        """我的服务汇总：时间银行订单、社区活动、公众求助的服务次数、时长与积分（来自积分账本）"""
        return roster.my_totals(current_actor().user_id)


from app.api.community_stats import export  # noqa: E402,F401  isort:skip
