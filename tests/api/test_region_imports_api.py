"""Platform admin: region import through the API (upload → preview with the errors per row → commit, all or
nothing, idempotent), then Xuzhou used like Guangzhou: a community organisation and a league's need there."""
from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import OrgKind, Region
from app.accounts.regions import XUZHOU_CSV
from app.core.timeutil import utcnow
from app.extensions import db
from tests.factories import auth, make_account, make_admin, make_org, token_for

PREVIEW, COMMIT = "/api/v1/admin/region-imports/preview", "/api/v1/admin/region-imports"


def _upload(client, url: str, data: bytes, token: str, name: str = "regions.csv"):
    return client.post(url, data={"file": (io.BytesIO(data), name)}, headers=auth(token),
                       content_type="multipart/form-data")


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Region))


def test_preview_then_commit_then_commit_again(client, app_ctx):
    token = token_for(make_admin())
    xuzhou = XUZHOU_CSV.read_bytes()

    preview = _upload(client, PREVIEW, xuzhou, token)
    assert preview.status_code == 200, preview.json
    body = preview.json
    assert (body["valid"], body["committed"], body["city_code"], body["city_name"], body["rows"]) == (
        True, False, "320300", "徐州市", 15)
    assert [c["code"] for c in body["created"][:3]] == ["320300", "320302", "320303"]  # parents first
    assert body["created"][-1] == {"code": "320303003001", "name": "黄山垄社区", "level": "community",
                                   "parent_code": "320303003", "old_name": None}
    assert body["errors"] == [] and body["summary"] == "徐州市：新增 15，改名 0，恢复 0，停用 0，不变 0"
    assert _count() == 0  # a preview writes nothing

    done = _upload(client, COMMIT, xuzhou, token)
    assert done.status_code == 200 and done.json["committed"] is True and len(done.json["created"]) == 15
    again = _upload(client, COMMIT, xuzhou, token)
    assert again.status_code == 200
    assert (again.json["created"], again.json["renamed"], again.json["unchanged"]) == ([], [], 15)
    assert _count() == 15
    assert [r["code"] for r in client.get("/api/v1/regions", query_string={"parent_code": "320303"}).json] == [
        "320303001", "320303002", "320303003"]


def test_a_wrong_file_previews_its_errors_per_row_and_commits_nothing(client, app_ctx):
    token = token_for(make_admin())
    bad = (XUZHOU_CSV.read_text(encoding="utf-8")
           .replace("320302001002,黄楼社区,community,320302001", "320302001002,,community,320302001")
           .replace("320303002001,子房山社区,community,320303002", "320303002001,子房山社区,community,320303009"))

    preview = _upload(client, PREVIEW, bad.encode(), token)
    assert preview.status_code == 200 and preview.json["valid"] is False
    assert preview.json["errors"] == [
        {"line": 11, "code": "320302001002", "message": "名称不能为空"},
        {"line": 15, "code": "320303002001", "message": "上级代码 320303009 不在文件中"}]

    refused = _upload(client, COMMIT, bad.encode(), token)
    assert refused.status_code == 422
    assert refused.json["error"] == "invalid_region_file" and "未导入任何区域" in refused.json["message"]
    assert refused.json["errors"] == {"row 11": ["名称不能为空"], "row 15": ["上级代码 320303009 不在文件中"]}
    assert _count() == 0

    unreadable = _upload(client, COMMIT, b"PK\x03\x04broken", token, "regions.xlsx")
    assert unreadable.status_code == 422
    assert unreadable.json["errors"] == {"file": ["无法读取该 .xlsx 文件，请确认文件未损坏"]}
    missing = client.post(COMMIT, data={}, headers=auth(token), content_type="multipart/form-data")
    assert missing.status_code == 422 and missing.json["error"] == "validation_error"


def test_xuzhou_is_used_like_guangzhou_and_a_dropped_region_takes_no_new_records(client, app_ctx):
    token = token_for(make_admin())
    assert _upload(client, COMMIT, XUZHOU_CSV.read_bytes(), token).status_code == 200

    # The platform registers a Xuzhou community; a Yunlong league publishes a need in one of its streets.
    community = client.post("/api/v1/organisations", json={"name": "民主路社区", "kind": "community",
                                                           "region_code": "320303001001"}, headers=auth(token))
    assert community.status_code == 201, community.json
    league = make_org(OrgKind.LEAGUE, "320303", "云龙团区委")
    league_token = token_for(make_account(league, "xz-league"))
    start = (utcnow() + timedelta(days=7)).replace(microsecond=0)
    need = {"title": "社区助老", "content": "每周陪伴独居老人", "region_code": "320303001",
            "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=2)).isoformat(), "headcount": 4,
            "leader_name": "王老师", "leader_mobile": "13800001111"}
    created = client.post("/api/v1/needs", json=need, headers=auth(league_token))
    assert created.status_code == 201, created.json
    outside = client.post("/api/v1/needs", json=need | {"region_code": "320302001"}, headers=auth(league_token))
    assert outside.status_code == 422  # 鼓楼区 is outside the 云龙 league's district

    # A newer file drops 黄山街道 and its 黄山垄社区: both are deactivated, and no new record may choose them.
    newer = (XUZHOU_CSV.read_text(encoding="utf-8").replace("320303003001,黄山垄社区,community,320303003\n", "")
             .replace("320303003,黄山街道,street,320303\n", ""))
    committed = _upload(client, COMMIT, newer.encode(), token)
    assert [c["code"] for c in committed.json["deactivated"]] == ["320303003", "320303003001"]
    refused = client.post("/api/v1/organisations", json={"name": "黄山垄社区", "kind": "community",
                                                         "region_code": "320303003001"}, headers=auth(token))
    assert refused.status_code == 404 and refused.json["error"] == "region_not_found"
    dropped = client.post("/api/v1/needs", json=need | {"region_code": "320303003"}, headers=auth(league_token))
    assert dropped.status_code == 422 and dropped.json["errors"] == {"region_code": ["区域不存在"]}
    assert client.post("/api/v1/needs", json=need, headers=auth(league_token)).status_code == 201
    assert client.get("/api/v1/regions/320303003001").json["name"] == "黄山垄社区"  # still named for old records
    assert "320303003" not in {r["code"] for r in client.get("/api/v1/regions",
                                                             query_string={"parent_code": "320303"}).json}
