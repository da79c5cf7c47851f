"""加入社区（志愿者申请、审核）"""
from __future__ import annotations

from flask import Response, current_app
from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.common_schemas import CommunityEventSchema
from app.api.community_join.schemas import (
    ApplicationFormSchema,
    ApplicationPageSchema,
    ApplicationQueueQuery,
    ApplicationRejectSchema,
    ApplicationSchema,
    CommunityListQuery,
    CommunityMembershipSchema,
    ServiceCommunityPageSchema,
)
from app.api.security import current_actor, public, requires, signed_in
from app.community import event_queries, membership, membership_queries
from app.core.unit_of_work import unit_of_work
from app.extensions import limiter

blp = Blueprint("community_join", __name__, description="加入社区（志愿者申请、审核）")
APPLICATION_ID = "<int(max=2147483647):application_id>"
REVIEW = "community.review_application"


def _id_card_in_use_limit() -> str:
    return current_app.config["RATELIMIT_ID_CARD_IN_USE"]


def _per_user() -> str:
    return f"id-card-in-use:user:{current_actor().user_id}"


def _answered_id_card_in_use(response: Response) -> bool:
    # Only these answers count: an honest applicant fixing typos (422) or applying again is never slowed,
    # while someone trying ID numbers to learn which are registered is stopped after a few.
    body = response.get_json(silent=True) if response.status_code == 409 else None
    return isinstance(body, dict) and body.get("error") == membership.IdCardInUse.error


@blp.route("/communities")
class Communities(MethodView):
    @public
    @blp.arguments(CommunityListQuery, location="query")
    @blp.response(200, ServiceCommunityPageSchema)
    @blp.alt_response(422, response="DEFAULT_ERROR", description="区域不存在")
    def get(self, args):
        """可申请加入的服务社区（可按区或街道编码、名称筛选；用 after_id 翻页）"""
        return membership_queries.service_communities(region=args["region"], name=args["name"],
                                                      after_id=args["after_id"], limit=args["limit"])


@blp.route("/applications")
class Applications(MethodView):
    @signed_in
    @limiter.limit(_id_card_in_use_limit, key_func=_per_user, deduct_when=_answered_id_card_in_use)
    @blp.arguments(ApplicationFormSchema)
    @blp.response(201, ApplicationSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR",
                      description="已有待审核的申请 / 已是该社区志愿者 / 身份证号码已被使用")
    @blp.alt_response(429, response="DEFAULT_ERROR", description="“身份证号码已被使用”次数过多，请稍后再试")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="表单有误（逐项说明）")
    @blp.errors(409, "already_member", "application_pending", "id_card_in_use")
    def post(self, body):
        """申请成为社区志愿者（填写真实姓名、身份证号码、工作单位、是否党员）；已是其他社区志愿者时为转入申请"""
        actor = current_actor()
        with unit_of_work():
            application_id = membership.apply(actor, body).id
        return membership_queries.application_for(actor, application_id)

    @requires(REVIEW)
    @blp.arguments(ApplicationQueueQuery, location="query")
    @blp.response(200, ApplicationPageSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="社区不存在（或不是本社区）")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="未选择社区（平台管理员或属于多个社区时）")
    @blp.errors(404, "community_not_found")
    def get(self, args):
        """志愿者申请审核列表（本社区；最新在前，可按状态筛选，用 before_id 翻页；身份证号码、手机号已脱敏）"""
        return membership_queries.community_applications(
            current_actor(), organisation_id=args["organisation_id"], status=args["status"],
            before_id=args["before_id"], limit=args["limit"])


@blp.route("/applications/mine")
class MyApplications(MethodView):
    @signed_in
    @blp.response(200, ApplicationSchema(many=True))
    def get(self):
        """我的志愿者申请（最新在前，含审核结果与不通过原因）"""
        return membership_queries.my_applications(current_actor())


@blp.route(f"/applications/{APPLICATION_ID}/withdraw")
class ApplicationWithdraw(MethodView):
    @signed_in
    @blp.response(200, ApplicationSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="申请不存在（或不是本人的申请）")
    @blp.alt_response(409, response="DEFAULT_ERROR", description="申请已审核或已撤回")
    @blp.errors(404, "application_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, application_id):
        """撤回我的申请（待审核时）"""
        actor = current_actor()
        with unit_of_work():
            membership.withdraw(actor, application_id)
        return membership_queries.application_for(actor, application_id)


@blp.route(f"/applications/{APPLICATION_ID}/approve")
class ApplicationApprove(MethodView):
    @requires(REVIEW)
    @blp.response(200, ApplicationSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="申请不存在（或不是本社区的申请）")
    @blp.alt_response(409, response="DEFAULT_ERROR", description="申请已审核或已撤回")
    @blp.errors(404, "application_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, application_id):
        """审核通过：申请人成为本社区志愿者（原社区随之解除），并收到通知"""
        actor = current_actor()
        with unit_of_work():
            membership.approve(actor, application_id)
        return membership_queries.application_for(actor, application_id)


@blp.route(f"/applications/{APPLICATION_ID}/reject")
class ApplicationReject(MethodView):
    @requires(REVIEW)
    @blp.arguments(ApplicationRejectSchema)
    @blp.response(200, ApplicationSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="申请不存在（或不是本社区的申请）")
    @blp.alt_response(409, response="DEFAULT_ERROR", description="申请已审核或已撤回")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="未填写原因或原因过长")
    @blp.errors(404, "application_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, application_id):
        """审核不通过（须填写原因）：申请人收到结果与原因"""
        actor = current_actor()
        with unit_of_work():
            membership.reject(actor, application_id, body["reason"])
        return membership_queries.application_for(actor, application_id)


@blp.route(f"/applications/{APPLICATION_ID}/events")
class ApplicationEvents(MethodView):
    @signed_in
    @blp.response(200, CommunityEventSchema(many=True))
    @blp.alt_response(404, response="DEFAULT_ERROR", description="申请不存在（或不是本人 / 本社区的申请）")
    @blp.errors(404, "application_not_found")
    def get(self, application_id):
        """申请的处理记录（申请人与本社区审核人员可见）：提交、审核、撤回，谁、何时、原因"""
        return event_queries.application_events(current_actor(), application_id)


@blp.route("/membership")
class MyMembership(MethodView):
    @signed_in
    @blp.response(200, CommunityMembershipSchema)
    def get(self):
        """我的服务社区（目前所在社区与待审核的申请）"""
        return membership_queries.my_membership(current_actor())
