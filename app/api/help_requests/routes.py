"""公众求助（发起求助、我的求助、社区安排 / 不予受理 / 办结、志愿者查看与反馈、办理情况公示）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.common_schemas import CommunityEventSchema
from app.api.help_requests.schemas import (
    HelpAssignSchema,
    HelpCloseSchema,
    HelpDeclineSchema,
    HelpPageQuery,
    HelpPublicQuery,
    HelpQueueQuery,
    HelpRequestCreateSchema,
    HelpRequestDetailSchema,
    HelpRequestPageSchema,
    HelpResultSchema,
    MyAssignmentPageSchema,
    PublicHelpRequestPageSchema,
)
from app.api.security import current_actor, public, requires, signed_in
from app.community import event_queries, help_requests
from app.community import help_request_queries as queries
from app.core.unit_of_work import unit_of_work

blp = Blueprint("help_requests", __name__,
                description="公众求助（发起求助、我的求助、社区安排/不予受理/办结、志愿者查看与反馈、办理情况公示）")
REQUEST_ID = "<int(max=2147483647):request_id>"


def _then_detail(request_id, action):
    actor = current_actor()
    with unit_of_work():
        action(actor)
    return queries.help_request_detail(actor, request_id)


@blp.route("/help-requests")
class HelpRequests(MethodView):
    @signed_in
    @blp.arguments(HelpRequestCreateSchema)
    @blp.response(201, HelpRequestDetailSchema)
    @blp.alt_response(422, response="DEFAULT_ERROR", description="表单有误（逐项说明）")
    def post(self, body):
        """发起求助（任何已登录用户）：提交给所选服务社区，社区管理员会收到通知；联系方式加密保存"""
        actor = current_actor()
        with unit_of_work():
            request_id = help_requests.submit_help_request(actor, body).id
        return queries.help_request_detail(actor, request_id)


@blp.route("/help-requests/closed")
class ClosedHelpRequests(MethodView):
    @public
    @blp.arguments(HelpPublicQuery, location="query")
    @blp.response(200, PublicHelpRequestPageSchema)
    def get(self, args):
        """求助办理情况：已办结的求助（最新办结在前，不含个人信息；用 cursor 翻页）"""
        return queries.closed_requests(cursor=args["cursor"], limit=args["limit"])


@blp.route("/help-requests/mine")
class MyHelpRequests(MethodView):
    @signed_in
    @blp.arguments(HelpPageQuery, location="query")
    @blp.response(200, HelpRequestPageSchema)
    def get(self, args):
        """我的求助（最新在前，含处理状态、原因与安排的志愿者）"""
        return queries.my_requests(current_actor(), before_id=args["before_id"], limit=args["limit"])


@blp.route("/help-requests/assigned")
class MyAssignments(MethodView):
    @signed_in
    @blp.arguments(HelpPageQuery, location="query")
    @blp.response(200, MyAssignmentPageSchema)
    def get(self, args):
        """安排给我的求助（志愿者；点详情查看求助人信息）"""
        return queries.my_assignments(current_actor(), before_id=args["before_id"], limit=args["limit"])


@blp.route("/help-requests/queue")
class HelpQueue(MethodView):
    @requires("community.handle_help")
    @blp.arguments(HelpQueueQuery, location="query")
    @blp.response(200, HelpRequestPageSchema)
    def get(self, args):
        """求助管理（社区工作人员：本社区收到的求助，可按状态筛选；列表中电话已脱敏）"""
        return queries.staff_queue(current_actor(), status=args["status"], organisation_id=args["organisation_id"],
                                   before_id=args["before_id"], limit=args["limit"])


@blp.route(f"/help-requests/{REQUEST_ID}")
class HelpRequestDetail(MethodView):
    @public
    @blp.response(200, HelpRequestDetailSchema)
    @blp.errors(404, "help_request_not_found")
    def get(self, request_id):
        """求助详情：求助人、所在社区工作人员与被安排的志愿者可见联系方式；其他人只能看到已办结求助的公开信息"""
        return queries.help_request_detail(current_actor(), request_id)


@blp.route(f"/help-requests/{REQUEST_ID}/events")
class HelpRequestEvents(MethodView):
    @signed_in
    @blp.response(200, CommunityEventSchema(many=True))
    @blp.alt_response(404, response="DEFAULT_ERROR", description="求助不存在（或与本人、本社区无关）")
    @blp.errors(404, "help_request_not_found")
    def get(self, request_id):
        """求助的处理记录（求助人、所在社区工作人员、被安排的志愿者可见）：提交、安排、不予受理、反馈、办结、撤回"""
        return event_queries.help_request_events(current_actor(), request_id)


@blp.route(f"/help-requests/{REQUEST_ID}/assign")
class AssignHelpRequest(MethodView):
    @requires("community.handle_help")
    @blp.arguments(HelpAssignSchema)
    @blp.response(200, HelpRequestDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已办结 / 已撤回 / 不予受理，或所选志愿者均已安排")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="不是本社区的志愿者")
    @blp.errors(404, "help_request_not_found")
    @blp.errors(409, "already_assigned", "invalid_transition")
    def post(self, body, request_id):
        """安排志愿者（本社区的志愿者；再次安排为追加），被安排的志愿者与求助人会收到通知"""
        return _then_detail(request_id, lambda actor: help_requests.assign_volunteers(
            actor, request_id, body["volunteer_ids"]))


@blp.route(f"/help-requests/{REQUEST_ID}/decline")
class DeclineHelpRequest(MethodView):
    @requires("community.handle_help")
    @blp.arguments(HelpDeclineSchema)
    @blp.response(200, HelpRequestDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已安排或已处理")
    @blp.errors(404, "help_request_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, request_id):
        """不予受理（待安排的求助，须填写原因），并通知求助人"""
        return _then_detail(request_id, lambda actor: help_requests.decline_help_request(
            actor, request_id, body["reason"]))


@blp.route(f"/help-requests/{REQUEST_ID}/close")
class CloseHelpRequest(MethodView):
    @requires("community.handle_help")
    @blp.arguments(HelpCloseSchema)
    @blp.response(200, HelpRequestDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="未安排或已办结")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="服务时长有误")
    @blp.errors(404, "help_request_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, request_id):
        """办结（已安排的求助）：填写公开的办理情况，可为各志愿者记入服务时长与积分（每人一次）"""
        return _then_detail(request_id, lambda actor: help_requests.close_help_request(
            actor, request_id, body["summary"], body["hours"]))


@blp.route(f"/help-requests/{REQUEST_ID}/withdraw")
class WithdrawHelpRequest(MethodView):
    @signed_in
    @blp.response(200, HelpRequestDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已安排或已处理")
    @blp.errors(404, "help_request_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, request_id):
        """撤回求助（求助人本人，尚未安排志愿者时）"""
        return _then_detail(request_id, lambda actor: help_requests.withdraw_help_request(actor, request_id))


@blp.route(f"/help-requests/{REQUEST_ID}/result")
class ReportHelpResult(MethodView):
    @signed_in
    @blp.arguments(HelpResultSchema)
    @blp.response(200, HelpRequestDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="求助已办结")
    @blp.errors(404, "help_request_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, request_id):
        """反馈服务结果（被安排的志愿者；再次反馈覆盖之前的内容），社区管理员会收到通知"""
        return _then_detail(request_id, lambda actor: help_requests.report_result(actor, request_id, body["result"]))
