"""服务对象（录入、审核、禁用、删除）: the station's beneficiary library (DOMAIN.md §3.1).

Every endpoint answers 404 for a beneficiary outside the caller's street, exactly like a missing one.
"""
from __future__ import annotations

from flask.views import MethodView

from app.api.beneficiaries.schemas import (
    BeneficiaryDetailSchema,
    BeneficiaryEditSchema,
    BeneficiaryEventSchema,
    BeneficiaryFormSchema,
    BeneficiaryPageSchema,
    BeneficiaryQuery,
    ReasonSchema,
)
from app.api.blueprint import Blueprint
from app.api.security import current_actor, requires
from app.core.unit_of_work import unit_of_work
from app.timebank import beneficiaries as services
from app.timebank.beneficiary_queries import beneficiary_detail, beneficiary_events, list_beneficiaries
from app.timebank.models import BeneficiaryStatus

blp = Blueprint("beneficiaries", __name__, description="服务对象（录入、审核、禁用、删除）")
ID = "<int(max=2147483647):beneficiary_id>"
_CONFLICT = {"response": "DEFAULT_ERROR", "description": "当前状态不允许此操作"}
_MISSING = {"response": "DEFAULT_ERROR", "description": "服务对象不存在或不在本街道"}


def _act(service, beneficiary_id: int, *args) -> dict:
    """Run one use case on the beneficiary in its own transaction, then answer with the detail as the caller
    may see it."""
    actor = current_actor()
    with unit_of_work():
        service(actor, beneficiary_id, *args)
    return beneficiary_detail(actor, beneficiary_id)


@blp.route("")
class BeneficiaryList(MethodView):
    @requires("beneficiary.manage")
    @blp.arguments(BeneficiaryQuery, location="query")
    @blp.response(200, BeneficiaryPageSchema)
    def get(self, args):
        """服务对象列表（本街道；按姓名、性别、状态筛选，最后修改时间倒序）"""
        status = None if args["status"] == "all" else BeneficiaryStatus(args["status"])
        items, total = list_beneficiaries(current_actor(), name=args["name"], gender=args["gender"], status=status,
                                          page=args["page"], page_size=args["page_size"])
        return {"items": items, "total": total, "page": args["page"], "page_size": args["page_size"]}

    @requires("beneficiary.manage")
    @blp.arguments(BeneficiaryFormSchema)
    @blp.response(201, BeneficiaryDetailSchema)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="该身份证号码已录入")
    @blp.errors(409, "beneficiary_exists")
    def post(self, body):
        """服务对象录入（社工站；提交后待本街道社工站审核）"""
        actor = current_actor()
        with unit_of_work():
            beneficiary_id = services.create_beneficiary(actor, body).id
        return beneficiary_detail(actor, beneficiary_id)


@blp.route(f"/{ID}")
class BeneficiaryDetail(MethodView):
    @requires("beneficiary.manage")
    @blp.response(200, BeneficiaryDetailSchema)
    @blp.alt_response(404, **_MISSING)
    @blp.errors(404, "beneficiary_not_found")
    def get(self, beneficiary_id):
        """服务对象详情（身份证号码与电话仅对本社工站显示明文）"""
        return beneficiary_detail(current_actor(), beneficiary_id)

    @requires("beneficiary.manage")
    @blp.arguments(BeneficiaryEditSchema)
    @blp.response(200, BeneficiaryDetailSchema)
    @blp.alt_response(404, **_MISSING)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="已审核通过的不能修改，或身份证号码已录入")
    @blp.errors(404, "beneficiary_not_found")
    @blp.errors(409, "beneficiary_not_editable")
    def patch(self, body, beneficiary_id):
        """修改服务对象（待审核或审核不通过时）"""
        return _act(services.edit_beneficiary, beneficiary_id, body)

    @requires("beneficiary.manage")
    @blp.response(204)
    @blp.alt_response(404, **_MISSING)
    @blp.alt_response(409, response="DEFAULT_ERROR", description="还有未结束的订单")
    @blp.errors(404, "beneficiary_not_found")
    @blp.errors(409, "beneficiary_has_orders")
    def delete(self, beneficiary_id):
        """删除服务对象（有未结束的订单时不能删除）"""
        with unit_of_work():
            services.delete_beneficiary(current_actor(), beneficiary_id)


@blp.route(f"/{ID}/approve")
class BeneficiaryApprove(MethodView):
    @requires("beneficiary.review")
    @blp.response(200, BeneficiaryDetailSchema)
    @blp.alt_response(404, **_MISSING)
    @blp.alt_response(409, **_CONFLICT)
    @blp.errors(404, "beneficiary_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, beneficiary_id):
        """审核通过（本街道社工站）"""
        return _act(services.approve_beneficiary, beneficiary_id)


@blp.route(f"/{ID}/reject")
class BeneficiaryReject(MethodView):
    @requires("beneficiary.review")
    @blp.arguments(ReasonSchema)
    @blp.response(200, BeneficiaryDetailSchema)
    @blp.alt_response(404, **_MISSING)
    @blp.alt_response(409, **_CONFLICT)
    @blp.errors(404, "beneficiary_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, body, beneficiary_id):
        """审核不通过（须填写原因，通知录入人）"""
        return _act(services.reject_beneficiary, beneficiary_id, body["reason"])


@blp.route(f"/{ID}/disable")
class BeneficiaryDisable(MethodView):
    @requires("beneficiary.review")
    @blp.response(200, BeneficiaryDetailSchema)
    @blp.alt_response(404, **_MISSING)
    @blp.alt_response(409, **_CONFLICT)
    @blp.errors(404, "beneficiary_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, beneficiary_id):
        """禁用服务对象（启用中 → 已禁用）"""
        return _act(services.disable_beneficiary, beneficiary_id)


@blp.route(f"/{ID}/enable")
class BeneficiaryEnable(MethodView):
    @requires("beneficiary.review")
    @blp.response(200, BeneficiaryDetailSchema)
    @blp.alt_response(404, **_MISSING)
    @blp.alt_response(409, **_CONFLICT)
    @blp.errors(404, "beneficiary_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, beneficiary_id):
        """启用服务对象（已禁用 → 启用中）"""
        return _act(services.enable_beneficiary, beneficiary_id)


@blp.route(f"/{ID}/resubmit")
class BeneficiaryResubmit(MethodView):
    @requires("beneficiary.manage")
    @blp.response(200, BeneficiaryDetailSchema)
    @blp.alt_response(404, **_MISSING)
    @blp.alt_response(409, **_CONFLICT)
    @blp.errors(404, "beneficiary_not_found")
    @blp.errors(409, "invalid_transition")
    def post(self, beneficiary_id):
        """重新提交审核（审核不通过 → 待审核）"""
        return _act(services.resubmit_beneficiary, beneficiary_id)


@blp.route(f"/{ID}/events")
class BeneficiaryEvents(MethodView):
    @requires("beneficiary.manage")
    @blp.response(200, BeneficiaryEventSchema(many=True))
    @blp.alt_response(404, **_MISSING)
    @blp.errors(404, "beneficiary_not_found")
    def get(self, beneficiary_id):
        """审核记录（谁在何时做了什么、原因）"""
        return beneficiary_events(current_actor(), beneficiary_id)
