"""认领：申请认领、同意、退回、撤销，需求的认领列表与我的申请"""
from __future__ import annotations

from flask.views import MethodView

from app.api.needs.routes import ID, blp
from app.api.needs.schemas import ClaimCreateSchema, ClaimListSchema, ClaimQuery, ClaimSchema, NeedReasonSchema
from app.api.security import current_actor, requires
from app.core.unit_of_work import unit_of_work
from app.needs import claims, need_queries

CLAIM_ID = "<int(max=2147483647):claim_id>"
_WRONG_STATE = "当前状态不允许此操作"


def _one(claim) -> dict:
    return need_queries.claim_view(claim)


@blp.route(f"/needs/{ID}/claims")
class NeedClaims(MethodView):
    @requires("claim.make")
    @blp.arguments(ClaimCreateSchema)
    @blp.response(201, ClaimSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR",
                      description="未完善组织信息 / 需求不可认领 / 已申请认领")
    @blp.errors(403, "organisation_inactive")
    @blp.errors(404, "need_not_found")
    @blp.errors(409, "already_claimed", "need_not_claimable", "profile_incomplete")
    def post(self, body, need_id):
        """我要认领（志愿服务组织，须先完善组织信息）：等待团组织确认"""
        with unit_of_work():
            claim = claims.claim_need(current_actor(), need_id, body["message"],
                                      organisation_id=body["organisation_id"])
            return _one(claim)

    @requires("claim.decide")
    @blp.response(200, ClaimListSchema)
    @blp.errors(404, "need_not_found")
    def get(self, need_id):
        """需求的认领申请（发布需求的团组织）"""
        return {"items": need_queries.claims_of_need(current_actor(), need_id)}


@blp.route("/claims/mine")
class MyClaims(MethodView):
    @requires("claim.make")
    @blp.arguments(ClaimQuery, location="query")
    @blp.response(200, ClaimListSchema)
    def get(self, args):
        """我的申请（志愿服务组织）：本组织的认领及处理结果"""
        actor = current_actor()
        org_ids = None if actor.is_platform_admin else [g.organisation_id for g in actor.grants_for("claim.make")]
        return {"items": need_queries.claims_of_orgs(org_ids, args["status"])}


def _decide(service, claim_id: int, *args) -> dict:
    with unit_of_work():
        return _one(service(current_actor(), claim_id, *args))


@blp.route(f"/claims/{CLAIM_ID}/accept")
class AcceptClaim(MethodView):
    @requires("claim.decide")
    @blp.response(200, ClaimSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="该需求已同意其他组织的认领 / " + _WRONG_STATE)
    @blp.errors(404, "claim_not_found")
    @blp.errors(409, "invalid_transition", "need_already_claimed")
    def post(self, claim_id):
        """同意认领（团组织）：需求变为已认领，其余待确认的认领自动退回，认领组织可见负责人电话"""
        return _decide(claims.accept_claim, claim_id)


@blp.route(f"/claims/{CLAIM_ID}/return")
class ReturnClaim(MethodView):
    @requires("claim.decide")
    @blp.arguments(NeedReasonSchema)
    @blp.response(200, ClaimSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE)
    @blp.errors(404, "claim_not_found")
    def post(self, body, claim_id):
        """退回认领（团组织，须填写原因）：认领失败"""
        return _decide(claims.return_claim, claim_id, body["reason"])


@blp.route(f"/claims/{CLAIM_ID}/withdraw")
class WithdrawClaim(MethodView):
    @requires("claim.make")
    @blp.response(200, ClaimSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description=_WRONG_STATE + "（仅待确认时可撤销）")
    @blp.errors(404, "claim_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, claim_id):
        """撤销认领（志愿服务组织，待确认时）"""
        return _decide(claims.withdraw_claim, claim_id)
