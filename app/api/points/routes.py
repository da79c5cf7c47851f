"""积分与捐分"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.points.schemas import (
    BeneficiaryDonationSchema,
    DonationCreateSchema,
    DonationSchema,
    HomeSummaryQuery,
    HomeSummarySchema,
    PointEntriesQuery,
    PointEntrySchema,
    PointsBalanceSchema,
)
from app.api.security import current_actor, signed_in
from app.core.unit_of_work import unit_of_work
from app.ledger import history, services
from app.ledger.models import OwnerType
from app.timebank.beneficiary_donations import donate_to_beneficiary
from app.timebank.donations import donate_points
from app.timebank.summary import home_summary

blp = Blueprint("points", __name__, description="积分与捐分")


@blp.route("/me/points")
class MyPoints(MethodView):
    @signed_in
    @blp.response(200, PointsBalanceSchema)
    def get(self):
        """我的积分余额"""
        return {"balance": services.balance(OwnerType.USER, current_actor().user_id)}


@blp.route("/me/points/entries")
class MyPointEntries(MethodView):
    @signed_in
    @blp.arguments(PointEntriesQuery, location="query")
    @blp.response(200, PointEntrySchema(many=True))
    def get(self, args):
        """我的积分明细（最新在前，用 before_id 翻页）"""
        return history.history((OwnerType.USER, current_actor().user_id), before_id=args["before_id"],
                               limit=args["limit"])


@blp.route("/orders/<int(max=2147483647):order_id>/donations")
class OrderDonations(MethodView):
    @signed_in
    @blp.arguments(DonationCreateSchema)
    @blp.response(201, DonationSchema)
    @blp.alt_response(404, description="订单不存在（或尚未发布、已取消：与不存在的订单答复相同）")
    @blp.alt_response(409, description="积分余额不足，或订单当前不接受捐分，或请求编号已用于另一笔捐分")
    @blp.errors(404, "order_not_found")
    @blp.errors(409, "insufficient_points", "order_not_donatable", "request_id_reused")
    def post(self, body, order_id):
        """我要捐分：把积分捐给一个已发布的订单（同一 request_id 重试不会重复扣分）"""
        with unit_of_work():
            return donate_points(current_actor(), order_id, body["points"], body["request_id"])


@blp.route("/beneficiaries/<int(max=2147483647):beneficiary_id>/donations")
class BeneficiaryDonations(MethodView):
    @signed_in
    @blp.arguments(DonationCreateSchema)
    @blp.response(201, BeneficiaryDonationSchema)
    @blp.alt_response(404, description="服务对象不存在（或未审核通过、已禁用：与不存在的服务对象答复相同）")
    @blp.alt_response(409, description="积分余额不足，或服务对象当前不接受捐分，或请求编号已用于另一笔捐分")
    @blp.errors(404, "beneficiary_not_found")
    @blp.errors(409, "insufficient_points", "beneficiary_not_donatable", "request_id_reused")
    def post(self, body, beneficiary_id):
        """我要捐分：把积分捐给一位审核通过且启用中的服务对象（同一 request_id 重试不会重复扣分）"""
        with unit_of_work():
            return donate_to_beneficiary(current_actor(), beneficiary_id, body["points"], body["request_id"])


@blp.route("/timebank/summary")
class HomeTile(MethodView):
    @signed_in
    @blp.arguments(HomeSummaryQuery, location="query")
    @blp.response(200, HomeSummarySchema)
    def get(self, args):
        """首页统计：已接单 N 次，已募集 M 积分（社工站等机构看本机构订单，志愿者看本人）"""
        return home_summary(current_actor(), args["perspective"])
