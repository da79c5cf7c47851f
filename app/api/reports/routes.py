"""志愿者上报（上报、我的上报、社区审核与发布、“志愿者上报”栏目）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.common_schemas import CommunityEventSchema
from app.api.reports.schemas import (
    PublicReportPageSchema,
    ReportApproveSchema,
    ReportCreateSchema,
    ReportDetailSchema,
    ReportPageQuery,
    ReportPageSchema,
    ReportPublicQuery,
    ReportQueueQuery,
    ReportRejectSchema,
)
from app.api.security import current_actor, public, requires, signed_in
from app.community import event_queries, report_queries, reports
from app.core.unit_of_work import unit_of_work

blp = Blueprint("reports", __name__, description="志愿者上报（上报、我的上报、社区审核与发布、“志愿者上报”栏目）")
REPORT_ID = "<int(max=2147483647):report_id>"


@blp.route("/reports")
class Reports(MethodView):
    @public
    @blp.arguments(ReportPublicQuery, location="query")
    @blp.response(200, PublicReportPageSchema)
    def get(self, args):
        """“志愿者上报”栏目：已发布的上报（最新发布在前，上报人姓名脱敏；用 cursor 翻页）"""
        return report_queries.public_reports(cursor=args["cursor"], limit=args["limit"])

    @signed_in
    @blp.arguments(ReportCreateSchema)
    @blp.response(201, ReportDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="尚未加入服务社区")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="表单有误（逐项说明）")
    @blp.errors(409, "community_inactive", "community_volunteer_required")
    def post(self, body):
        """志愿者上报（社区志愿者：心得体会或活动计划，最多 9 张图片），提交给所在服务社区审核"""
        actor = current_actor()
        with unit_of_work():
            report_id = reports.submit_report(actor, body).id
        return report_queries.report_detail(actor, report_id)


@blp.route("/reports/mine")
class MyReports(MethodView):
    @signed_in
    @blp.arguments(ReportPageQuery, location="query")
    @blp.response(200, ReportPageSchema)
    def get(self, args):
        """我的上报（最新在前，含审核状态与不通过原因）"""
        return report_queries.my_reports(current_actor(), before_id=args["before_id"], limit=args["limit"])


@blp.route("/reports/review")
class ReviewQueue(MethodView):
    @requires("community.review_report")
    @blp.arguments(ReportQueueQuery, location="query")
    @blp.response(200, ReportPageSchema)
    def get(self, args):
        """上报审核列表（社区工作人员：本社区志愿者的上报，可按状态筛选）"""
        return report_queries.review_queue(current_actor(), status=args["status"],
                                           organisation_id=args["organisation_id"], before_id=args["before_id"],
                                           limit=args["limit"])


@blp.route(f"/reports/{REPORT_ID}")
class ReportDetail(MethodView):
    @public
    @blp.response(200, ReportDetailSchema)
    @blp.errors(404, "report_not_found")
    def get(self, report_id):
        """上报详情：已发布的任何人可看；未发布的仅上报人与所在社区工作人员可看"""
        return report_queries.report_detail(current_actor(), report_id)


@blp.route(f"/reports/{REPORT_ID}/events")
class ReportEvents(MethodView):
    @signed_in
    @blp.response(200, CommunityEventSchema(many=True))
    @blp.alt_response(404, response="DEFAULT_ERROR", description="上报不存在（或不是本人 / 本社区的上报）")
    @blp.errors(404, "report_not_found")
    def get(self, report_id):
        """上报的处理记录（上报人与所在社区工作人员可见）：提交、审核、发布、撤下，谁、何时、原因"""
        return event_queries.report_events(current_actor(), report_id)


def _decide(report_id, action):
    actor = current_actor()
    with unit_of_work():
        action(actor)
    return report_queries.report_detail(actor, report_id)


@blp.route(f"/reports/{REPORT_ID}/approve")
class ApproveReport(MethodView):
    @requires("community.review_report")
    @blp.arguments(ReportApproveSchema)
    @blp.response(200, ReportDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已审核")
    @blp.errors(404, "report_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, report_id):
        """审核通过（所在社区工作人员；可同时发布到栏目），并通知上报人"""
        return _decide(report_id, lambda actor: reports.approve_report(actor, report_id, publish_now=body["publish"]))


@blp.route(f"/reports/{REPORT_ID}/reject")
class RejectReport(MethodView):
    @requires("community.review_report")
    @blp.arguments(ReportRejectSchema)
    @blp.response(200, ReportDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已审核")
    @blp.errors(404, "report_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, report_id):
        """审核不通过（须填写原因），并通知上报人"""
        return _decide(report_id, lambda actor: reports.reject_report(actor, report_id, body["reason"]))


@blp.route(f"/reports/{REPORT_ID}/publish")
class PublishReport(MethodView):
    @requires("community.review_report")
    @blp.response(200, ReportDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="未审核通过或已发布")
    @blp.errors(404, "report_not_found")
    @blp.errors(409, "invalid_transition", "report_already_published")
    def post(self, report_id):
        """发布到“志愿者上报”栏目（审核通过的上报）"""
        return _decide(report_id, lambda actor: reports.publish_report(actor, report_id))


@blp.route(f"/reports/{REPORT_ID}/unpublish")
class UnpublishReport(MethodView):
    @requires("community.review_report")
    @blp.response(200, ReportDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="未发布")
    @blp.errors(404, "report_not_found")
    @blp.errors(409, "invalid_transition", "report_not_published")
    def post(self, report_id):
        """从栏目撤下"""
        return _decide(report_id, lambda actor: reports.unpublish_report(actor, report_id))
