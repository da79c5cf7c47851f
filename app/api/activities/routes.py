"""志愿活动（浏览、发布、取消、报名、取消报名、报名名单、我的活动）"""
from __future__ import annotations

from flask.views import MethodView

from app.activities import publishing, queries, signups
from app.api.activities.schemas import (
    ActivityCancelSchema,
    ActivityDetailSchema,
    ActivityListQuery,
    ActivityPageSchema,
    CategoryNewestSchema,
    CommunityActivityFormSchema,
    MyActivitiesQuery,
    MyActivityPageSchema,
    NewestByCategoryQuery,
    SignupQuery,
    SignupRowSchema,
    SignupSchema,
)
from app.api.blueprint import Blueprint
from app.api.security import current_actor, public, requires, signed_in
from app.core.unit_of_work import unit_of_work

blp = Blueprint("activities", __name__, description="志愿活动（浏览、发布、取消、报名、取消报名、报名名单、我的活动）")
ACTIVITY_ID = "<int(max=2147483647):activity_id>"
SIGNUP_ID = "<int(max=2147483647):signup_id>"


@blp.route("/activities")
class Activities(MethodView):
    @public
    @blp.arguments(ActivityListQuery, location="query")
    @blp.response(200, ActivityPageSchema)
    def get(self, args):
        """最新志愿活动（最新在前；可按类别、类型、地域、状态、发布方筛选；用 before_id 翻页）"""
        filters = queries.ActivityFilters(args["category"], args["region"], args["status"], args["organisation_id"],
                                          args["type"])
        return queries.list_activities(filters, before_id=args["before_id"], limit=args["limit"])

    @requires("activity.publish")
    @blp.arguments(CommunityActivityFormSchema)
    @blp.response(201, ActivityDetailSchema)
    @blp.alt_response(422, response="DEFAULT_ERROR", description="表单有误（逐项说明）")
    @blp.errors(403, "community_only")
    @blp.errors(404, "organisation_not_found")
    def post(self, body):
        """发布活动（社区工作人员，活动区域在本社区内）；志愿服务组织请在认领成功的需求下发布"""
        actor = current_actor()
        organisation_id = body.pop("organisation_id")
        with unit_of_work():
            activity = publishing.publish_community_activity(actor, body, organisation_id=organisation_id)
            activity_id = activity.id
        return queries.activity_detail(actor, activity_id)


@blp.route("/activities/newest-by-category")
class NewestByCategory(MethodView):
    @public
    @blp.arguments(NewestByCategoryQuery, location="query")
    @blp.response(200, CategoryNewestSchema(many=True))
    def get(self, args):
        """首页：按类别显示最新的活动（每个启用的类别一组，按类别顺序；每组最新 per_category 个，可为空；
        可按类型、地域、状态筛选，不填状态时不含已取消的活动）"""
        filters = queries.ActivityFilters(region=args["region"], status=args["status"], type=args["type"])
        return queries.newest_by_category(filters, per_category=args["per_category"])


@blp.route(f"/activities/{ACTIVITY_ID}")
class ActivityDetail(MethodView):
    @public
    @blp.response(200, ActivityDetailSchema)
    @blp.errors(404, "activity_not_found")
    def get(self, activity_id):
        """活动详情（含剩余名额；已登录时含我的报名）"""
        return queries.activity_detail(current_actor(), activity_id)


@blp.route(f"/activities/{ACTIVITY_ID}/cancel")
class ActivityCancel(MethodView):
    @requires("activity.publish")
    @blp.arguments(ActivityCancelSchema)
    @blp.response(200, ActivityDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="活动已结束或已取消")
    @blp.errors(404, "activity_not_found")
    @blp.errors(409, "activity_ended", "attendance_confirmed", "invalid_transition")
    def post(self, body, activity_id):
        """取消活动（发布方，活动结束前，须填写原因）；已报名的志愿者随之取消并收到通知"""
        actor = current_actor()
        with unit_of_work():
            publishing.cancel_activity(actor, activity_id, body["reason"])
        return queries.activity_detail(actor, activity_id)


@blp.route(f"/activities/{ACTIVITY_ID}/signups")
class ActivitySignups(MethodView):
    @signed_in
    @blp.response(201, SignupSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR",
                      description="报名人数已满 / 已报名 / 时间冲突 / 不在招募中 / 已开始 / 未填写真实姓名")
    @blp.errors(404, "activity_not_found")
    @blp.errors(409, "activity_full", "activity_not_recruiting", "already_signed_up", "real_name_required",
                "time_conflict")
    def post(self, activity_id):
        """报名（须已填写真实姓名；招募中且未开始的活动）"""
        with unit_of_work():
            return signups.sign_up(current_actor(), activity_id)

    @requires("activity.view_signups")
    @blp.arguments(SignupQuery, location="query")
    @blp.response(200, SignupRowSchema(many=True))
    @blp.errors(404, "activity_not_found")
    def get(self, args, activity_id):
        """报名名单（发布方：姓名与脱敏手机号）"""
        return queries.activity_signups(current_actor(), activity_id, args["status"])


@blp.route(f"/activity-signups/{SIGNUP_ID}/cancel")
class SignupCancel(MethodView):
    @signed_in
    @blp.response(200, SignupSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="活动已开始 / 报名已取消")
    @blp.errors(404, "signup_not_found")
    @blp.errors(409, "activity_started", "invalid_transition")
    def post(self, signup_id):
        """取消报名（本人，活动开始前）；名额随之释放"""
        with unit_of_work():
            return signups.cancel_signup(current_actor(), signup_id)


@blp.route("/me/activities")
class MyActivities(MethodView):
    @signed_in
    @blp.arguments(MyActivitiesQuery, location="query")
    @blp.response(200, MyActivityPageSchema)
    def get(self, args):
        """我的活动：进行中 / 已结束（最新报名在前，用 before_id 翻页）"""
        return queries.my_activities(current_actor(), args["tab"], before_id=args["before_id"], limit=args["limit"])


# The claim and need endpoints register on the same blueprint.
from app.api.activities import claim_routes  # noqa: E402,F401  isort:skip
