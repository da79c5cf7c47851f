from __future__ import annotations

from marshmallow import fields, validate

from app.api.validation import InputSchema, OutputSchema

_ID = validate.Range(min=1, max=2147483647)
_ORG = {"description": "以哪个组织的身份查看；只属于一个团组织或志愿服务组织时可不填（平台管理员须填写）"}


class OrgQuery(InputSchema):
    organisation_id = fields.Integer(load_default=None, validate=_ID, metadata=_ORG)


class TodosQuery(OrgQuery):
    limit = fields.Integer(load_default=5, validate=validate.Range(min=0, max=20),
                           metadata={"description": "每个列表返回的前几项（按等待时间最久在前）"})


class OrgPointEntriesQuery(OrgQuery):
    before_id = fields.Integer(load_default=None, validate=_ID, metadata={"description": "上一页最后一条的 id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class TodoItemSchema(OutputSchema):
    need_id = fields.Integer()
    need_title = fields.String()
    claim_id = fields.Integer(allow_none=True, metadata={"description": "待认领的需求没有认领记录，为 null"})
    org_id = fields.Integer(allow_none=True,
                            metadata={"description": "对方组织：团组织看到认领方，志愿服务组织看到团组织"})
    org_name = fields.String(allow_none=True)
    since = fields.DateTime(metadata={"description": "开始等待的时间（认领时间 / 发布时间 / 认领成功时间）"})


class TodoListSchema(OutputSchema):
    key = fields.String(metadata={"description": "to_confirm 待确认 / to_claim 待认领（仅团组织） / to_score 待评分"})
    label = fields.String()
    count = fields.Integer()
    items = fields.List(fields.Nested(TodoItemSchema))


class TodosSchema(OutputSchema):
    organisation_id = fields.Integer()
    organisation_kind = fields.String(metadata={"description": "league 团组织 / volunteer_org 志愿服务组织"})
    profile_incomplete = fields.Boolean(metadata={
        "description": "志愿服务组织首次进入时须完善组织资料：必填项未填全时为 true（此时不能认领需求）；"
                       "团组织的组织信息为选填，恒为 false"})
    profile_missing = fields.List(fields.String(), metadata={
        "description": "未填写的必填项（表单字段名）：registration_no 登记证号 / contact_name 联系人 / "
                       "contact_phone 联系电话 / service_areas 服务领域 / introduction 组织简介"})
    lists = fields.List(fields.Nested(TodoListSchema))


class OrgBalanceSchema(OutputSchema):
    organisation_id = fields.Integer()
    organisation_name = fields.String()
    balance = fields.Integer(metadata={"description": "组织当前积分余额（来自被评分）"})
