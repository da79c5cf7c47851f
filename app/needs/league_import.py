"""Bulk import of league accounts (团组织账号批量导入, 平台管理员).

League organisations and their accounts come from the province's 智慧团建 system as a spreadsheet: one row per
league, with the account name it uses there. Every account starts on the province's initial password 000000
and must replace it at its first sign-in. The API reads the file into rows of text (app/api/league_import);
here those rows are checked, all of them, each error in words the admin can act on, and committed all or
nothing. A committed file is remembered by the digest of its bytes: the same file twice is refused.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.accounts.models import MemberRole, Organisation, OrgKind, Region, User
from app.accounts.organisations import create_account, create_organisation
from app.accounts.passwords import LEAGUE_INITIAL_PASSWORD, hash_password
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.persistence import insert_unique
from app.core.phones import is_landline, is_mobile
from app.core.runtime import kv, pii
from app.core.timeutil import SHANGHAI
from app.extensions import db
from app.needs.models import LeagueImportBatch, OrganisationProfile
from app.needs.profiles import PHONE_CONTEXT

# The template's columns, in order, and the row fields they fill.
COLUMNS = {"组织名称": "name", "账号": "username", "所属区域代码": "region_code", "联系人": "contact_name",
           "联系电话": "contact_phone"}
REQUIRED_COLUMNS = ("组织名称", "账号", "所属区域代码")
MAX_ROWS = 500  # a district's leagues fit many times over; a bigger file is split, not waited on
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,50}$")
PREVIEW_SECONDS = 3600  # how long a preview may be confirmed
_PREVIEW_KEY = "league-import:"
_PREVIEW_CONTEXT = "league_import.preview"


@dataclass
class ImportRow:
    line: int  # the row's number in the sheet (the header is row 1), as the admin sees it
    name: str = ""
    username: str = ""
    region_code: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    region: Region | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, raw: dict) -> ImportRow:
        return cls(line=raw["line"], **{name: (raw.get(name) or "").strip() for name in COLUMNS.values()})

    def as_stored(self) -> dict:
        return {"line": self.line, **{name: getattr(self, name) for name in COLUMNS.values()}}


def _own_errors(row: ImportRow) -> None:
    if not row.name:
        row.errors.append("缺少组织名称")
    elif len(row.name) < 2 or len(row.name) > 100:
        row.errors.append("组织名称应为 2 到 100 个字")
    if not row.username:
        row.errors.append("缺少账号")
    elif not _USERNAME.match(row.username):
        row.errors.append("账号应为 3 到 50 位字母、数字或 _ . @ -")
    if not row.region_code:
        row.errors.append("缺少所属区域代码")
    if len(row.contact_name) > 30:
        row.errors.append("联系人不能超过 30 个字")
    phone = row.contact_phone.replace(" ", "")
    if phone and not (is_mobile(phone) or is_landline(phone)):
        row.errors.append("联系电话格式有误，应为 11 位手机号码或带区号的固定电话（如 020-12345678）")
    row.contact_phone = phone


def _duplicates_in_file(rows: list[ImportRow]) -> None:
    first_name: dict[str, int] = {}
    first_username: dict[str, int] = {}
    for row in rows:
        if row.name:
            if row.name in first_name:
                row.errors.append(f"组织名称与第 {first_name[row.name]} 行重复")
            first_name.setdefault(row.name, row.line)
        key = row.username.lower()
        if key:
            if key in first_username:
                row.errors.append(f"账号与第 {first_username[key]} 行重复")
            first_username.setdefault(key, row.line)


def _clashes_with_database(rows: list[ImportRow]) -> None:
    """Names and account names already taken, and region codes that do not exist: three queries for the file."""
    names = {row.name for row in rows if row.name}
    taken_names = set(db.session.scalars(sa.select(Organisation.name).where(
        Organisation.kind == OrgKind.LEAGUE, Organisation.name.in_(names)))) if names else set()
    usernames = {row.username.lower() for row in rows if row.username}
    taken_usernames = set(db.session.scalars(sa.select(sa.func.lower(User.username)).where(
        sa.func.lower(User.username).in_(usernames)))) if usernames else set()
    codes = {row.region_code for row in rows if row.region_code}
    regions = {region.code: region for region in db.session.scalars(
        sa.select(Region).where(Region.code.in_(codes)))} if codes else {}
    for row in rows:
        if row.name in taken_names:
            row.errors.append("已有同名团组织")
        if row.username and row.username.lower() in taken_usernames:
            row.errors.append("账号已被使用")
        if row.region_code:
            row.region = regions.get(row.region_code)
            if row.region is None:
                row.errors.append(f"区域代码 {row.region_code} 不存在")


def check_rows(raw_rows: list[dict]) -> list[ImportRow]:
    """Every row with every error it has (none written)."""
    if not raw_rows:
        raise InvalidInput("文件中没有可导入的数据行", error="empty_sheet")
    if len(raw_rows) > MAX_ROWS:
        raise InvalidInput(f"一次最多导入 {MAX_ROWS} 行，请拆分文件后分批导入", error="too_many_rows")
    rows = [ImportRow.of(raw) for raw in raw_rows]
    for row in rows:
        _own_errors(row)
    _duplicates_in_file(rows)
    _clashes_with_database(rows)
    return rows


def import_rows(raw_rows: list[dict], *, digest: str, filename: str,
                admin_id: int) -> tuple[LeagueImportBatch, list[tuple[Organisation, User]]]:
    """Create every row's league and account in the caller's transaction, or nothing: a row in error refuses
    the whole file. The batch row goes first: a second commit of the same file, even one racing this one,
    stops at its unique digest."""
    batch = insert_unique(LeagueImportBatch(digest=digest, filename=filename[:200], organisation_count=len(raw_rows),
                                            created_by_id=admin_id),
                          Conflict("该文件已导入过，请勿重复提交", error="import_already_committed"))
    rows = check_rows(raw_rows)
    wrong = [row for row in rows if row.errors]
    if wrong:
        raise InvalidInput(f"有 {len(wrong)} 行数据有误，未导入任何数据，请修改后重新上传", error="import_rows_invalid",
                           errors={f"第 {row.line} 行": row.errors for row in wrong})
    # Every account starts on the same public password: one hash serves the whole file.
    initial_hash = hash_password(LEAGUE_INITIAL_PASSWORD)
    created = []
    for row in rows:
        org = create_organisation(row.name, OrgKind.LEAGUE, row.region_code)
        user, _ = create_account(org, row.username, MemberRole.ADMIN, real_name=row.contact_name or None,
                                 initial_password=LEAGUE_INITIAL_PASSWORD, initial_hash=initial_hash)
        if row.contact_name or row.contact_phone:
            phone_enc = pii().encrypt(row.contact_phone, context=PHONE_CONTEXT) if row.contact_phone else None
            db.session.add(OrganisationProfile(organisation_id=org.id, contact_name=row.contact_name or None,
                                               service_areas=[], contact_phone_enc=phone_enc))
        created.append((org, user))
    db.session.flush()
    return batch, created


def remember_preview(digest: str, filename: str, rows: list[ImportRow]) -> None:
    """Keep the rows read from a previewed file, so that confirming needs only its token: what is committed
    is exactly the file that was previewed, re-checked against the database at commit time."""
    # The rows hold contacts' phone numbers: encrypted like every stored phone, even for an hour in the cache.
    plain = json.dumps({"filename": filename, "rows": [row.as_stored() for row in rows]}, ensure_ascii=False)
    kv().set(_PREVIEW_KEY + digest, pii().encrypt(plain, context=_PREVIEW_CONTEXT), ex=PREVIEW_SECONDS)


def recall_preview(digest: str) -> tuple[str, list[dict]]:
    """(filename, rows) of a previewed file; a file committed already is refused with when and how much."""
    batch = db.session.scalar(sa.select(LeagueImportBatch).where(LeagueImportBatch.digest == digest))
    if batch is not None:
        when = batch.created_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        raise Conflict(f"该文件已于 {when} 导入（{batch.organisation_count} 个团组织），请勿重复提交",
                       error="import_already_committed")
    stored = kv().get(_PREVIEW_KEY + digest)
    if stored is None:
        raise NotFound("导入预览不存在或已过期，请重新上传文件", error="import_preview_not_found")
    preview = json.loads(pii().decrypt(stored, context=_PREVIEW_CONTEXT))
    return preview["filename"], preview["rows"]
