from __future__ import annotations

from marshmallow import fields, validate

from app.api.validation import InputSchema, OutputSchema
from app.needs.models import ScoreSide

_SIDE = "league 团组织为志愿服务组织评分 / claimer 志愿服务组织为团组织评分"


class ScoreCreateSchema(InputSchema):
    stars = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5),
                           metadata={"description": "1 到 5 星"})
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500),
                            metadata={"description": "评价（可选，最多 500 字）"})
    side = fields.Enum(ScoreSide, by_value=True, load_default=None, allow_none=True,
                       metadata={"description": f"{_SIDE}；不填按当前组织身份决定（平台管理员须填写）"})


class ScoreSchema(OutputSchema):
    id = fields.Integer()
    claim_id = fields.Integer()
    need_id = fields.Integer()
    side = fields.Enum(ScoreSide, by_value=True, metadata={"description": _SIDE})
    scorer_org_id = fields.Integer(metadata={"description": "评分方组织"})
    scorer_org_name = fields.String()
    scored_org_id = fields.Integer(metadata={"description": "被评分组织"})
    scored_org_name = fields.String()
    stars = fields.Integer()
    comment = fields.String(allow_none=True)
    created_at = fields.DateTime()


class ScoreCreatedSchema(ScoreSchema):
    points = fields.Integer(metadata={"description": "被评分组织因此获得的积分（星数 × NEED_POINTS_PER_STAR）"})
