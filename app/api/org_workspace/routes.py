"""组织的我的：待办项、我的积分（团组织、志愿服务组织）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.org_workspace.schemas import OrgBalanceSchema, OrgPointEntriesQuery, OrgQuery, TodosQuery, TodosSchema
from app.api.points.schemas import PointEntrySchema
from app.api.security import current_actor, requires
from app.needs import org_points
from app.needs.profiles import profile_gaps
from app.needs.todos import acting_organisation, todos

blp = Blueprint("org_workspace", __name__, description="组织的我的：待办项（待确认、待认领、待评分）与组织积分")


@blp.route("/todos")
class Todos(MethodView):
    @requires("claim.score")
    @blp.arguments(TodosQuery, location="query")
    @blp.response(200, TodosSchema)
    @blp.alt_response(404, description="组织不存在（或不是团组织、志愿服务组织）")
    @blp.errors(403, "organisation_inactive")
    def get(self, args):
        """待办项：团组织 待确认/待认领/待评分，志愿服务组织 待确认/待评分（数量及最早的几项）；志愿服务组织的
        组织资料未填全时 profile_incomplete 为 true 并列出缺少的必填项（首次进入时提示完善信息）"""
        org = acting_organisation(current_actor(), "claim.score", args["organisation_id"])
        gaps = profile_gaps(org)
        return {"organisation_id": org.id, "organisation_kind": org.kind.value, "profile_incomplete": bool(gaps),
                "profile_missing": gaps, "lists": todos(org, limit=args["limit"])}


@blp.route("/points")
class OrgPoints(MethodView):
    @requires("org_points.view")
    @blp.arguments(OrgQuery, location="query")
    @blp.response(200, OrgBalanceSchema)
    @blp.alt_response(404, description="组织不存在（或不是团组织、志愿服务组织）")
    @blp.errors(403, "organisation_inactive")
    def get(self, args):
        """组织的积分余额（我的积分）"""
        return org_points.org_balance(current_actor(), args["organisation_id"])


@blp.route("/points/entries")
class OrgPointEntries(MethodView):
    @requires("org_points.view")
    @blp.arguments(OrgPointEntriesQuery, location="query")
    @blp.response(200, PointEntrySchema(many=True))
    @blp.alt_response(404, description="组织不存在（或不是团组织、志愿服务组织）")
    @blp.errors(403, "organisation_inactive")
    def get(self, args):
        """组织的积分明细（最新在前，用 before_id 翻页）"""
        return org_points.org_history(current_actor(), args["organisation_id"], before_id=args["before_id"],
                                      limit=args["limit"])
