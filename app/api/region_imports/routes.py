"""Platform admin: importing a city's region file (区域导入). Upload → preview (what would change, the errors per
row) → commit the same file (all or nothing; committing it again changes nothing). Stateless: the console keeps
the chosen file between the two calls, so nothing half-imported waits on the server."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest.fields import Upload as FileField
from marshmallow import fields

from app.accounts import region_import
from app.accounts.models import RegionLevel
from app.accounts.region_file import MAX_BYTES
from app.api.blueprint import Blueprint
from app.api.security import current_actor, requires
from app.api.validation import InputSchema, OutputSchema
from app.core.unit_of_work import unit_of_work

blp = Blueprint("region_imports", __name__, description="区域导入（平台管理员）")


class RegionFileUploadSchema(InputSchema):
    file = FileField(required=True, error_messages={"required": "请选择区域文件"},
                     metadata={"description": "区域文件：.csv（UTF-8 或 GBK）或 .xlsx，"
                                              "列为 code,name,level,parent_code，不超过 5 MB"})


class RowErrorSchema(OutputSchema):
    line = fields.Integer(allow_none=True,
                          metadata={"description": "文件中的行号（表头为第 1 行）；整个文件的问题为空"})
    code = fields.String(metadata={"description": "该行的区域代码"})
    message = fields.String(metadata={"description": "错误说明"})


class RegionChangeSchema(OutputSchema):
    code = fields.String()
    name = fields.String()
    level = fields.Enum(RegionLevel, by_value=True)
    parent_code = fields.String(allow_none=True)
    old_name = fields.String(allow_none=True, metadata={"description": "改名前的名称（仅改名）"})


class RegionImportSchema(OutputSchema):
    valid = fields.Boolean(metadata={"description": "文件无误、可以导入"})
    committed = fields.Boolean(metadata={"description": "已写入（预览为 false）"})
    city_code = fields.String(allow_none=True)
    city_name = fields.String(allow_none=True)
    rows = fields.Integer(metadata={"description": "文件中有效的区域行数"})
    summary = fields.String(metadata={"description": "一句话概括"})
    errors = fields.List(fields.Nested(RowErrorSchema), metadata={"description": "每行的错误"})
    created = fields.List(fields.Nested(RegionChangeSchema), metadata={"description": "将新增的区域"})
    renamed = fields.List(fields.Nested(RegionChangeSchema), metadata={"description": "将改名的区域"})
    reactivated = fields.List(fields.Nested(RegionChangeSchema), metadata={"description": "将恢复启用的区域"})
    deactivated = fields.List(fields.Nested(RegionChangeSchema),
                              metadata={"description": "文件中已没有、将停用的区域（不删除，已有记录仍指向它）"})
    unchanged = fields.Integer(metadata={"description": "不变的区域数"})


def _view(result: region_import.ImportPlan, committed: bool) -> dict:
    return {"valid": result.valid, "committed": committed, "city_code": result.city_code,
            "city_name": result.city_name, "rows": result.rows, "summary": result.summary(),
            "errors": result.errors, "created": result.created, "renamed": result.renamed,
            "reactivated": result.reactivated, "deactivated": result.deactivated, "unchanged": result.unchanged}


@blp.route("/preview")
class RegionImportPreview(MethodView):
    @requires("region.manage")
    @blp.arguments(RegionFileUploadSchema, location="files")
    @blp.response(200, RegionImportSchema)
    @blp.errors(422, "invalid_region_file")
    def post(self, files):
        """预览区域导入：将新增、改名、停用哪些区域，以及每行的错误（不写入）"""
        data = files["file"].read(MAX_BYTES + 1)
        with unit_of_work():
            return _view(region_import.preview_import(current_actor(), data), committed=False)


@blp.route("")
class RegionImportCommit(MethodView):
    @requires("region.manage")
    @blp.arguments(RegionFileUploadSchema, location="files")
    @blp.response(200, RegionImportSchema)
    @blp.errors(409, "region_import_busy")
    @blp.errors(422, "invalid_region_file")
    def post(self, files):
        """导入区域文件：全部无误才写入（有错误时不导入任何一行）；同一文件再次导入不会重复"""
        data = files["file"].read(MAX_BYTES + 1)
        with unit_of_work():
            return _view(region_import.commit_import(current_actor(), data), committed=True)
