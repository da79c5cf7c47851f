"""Request and response schemas of the beneficiary endpoints (服务对象). The form's semantic rules (ID-card
checksum, phone format, region consistency) live in the service, which reports every wrong field at once;
these schemas check types and sizes."""
from __future__ import annotations

from marshmallow import fields, validate

from app.accounts.models import Gender
from app.api.common_schemas import OrganisationSchema, RegionBriefSchema
from app.api.uploads.schemas import UploadSchema
from app.api.validation import InputSchema, OutputSchema
from app.timebank.models import BeneficiaryStatus

_CODE = validate.Length(min=1, max=30)
_ID = validate.Range(min=1, max=2147483647)
_GENDERS = fields.Enum(Gender, by_value=True, required=True, metadata={"description": "male 男 / female 女"})


def _doc(text: str) -> dict:
    return {"description": text}


def _text(maximum: int, description: str, **kwargs):
    return fields.String(validate=validate.Length(max=maximum), metadata={"description": description}, **kwargs)


class BeneficiaryFormSchema(InputSchema):
    """服务对象录入 (every field of the seed's form)."""

    name = _text(30, "服务对象姓名（2–30 字）", required=True)
    phone = _text(20, "联系电话：手机号码或固定电话", required=True)
    id_card_number = _text(18, "身份证号码（18 位，末位可为 X；须与性别、年龄一致）", required=True)
    gender = _GENDERS
    age = fields.Integer(required=True, validate=validate.Range(min=0, max=150), metadata=_doc("年龄（周岁）"))
    category_code = fields.String(required=True, validate=_CODE,
                                  metadata=_doc("服务对象类别（字典 beneficiary_category）"))
    political_status_code = fields.String(required=True, validate=_CODE,
                                          metadata={"description": "政治面貌（字典 political_status）"})
    self_care_level_code = fields.String(load_default=None, allow_none=True, validate=_CODE,
                                         metadata={"description": "自理能力等级（选填，字典 self_care_level）"})
    living_status_code = fields.String(required=True, validate=_CODE, metadata=_doc("居住状态（字典 living_status）"))
    household_street_code = fields.String(required=True, validate=_CODE,
                                          metadata={"description": "户籍街道（街道级区域编码；户籍区域由此得出）"})
    household_address = _text(200, "户籍地址", required=True)
    community_code = fields.String(required=True, validate=_CODE,
                                   metadata={"description": "所在社区（须在本社工站所在街道内）"})
    residential_address = _text(200, "居住地址", required=True)
    remarks = _text(500, "备注（选填）", load_default=None, allow_none=True)
    proof_upload_ids = fields.List(fields.Integer(validate=_ID), required=True, validate=validate.Length(max=9),
                                   metadata=_doc("证明材料：1–9 张已上传图片的 id（身份证正反面、低保证明等）"))
    filler_name = _text(30, "填写人姓名", required=True)
    filler_phone = _text(20, "填写人联系方式", required=True)


class BeneficiaryEditSchema(BeneficiaryFormSchema):
    """修改: only the fields sent change; each is checked again."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class ReasonSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "审核不通过的原因"})


class BeneficiaryQuery(InputSchema):
    name = fields.String(load_default=None, validate=validate.Length(max=30), metadata={"description": "姓名（包含）"})
    gender = fields.Enum(Gender, by_value=True, load_default=None)
    status = fields.String(load_default="all", validate=validate.OneOf(["pending", "active", "disabled", "rejected",
                                                                          "all"]),
                           metadata={"description": "pending 待审核 / active 启用中 / disabled 已禁用 / "
                                                    "rejected 审核不通过 / all 全部"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    page_size = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))


class EntryBriefSchema(OutputSchema):
    code = fields.String()
    name = fields.String()


class BeneficiaryRowSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    gender = fields.Enum(Gender, by_value=True)
    age = fields.Integer()
    id_card_number = fields.String(metadata={"description": "身份证号码；非本社工站人员看到的是脱敏值"})
    pii_visible = fields.Boolean(metadata={"description": "是否显示明文身份证号码与电话"})
    household_street = fields.Nested(RegionBriefSchema)
    category = fields.Nested(EntryBriefSchema)
    living_status = fields.Nested(EntryBriefSchema)
    political_status = fields.Nested(EntryBriefSchema)
    self_care_level = fields.Nested(EntryBriefSchema, allow_none=True)
    status = fields.Enum(BeneficiaryStatus, by_value=True)
    status_label = fields.String()
    donated_points = fields.Integer(metadata={"description": "收到捐赠积分（志愿者捐给该服务对象的积分合计）"})
    updated_at = fields.DateTime()


class BeneficiaryPageSchema(OutputSchema):
    items = fields.List(fields.Nested(BeneficiaryRowSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class BeneficiaryDetailSchema(BeneficiaryRowSchema):
    phone = fields.String()
    filler_phone = fields.String()
    household_district = fields.Nested(RegionBriefSchema, metadata={"description": "户籍区域"})
    community = fields.Nested(RegionBriefSchema)
    household_address = fields.String()
    residential_address = fields.String()
    remarks = fields.String(allow_none=True)
    filler_name = fields.String()
    station = fields.Nested(OrganisationSchema)
    status_reason = fields.String(allow_none=True, metadata={"description": "审核不通过的原因"})
    created_by_id = fields.Integer()
    created_at = fields.DateTime()
    proof_images = fields.List(fields.Nested(UploadSchema), metadata=_doc("证明材料（仅本社工站与平台管理员可看图片）"))
    actions = fields.List(fields.String(), metadata={"description": "当前可执行的操作"})


class BeneficiaryEventSchema(OutputSchema):
    id = fields.Integer()
    action = fields.String()
    action_label = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    at = fields.DateTime()
