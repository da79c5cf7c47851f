"""积分调整: the association books a compensating points transfer for a person or an organisation, with a
reason; the audit list shows every adjustment (DOMAIN.md §3.5)."""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.point_adjustments.schemas import (
    AdjustmentBookedSchema,
    AdjustmentCreateSchema,
    AdjustmentPageSchema,
    AdjustmentQuery,
)
from app.api.security import current_actor, requires
from app.core.unit_of_work import unit_of_work
from app.ledger.adjustment_queries import list_adjustments
from app.ledger.adjustments import PERMISSION, book_adjustment
from app.ledger.models import OwnerType
from app.notify.publish import publish

blp = Blueprint("point_adjustments", __name__, description="积分调整（市志愿者协会）")


@blp.route("")
class Adjustments(MethodView):
    @requires(PERMISSION)
    @blp.arguments(AdjustmentQuery, location="query")
    @blp.response(200, AdjustmentPageSchema)
    def get(self, args):
        """积分调整记录（最新在前；可按账户筛选）：经办人、时间、账户、积分、原因"""
        account_type = OwnerType(args["account_type"]) if args["account_type"] else None
        items, total = list_adjustments(current_actor(), account_type=account_type, account_id=args["account_id"],
                                        page=args["page"], page_size=args["page_size"])
        return {"items": items, "total": total, "page": args["page"], "page_size": args["page_size"]}

    @requires(PERMISSION)
    @blp.arguments(AdjustmentCreateSchema)
    @blp.response(201, AdjustmentBookedSchema)
    @blp.alt_response(404, description="用户或组织不存在（其他城市的组织与不存在的答复相同）")
    @blp.alt_response(409, description="请求编号已用于另一笔积分调整")
    @blp.alt_response(422, response="DEFAULT_ERROR", description="内容有误，或扣减后积分余额将小于 0")
    @blp.errors(404, "user_not_found", "organisation_not_found")
    @blp.errors(409, "request_id_reused")
    @blp.errors(422, "points_below_zero")
    def post(self, body):
        """积分调整：为个人或组织增加（正数）或扣减（负数）积分，须填写原因；扣减不能使余额小于 0
        （同一 request_id 重试不会重复调整）"""
        with unit_of_work():
            booked = book_adjustment(current_actor(), OwnerType(body["account_type"]), body["account_id"],
                                     body["amount"], body["reason"], body["request_id"])
            if booked.account_type is OwnerType.USER and booked.amount > 0 and not booked.replayed:
                publish("points.credited", ("adjustment", booked.id),
                        {"user_ids": [booked.account_id], "title": "积分调整", "points": booked.amount})
        return booked
