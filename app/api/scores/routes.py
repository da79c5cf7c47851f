"""认领评分（认领成功后双方互评）"""
from __future__ import annotations

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.scores.schemas import ScoreCreatedSchema, ScoreCreateSchema, ScoreSchema
from app.api.security import current_actor, requires
from app.core.unit_of_work import unit_of_work
from app.needs import scoring

blp = Blueprint("scores", __name__, description="认领评分（认领成功后团组织与志愿服务组织互评，各评一次）")
CLAIM_ID = "<int(max=2147483647):claim_id>"


@blp.route(f"/claims/{CLAIM_ID}/score")
class ClaimScoreCreate(MethodView):
    @requires("claim.score")
    @blp.arguments(ScoreCreateSchema)
    @blp.response(201, ScoreCreatedSchema)
    @blp.alt_response(404, description="认领记录不存在（或不属于本组织）")
    @blp.alt_response(409, description="认领尚未成功 / 本组织已评过分")
    @blp.errors(404, "claim_not_found")
    @blp.errors(409, "already_scored", "claim_not_accepted")
    def post(self, body, claim_id):
        """为认领的对方评分（1–5 星，可附评价；每方一次；被评分组织获得积分）"""
        with unit_of_work():
            return scoring.score_claim(current_actor(), claim_id, body["stars"], body["comment"], side=body["side"])


@blp.route(f"/claims/{CLAIM_ID}/scores")
class ClaimScores(MethodView):
    @requires("claim.score")
    @blp.response(200, ScoreSchema(many=True))
    @blp.alt_response(404, description="认领记录不存在（或不属于本组织）")
    @blp.errors(404, "claim_not_found")
    def get(self, claim_id):
        """认领的双方评分（认领双方组织可见）"""
        return scoring.claim_scores(current_actor(), claim_id)
