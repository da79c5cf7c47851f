"""订单时数认证（填报、审核）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.certifications.schemas import (
    CertificationFileSchema,
    CertificationPageSchema,
    CertificationQuery,
    CertificationRejectSchema,
    CertificationSchema,
)
from app.api.security import current_actor, requires
from app.core.unit_of_work import unit_of_work
from app.timebank.certification_queries import certification_for, describe, list_certifications
from app.timebank.certification_review import approve_certification, reject_certification
from app.timebank.certifications import file_certification

blp = Blueprint("certifications", __name__, description="订单时数认证（填报、审核）")
ID = "<int(max=2147483647):certification_id>"
ORDER_ID = "<int(max=2147483647):order_id>"


@blp.route(f"/orders/{ORDER_ID}/certifications")
class OrderCertifications(MethodView):
    @requires("certification.file")
    @blp.arguments(CertificationFileSchema)
    @blp.response(201, CertificationSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="订单未到待评价，或已有待审核/已通过的认证")
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "certification_exists", "order_not_to_evaluate")
    def post(self, body, order_id):
        """提交订单时数认证（社工站，服务结束后）"""
        actor = current_actor()
        with unit_of_work():
            certification = file_certification(actor, order_id, body)
        return describe(certification, actor)


@blp.route("/certifications")
class Certifications(MethodView):
    @requires("order.view")
    @blp.arguments(CertificationQuery, location="query")
    @blp.response(200, CertificationPageSchema)
    def get(self, args):
        """订单时数认证列表（社工站看本街道，协会看全市；可按状态、订单号、街道筛选）"""
        return list_certifications(current_actor(), **args)


@blp.route(f"/certifications/{ID}")
class CertificationDetail(MethodView):
    @requires("order.view")
    @blp.response(200, CertificationSchema)
    @blp.errors(404, "certification_not_found")
    def get(self, certification_id):
        """时数认证详情（每位接单人的时数、评价、照片）"""
        actor = current_actor()
        return describe(certification_for(actor, certification_id), actor)


@blp.route(f"/certifications/{ID}/approve")
class CertificationApprove(MethodView):
    @requires("certification.review")
    @blp.response(200, CertificationSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="认证已审核")
    @blp.errors(404, "certification_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, certification_id):
        """审核通过（市志愿者协会）：订单完成，接单人积分到账"""
        actor = current_actor()
        with unit_of_work():
            certification = approve_certification(actor, certification_id)
        return describe(certification, actor)


@blp.route(f"/certifications/{ID}/reject")
class CertificationReject(MethodView):
    @requires("certification.review")
    @blp.arguments(CertificationRejectSchema)
    @blp.response(200, CertificationSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="认证已审核")
    @blp.errors(404, "certification_not_found")
    def post(self, body, certification_id):
        """审核不通过（市志愿者协会）：退回社工站，须填写原因"""
        actor = current_actor()
        with unit_of_work():
            certification = reject_certification(actor, certification_id, body["reason"])
        return describe(certification, actor)
