"""Activities of the needs module (七彩假期): publishing for an accepted claim, and a need's activities."""
from __future__ import annotations

from flask.views import MethodView

from app.activities import queries
from app.api.activities.routes import blp
from app.api.activities.schemas import ActivityDetailSchema, ActivityFormSchema, ActivityPageSchema, PageQuery
from app.api.security import current_actor, public, requires
from app.core.unit_of_work import unit_of_work
from app.needs import claim_activities

CLAIM_ID = "<int(max=2147483647):claim_id>"
NEED_ID = "<int(max=2147483647):need_id>"


@blp.route(f"/claims/{CLAIM_ID}/activities")
class ClaimActivities(MethodView):
    @requires("activity.publish")
    @blp.arguments(ActivityFormSchema)
    @blp.response(201, ActivityDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="认领未成功 / 需求已完成或已撤回")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="表单有误（逐项说明）")
    @blp.errors(404, "claim_not_found")
    @blp.errors(409, "claim_not_accepted", "need_not_claimed")
    def post(self, body, claim_id):
        """为认领成功的需求发布活动（认领方志愿服务组织；标题自动加专区前缀，区域默认为需求的区域）"""
        actor = current_actor()
        with unit_of_work():
            activity_id = claim_activities.publish_claim_activity(actor, claim_id, body).id
        return queries.activity_detail(actor, activity_id)


@blp.route(f"/needs/{NEED_ID}/activities")
class NeedActivities(MethodView):
    @public
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, ActivityPageSchema)
    @blp.errors(404, "need_not_found")
    def get(self, args, need_id):
        """需求的活动（认领方为该需求发布的活动，最新在前）"""
        return claim_activities.need_activities(need_id, before_id=args["before_id"], limit=args["limit"])
