"""League account import (团组织账号批量导入, 平台管理员): download the template, preview a filled file (every row
checked, nothing written), then confirm the previewed file by its token (all rows or none)."""
from __future__ import annotations

import hashlib

from flask.views import MethodView

from app.accounts.passwords import LEAGUE_INITIAL_PASSWORD
from app.api.blueprint import Blueprint
from app.api.files import BINARY_SCHEMA, XLSX, xlsx_response
from app.api.league_import.schemas import CommitResultSchema, CommitSchema, ImportFileSchema, PreviewSchema
from app.api.league_import.sheet import MAX_BYTES, read_rows
from app.api.security import current_actor, requires
from app.core.crypto import mask_phone
from app.core.errors import InvalidInput
from app.core.unit_of_work import unit_of_work
from app.exports.workbook import ExportWorkbook
from app.needs import league_import
from app.needs.league_import import COLUMNS, MAX_ROWS, PREVIEW_SECONDS

blp = Blueprint("league_import", __name__, description="团组织账号批量导入（平台管理员）")

_GUIDE = [
    ("组织名称", "必填，2 到 100 个字，不能与已有团组织重名"),
    ("账号", "必填，智慧团建系统中的账号，3 到 50 位字母、数字或 _ . @ -，不能与已有账号重复"),
    ("所属区域代码", "必填，行政区划代码，如 440106（天河区）、440106001（五山街道）"),
    ("联系人", "选填，不超过 30 个字"),
    ("联系电话", "选填，11 位手机号码或带区号的固定电话（如 020-12345678）"),
]


@blp.route("/template")
class ImportTemplate(MethodView):
    @requires("organisation.import")
    @blp.response(200, BINARY_SCHEMA, content_type=XLSX, description="导入模板（Excel 文件）")
    def get(self):
        """下载团组织账号导入模板"""
        workbook = ExportWorkbook()
        workbook.sheet("团组织账号").append(list(COLUMNS))
        guide = workbook.sheet("填写说明")
        guide.append(["列", "填写要求"])
        for row in _GUIDE:
            guide.append(list(row))
        guide.append(["说明", f"每次最多 {MAX_ROWS} 行；导入的账号初始密码为 {LEAGUE_INITIAL_PASSWORD}，"
                             "首次登录须修改密码"])
        return xlsx_response(workbook, "团组织账号导入模板.xlsx", "league-import-template.xlsx")


@blp.route("/preview")
class ImportPreview(MethodView):
    @requires("organisation.import")
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(200, PreviewSchema)
    @blp.alt_response(413, response="DEFAULT_ERROR", description="文件超过 2 MB")
    @blp.errors(413, "file_too_large")
    @blp.errors(422, "empty_file", "unreadable_sheet", "sheet_too_large", "bad_header", "empty_sheet",
                "too_many_rows")
    def post(self, files):
        """预览导入：逐行检查并返回每行的错误，不写入任何数据"""
        upload = files["file"]
        data = upload.read(MAX_BYTES + 1)  # one byte past the limit tells "too large" without reading more
        if len(data) > MAX_BYTES:
            raise InvalidInput("文件超过 2 MB，请拆分后分批导入", error="file_too_large", status_code=413)
        rows = league_import.check_rows(read_rows(data))
        digest = hashlib.sha256(data).hexdigest()
        filename = (upload.filename or "导入文件")[:200]
        league_import.remember_preview(digest, filename, rows)
        wrong = sum(1 for row in rows if row.errors)
        return {
            "token": digest, "filename": filename, "total_rows": len(rows), "error_rows": wrong,
            "can_commit": wrong == 0, "expires_in_seconds": PREVIEW_SECONDS,
            "rows": [{"line": row.line, "name": row.name, "username": row.username, "region_code": row.region_code,
                      "region_name": row.region.name if row.region else None, "contact_name": row.contact_name,
                      "contact_phone": mask_phone(row.contact_phone) or None, "errors": row.errors}
                     for row in rows],
        }


@blp.route("/commit")
class ImportCommit(MethodView):
    @requires("organisation.import")
    @blp.arguments(CommitSchema)
    @blp.response(201, CommitResultSchema)
    @blp.errors(404, "import_preview_not_found")
    @blp.errors(409, "import_already_committed", "organisation_exists", "username_taken")
    @blp.errors(422, "import_rows_invalid", "empty_sheet", "too_many_rows")
    def post(self, body):
        """确认导入：按预览凭证创建全部团组织及其账号（全部成功或全部不导入；同一文件只能导入一次）"""
        with unit_of_work():
            filename, rows = league_import.recall_preview(body["token"])
            batch, created = league_import.import_rows(rows, digest=body["token"], filename=filename,
                                                       admin_id=current_actor().user_id)
            lines = [row["line"] for row in rows]
            return {
                "batch_id": batch.id, "filename": batch.filename, "organisation_count": len(created),
                "created_at": batch.created_at,
                "organisations": [{"line": line, "organisation_id": org.id, "name": org.name, "username": user.username,
                                   "user_id": user.id, "region": org.region}
                                  for line, (org, user) in zip(lines, created, strict=True)],
            }
