from __future__ import annotations

from marshmallow import fields, validate

from app.api.validation import InputSchema, OutputSchema
from app.ledger.models import Cause, OwnerType
from app.timebank.summary import Perspective

_ID = validate.Range(min=1, max=2147483647)
MAX_DONATION = 1_000_000


class PointsBalanceSchema(OutputSchema):
    balance = fields.Integer(metadata={"description": "当前积分余额"})


class PointEntriesQuery(InputSchema):
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页最后一条的 id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PointCounterpartSchema(OutputSchema):
    type = fields.Enum(OwnerType, by_value=True, attribute="counterpart_type",
                       metadata={"description": "system 时间银行 / order 订单 / beneficiary 服务对象 / user 志愿者 / "
                                          "organisation 组织"})
    id = fields.Integer(attribute="counterpart_id")
    name = fields.String(attribute="counterpart_name")


class PointEntrySchema(OutputSchema):
    id = fields.Integer()
    amount = fields.Integer(metadata={"description": "正数为收入，负数为支出"})
    cause = fields.Enum(Cause, by_value=True, metadata={
        "description": "certification 时数认证 / attendance 活动出勤 / help_request 公众求助 / rating 评分奖励 / "
                       "donation 捐分 / adjustment 人工调整（memo 为调整原因）"})
    memo = fields.String()
    counterpart = fields.Function(lambda entry: PointCounterpartSchema().dump(entry),
                                  metadata={"type": "object", "description": "对方账户"})
    created_at = fields.DateTime()


class DonationCreateSchema(InputSchema):
    points = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_DONATION),
                            metadata={"description": "捐赠的积分数"})
    request_id = fields.UUID(required=True, error_messages={"invalid_uuid": "应为 UUID"},
                             metadata={"description": "客户端生成的请求编号（UUID）；重试时原样提交，不会重复捐分"})


class DonationSchema(OutputSchema):
    transfer_id = fields.Integer()
    order_id = fields.Integer()
    points = fields.Integer()
    balance = fields.Integer(metadata={"description": "捐分后我的积分余额"})
    order_donated_points = fields.Integer(metadata={"description": "订单收到的捐赠积分合计"})
    created_at = fields.DateTime()
    replayed = fields.Boolean(metadata={"description": "true 表示这是对同一请求编号的重复提交，未再次扣分"})


class BeneficiaryDonationSchema(OutputSchema):
    transfer_id = fields.Integer()
    beneficiary_id = fields.Integer()
    points = fields.Integer()
    balance = fields.Integer(metadata={"description": "捐分后我的积分余额"})
    beneficiary_donated_points = fields.Integer(metadata={"description": "服务对象收到的捐赠积分合计"})
    created_at = fields.DateTime()
    replayed = fields.Boolean(metadata={"description": "true 表示这是对同一请求编号的重复提交，未再次扣分"})


class HomeSummaryQuery(InputSchema):
    perspective = fields.Enum(Perspective, by_value=True, load_default=None, metadata={
        "description": "organisation 本机构订单 / volunteer 我本人；不填按角色决定"})


class HomeSummarySchema(OutputSchema):
    perspective = fields.Enum(Perspective, by_value=True)
    taken_count = fields.Integer(metadata={"description": "已接单 N 次"})
    raised_points = fields.Integer(metadata={"description": "已募集 M 积分"})
