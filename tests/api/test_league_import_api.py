"""League account import (团组织账号批量导入): the template, a preview that checks every row and writes nothing,
a commit that creates all rows or none and only once, and files that are broken, huge or hostile."""
from __future__ import annotations

import io
import zipfile

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from app.accounts.models import MemberRole, Membership, Organisation, OrgKind, User
from app.core.runtime import kv, pii
from app.extensions import db
from app.needs.league_import import COLUMNS
from app.needs.models import LeagueImportBatch, OrganisationProfile
from app.needs.profiles import PHONE_CONTEXT
from tests.factories import auth, load_regions, make_account, make_admin, make_org, token_for

BASE = "/api/v1/admin/league-import"
HEADER = list(COLUMNS)


def xlsx(rows: list[list], header: list | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(client, token, data: bytes, filename: str = "leagues.xlsx"):
    return client.post(f"{BASE}/preview", headers=auth(token), content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), filename)})


def commit(client, token, digest):
    return client.post(f"{BASE}/commit", headers=auth(token), json={"token": digest})


def _admin():
    load_regions()
    return token_for(make_admin())


def _counts():
    return (db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)),
            db.session.scalar(sa.select(sa.func.count()).select_from(User)),
            db.session.scalar(sa.select(sa.func.count()).select_from(LeagueImportBatch)))


def test_the_template_is_a_workbook_with_the_import_columns(client, app_ctx):
    token = _admin()
    response = client.get(f"{BASE}/template", headers=auth(token))
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["团组织账号", "填写说明"]
    header = [cell.value for cell in workbook["团组织账号"][1]]
    assert header == ["组织名称", "账号", "所属区域代码", "联系人", "联系电话"]
    # The template, filled in and sent back as it is, reads with its header.
    assert preview(client, token, response.data).json["error"] == "empty_sheet"


def test_preview_names_every_rows_errors_in_chinese_and_writes_nothing(client, app_ctx):
    token = _admin()
    existing = make_org(OrgKind.LEAGUE, "440106", "天河团区委")
    make_account(existing, "lg-exists")
    before = _counts()
    data = xlsx([
        ["五山街道团工委", "ws-league", "440106001", "张三", "13800001111"],  # row 2: fine
        [None, "no-name", 440106, None, None],                                  # row 3: no name
        [None, None, None, None, None],                                         # row 4: blank, skipped
        ["员村街道团工委", "WS-League", "440106002", None, None],               # row 5: same account as row 2
        ["车陂街道团工委", "lg-exists", "440106003", None, None],               # row 6: account taken
        ["石牌街道团工委", "sp-league", "999999", None, None],                  # row 7: no such region
        ["北京街道团工委", "bj-league", "440104001", "李四", "12345"],          # row 8: bad phone
        ["天河团区委", "th-new", "440106", None, None],                         # row 9: name taken
        ["五山街道团工委", "x", None, "名字太长" * 8, None],                    # row 10: several at once
    ])
    response = preview(client, token, data)
    assert response.status_code == 200, response.json
    body = response.json
    errors = {row["line"]: row["errors"] for row in body["rows"]}
    assert errors == {
        2: [],
        3: ["缺少组织名称"],
        5: ["账号与第 2 行重复"],
        6: ["账号已被使用"],
        7: ["区域代码 999999 不存在"],
        8: ["联系电话格式有误，应为 11 位手机号码或带区号的固定电话（如 020-12345678）"],
        9: ["已有同名团组织"],
        10: ["账号应为 3 到 50 位字母、数字或 _ . @ -", "缺少所属区域代码", "联系人不能超过 30 个字",
             "组织名称与第 2 行重复"],
    }
    assert body["total_rows"] == 8 and body["error_rows"] == 7 and body["can_commit"] is False
    first = body["rows"][0]
    assert first["region_name"] == "五山街道" and first["contact_phone"] == "138****1111"
    assert body["rows"][1]["region_code"] == "440106"  # typed as a number, read as the code
    assert len(body["token"]) == 64
    assert _counts() == before

    # Confirming a file with errors refuses the whole file, naming each row.
    refused = commit(client, token, body["token"])
    assert refused.status_code == 422 and refused.json["error"] == "import_rows_invalid"
    assert set(refused.json["errors"]) == {f"第 {line} 行" for line in (3, 5, 6, 7, 8, 9, 10)}
    assert refused.json["errors"]["第 6 行"] == ["账号已被使用"]
    assert _counts() == before


def test_commit_creates_every_league_and_its_account_which_must_change_000000_at_first_sign_in(client, app_ctx):
    token = _admin()
    data = xlsx([["五山街道团工委", "ws-league", "440106001", "张三", "13800001111"],
                 ["员村街道团工委", "yc-league", "440106002", None, "020-12345678"]])
    digest = preview(client, token, data).json["token"]
    # The previewed rows wait in the cache for the commit, their phone numbers encrypted there too.
    held = kv().get(f"league-import:{digest}")
    assert held and "13800001111" not in held and "张三" not in held
    response = commit(client, token, digest)
    assert response.status_code == 201, response.json
    assert response.json["organisation_count"] == 2
    assert [(o["line"], o["name"], o["username"], o["region"]["code"]) for o in response.json["organisations"]] == [
        (2, "五山街道团工委", "ws-league", "440106001"), (3, "员村街道团工委", "yc-league", "440106002")]

    db.session.expire_all()
    org = db.session.get(Organisation, response.json["organisations"][0]["organisation_id"])
    assert org.kind is OrgKind.LEAGUE
    user = db.session.scalar(sa.select(User).where(User.username == "ws-league"))
    assert user.must_change_password is True and user.real_name == "张三"
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == user.id))
    assert membership.organisation_id == org.id and membership.role is MemberRole.ADMIN
    profile = db.session.get(OrganisationProfile, org.id)
    assert profile.contact_name == "张三"
    assert "13800001111" not in profile.contact_phone_enc
    assert pii().decrypt(profile.contact_phone_enc, context=PHONE_CONTEXT) == "13800001111"

    # The new account signs in with the province's initial password and can do nothing but replace it.
    login = client.post("/api/v1/auth/password/login", json={"username": "ws-league", "password": "000000"})
    assert login.status_code == 200, login.json
    assert login.json["user"]["must_change_password"] is True
    league = auth(login.json["access_token"])
    blocked = client.get("/api/v1/organisations", headers=league)
    assert blocked.status_code == 403 and blocked.json["error"] == "password_change_required"
    changed = client.post("/api/v1/auth/password/change", headers=league,
                          json={"old_password": "000000", "new_password": "League2026"})
    assert changed.status_code == 200 and changed.json["must_change_password"] is False
    # Both accounts share the one hash of 000000 made for the file; the change gave this one its own.
    db.session.expire_all()
    other = db.session.scalar(sa.select(User).where(User.username == "yc-league"))
    assert other.must_change_password is True
    assert db.session.scalar(sa.select(User.password_hash).where(User.username == "ws-league")) != other.password_hash


def test_a_second_commit_of_the_same_file_is_refused_and_creates_nothing(client, app_ctx):
    token = _admin()
    data = xlsx([["五山街道团工委", "ws-league", "440106001", None, None]])
    digest = preview(client, token, data).json["token"]
    assert commit(client, token, digest).status_code == 201
    counts = _counts()
    again = commit(client, token, digest)
    assert again.status_code == 409 and again.json["error"] == "import_already_committed"
    assert "请勿重复提交" in again.json["message"] and "1 个团组织" in again.json["message"]
    assert _counts() == counts
    # Previewed afresh, the same rows now clash with what the first commit created.
    rows = preview(client, token, data).json["rows"]
    assert rows[0]["errors"] == ["已有同名团组织", "账号已被使用"]


def test_commit_of_an_unknown_or_expired_preview_is_a_404(client, app_ctx):
    token = _admin()
    response = commit(client, token, "0" * 64)
    assert response.status_code == 404 and response.json["error"] == "import_preview_not_found"
    bad = commit(client, token, "not-a-digest")
    assert bad.status_code == 422 and "token" in bad.json["errors"]


def test_formula_cells_are_stored_as_inert_text(client, app_ctx):
    token = _admin()
    formula = '=HYPERLINK("http://evil.example","点我")'
    data = xlsx([[formula, "f-league", "440106", "+张三", None],
                 ["@SUM(1+1)团委", "g-league", "440106001", None, None]])
    body = preview(client, token, data).json
    assert body["can_commit"] is True, body
    assert [row["name"] for row in body["rows"]] == ["'" + formula, "'@SUM(1+1)团委"]
    assert commit(client, token, body["token"]).status_code == 201
    names = set(db.session.scalars(sa.select(Organisation.name).where(Organisation.kind == OrgKind.LEAGUE)))
    assert names == {"'" + formula, "'@SUM(1+1)团委"}
    assert db.session.scalar(sa.select(User.real_name).where(User.username == "f-league")) == "'+张三"
    # An account name starting with a formula trigger is neutralised, and so no longer a valid name.
    rows = preview(client, token, xlsx([["某团委", "-cmd", "440106", None, None]])).json["rows"]
    assert rows[0]["username"] == "'-cmd" and rows[0]["errors"] == ["账号应为 3 到 50 位字母、数字或 _ . @ -"]


def test_a_csv_in_the_chinese_code_page_with_columns_in_another_order_reads_like_the_template(client, app_ctx):
    token = _admin()
    text = "账号,组织名称,所属区域代码\r\nws-league,五山街道团工委,440106001\r\n"
    body = preview(client, token, text.encode("gb18030"), "leagues.csv").json
    assert [(r["name"], r["username"], r["errors"]) for r in body["rows"]] == [("五山街道团工委", "ws-league", [])]
    body = preview(client, token, ("\ufeff" + text).encode("utf-8"), "leagues.csv").json
    assert body["rows"][0]["region_name"] == "五山街道"


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b"\0" * (21 * 1024 * 1024))
    return buffer.getvalue()


def test_broken_huge_and_wrong_files_answer_4xx_never_500(client, app_ctx):
    token = _admin()
    cases = [
        (b"", 422, "empty_file"),
        (b"PK\x03\x04 this is no zip at all", 422, "unreadable_sheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, 422, "unreadable_sheet"),  # an old .xls
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 422, "unreadable_sheet"),
        (b"\xff\xfe\xfa" * 10, 422, "unreadable_sheet"),  # neither UTF-8 nor GB18030
        (_zip_bomb(), 422, "sheet_too_large"),
        ("名称,账号\nx,y\n".encode(), 422, "bad_header"),
        (xlsx([], header=["组织名称", "联系人"]), 422, "bad_header"),
        (b"\n\n", 422, "empty_sheet"),
        (xlsx([[f"团委{i}", f"league-{i}", "440106"] for i in range(501)]), 422, "too_many_rows"),
        (b"a" * (2 * 1024 * 1024 + 1), 413, "file_too_large"),
        (b'"unterminated,' + b"x" * 200_000, 422, "unreadable_sheet"),  # a field past the CSV reader's limit
    ]
    for data, status, error in cases:
        response = preview(client, token, data)
        assert (response.status_code, response.json["error"]) == (status, error), (data[:20], response.json)
    assert _counts()[0] == 0
    # Exactly the cap is fine.
    body = preview(client, token, xlsx([[f"团委{i}", f"league-{i}", "440106"] for i in range(500)])).json
    assert body["total_rows"] == 500 and body["can_commit"] is True
    missing = client.post(f"{BASE}/preview", headers=auth(token), content_type="multipart/form-data", data={})
    assert missing.status_code == 422 and "file" in missing.json["errors"]


def test_only_platform_admins_import(client, app_ctx):
    load_regions()
    league = make_account(make_org(OrgKind.LEAGUE, "440106", "天河团区委"), "lg-admin")
    token = token_for(league)
    data = xlsx([["五山街道团工委", "ws-league", "440106001", None, None]])
    assert preview(client, token, data).status_code == 403
    assert client.get(f"{BASE}/template", headers=auth(token)).status_code == 403
    assert commit(client, token, "0" * 64).status_code == 403
    assert client.get(f"{BASE}/template").status_code == 401
