"""Request and response shapes of statistics, the volunteer roster and a volunteer's own totals."""
from __future__ import annotations

from marshmallow import fields, validate

from app.activities.models import ActivityStatus
from app.api.attendance.schemas import ATTENDANCE_STATES
from app.api.validation import InputSchema, OutputSchema

_ID = validate.Range(min=1, max=2147483647)
_REGION = validate.Regexp(r"^\d{6,12}$", error="区域编码应为 6 到 12 位数字")


class StatsQuery(InputSchema):
    region_code = fields.String(load_default=None, validate=_REGION,
                                metadata={"description": "区域编码（须在本机构范围内）；不填为本机构所在区域"})
    work_unit = fields.String(load_default=None, validate=validate.Length(min=1, max=100),
                              metadata={"description": "按工作单位查询（名称包含该文字）：所有数字（合计、下级区域、"
                                                       "工作单位）只计该单位的志愿者；活动与求助只计该单位志愿者"
                                                       "报名（未取消）或被安排的"})


class _StatsFigures(OutputSchema):
    volunteers = fields.Integer(metadata={"description": "志愿者人数"})
    party_members = fields.Integer(metadata={"description": "其中党员"})
    new_this_month = fields.Integer(metadata={"description": "本月新增（北京时间自然月）"})
    services = fields.Integer(metadata={"description": "服务次数（全部模块）"})
    hours = fields.String(metadata={"description": "服务时长（小时，全部模块）"})


class _StatsStatusCount(OutputSchema):
    status = fields.String()
    label = fields.String()
    count = fields.Integer()


class _StatsCounted(OutputSchema):
    total = fields.Integer()
    by_status = fields.List(fields.Nested(_StatsStatusCount))


class _StatsTotals(_StatsFigures):
    activities = fields.Nested(_StatsCounted, metadata={"description": "区域内的活动（按状态）"})
    help_requests = fields.Nested(_StatsCounted, metadata={"description": "区域内的公众求助（按状态）"})


class _StatsChild(_StatsFigures):
    code = fields.String()
    name = fields.String()
    activities = fields.Integer()
    help_requests = fields.Integer()


class _StatsWorkUnit(_StatsFigures):
    work_unit = fields.String()


class _StatsRegion(OutputSchema):
    code = fields.String()
    name = fields.String()
    level = fields.String()


class StatsSchema(OutputSchema):
    region = fields.Nested(_StatsRegion)
    work_unit = fields.String(allow_none=True, metadata={
        "description": "查询的工作单位文字；不为空时所有数字都只计该工作单位的志愿者（见查询参数 work_unit）"})
    month_start = fields.DateTime(metadata={"description": "“本月新增”的起点"})
    totals = fields.Nested(_StatsTotals)
    children = fields.List(fields.Nested(_StatsChild), metadata={"description": "按下级区域"})
    work_units = fields.List(fields.Nested(_StatsWorkUnit), metadata={"description": "按工作单位（人数最多的 20 个）"})


class RosterQuery(InputSchema):
    region_code = fields.String(load_default=None, validate=_REGION,
                                metadata={"description": "区域编码（须在本机构范围内）；不填为本机构所在区域"
                                                         "（填了 organisation_id 时不限区域）"})
    organisation_id = fields.Integer(load_default=None, validate=_ID,
                                     metadata={"description": "只看该社区的志愿者（社区机构 id，须为本机构或本机构"
                                                              "区域内的社区；否则按社区不存在处理）"})
    work_unit = fields.String(load_default=None, validate=validate.Length(min=1, max=100),
                              metadata={"description": "工作单位（包含该文字）"})
    name = fields.String(load_default=None, validate=validate.Length(min=1, max=30),
                         metadata={"description": "姓名（包含该文字）"})
    party_member = fields.Boolean(load_default=None, metadata={"description": "是否党员"})
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页的 next_before_id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class RosterItemSchema(OutputSchema):
    user_id = fields.Integer()
    real_name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True, metadata={"description": "手机号（脱敏）"})
    work_unit = fields.String()
    is_party_member = fields.Boolean()
    community_name = fields.String(metadata={"description": "服务社区"})
    joined_at = fields.DateTime(metadata={"description": "加入时间"})
    services = fields.Integer(metadata={"description": "服务次数"})
    hours = fields.String(metadata={"description": "服务时长（小时）"})


class RosterPageSchema(OutputSchema):
    items = fields.List(fields.Nested(RosterItemSchema))
    next_before_id = fields.Integer(allow_none=True)


class _RosterActivity(OutputSchema):
    id = fields.Integer()
    title = fields.String()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    status = fields.String(validate=validate.OneOf(tuple(s.value for s in ActivityStatus)),
                           metadata={"description": "recruiting 进行中 / ended 已结束 / cancelled 已取消"})
    attendance = fields.String(validate=ATTENDANCE_STATES,
                               metadata={"description": "unconfirmed 未确认 / attended 已到 / absent 未到"})
    hours = fields.String(allow_none=True)


class VolunteerDetailSchema(RosterItemSchema):
    activities = fields.List(fields.Nested(_RosterActivity), metadata={"description": "参加的活动（最新 50 个）"})


class _TotalsSource(OutputSchema):
    source = fields.String(metadata={"description": "certification 时间银行订单 / attendance 社区活动 / "
                                                    "help_request 公众求助 / rating 评分奖励 / donation 捐分 / "
                                                    "adjustment 人工调整"})
    label = fields.String()
    services = fields.Integer()
    hours = fields.String()
    points = fields.Integer()


class MyTotalsSchema(OutputSchema):
    services = fields.Integer(metadata={"description": "服务次数（全部模块）"})
    hours = fields.String(metadata={"description": "服务时长（小时）"})
    points_earned = fields.Integer(metadata={"description": "获得的积分（扣除冲正）"})
    balance = fields.Integer(metadata={"description": "积分余额"})
    by_source = fields.List(fields.Nested(_TotalsSource), metadata={"description": "按来源"})
