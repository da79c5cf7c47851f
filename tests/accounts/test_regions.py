"""The region file (app/accounts/region_file.py), its import (region_import.py), `flask regions import` and the
region endpoints: the shipped Guangzhou and Xuzhou files, the errors per row, .xlsx and GBK files, re-imports
that rename, deactivate and bring back, and refusals that write nothing."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from app.accounts import region_import
from app.accounts.models import Region
from app.accounts.region_file import RegionFileInvalid, parse
from app.accounts.regions import GUANGZHOU_CSV, XUZHOU_CSV, get_region, list_regions, load_regions_csv
from app.core.errors import NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db

HEADER = "code,name,level,parent_code\n"
XUZHOU_TOP = HEADER + "320300,徐州市,city,\n320303,云龙区,district,320300\n320303001,彭城街道,street,320303\n"


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Region))


def _codes() -> dict[str, Region]:
    db.session.expire_all()
    return {r.code: r for r in db.session.scalars(sa.select(Region))}


def test_the_shipped_files_load_a_consistent_tree_and_reloading_changes_nothing(app_ctx):
    with unit_of_work():
        first = load_regions_csv(GUANGZHOU_CSV)
    with unit_of_work():
        xuzhou = load_regions_csv(XUZHOU_CSV)
    with unit_of_work():
        again = load_regions_csv(GUANGZHOU_CSV)
    assert first["created"] == 27 and first["updated"] == first["deactivated"] == 0
    assert xuzhou == {"created": 15, "updated": 0, "deactivated": 0, "unchanged": 0}
    assert again == {"created": 0, "updated": 0, "deactivated": 0, "unchanged": 27}  # Xuzhou untouched too
    regions = _codes()
    assert len(regions) == 27 + 15 and all(r.is_active for r in regions.values())
    community = regions["440106001001"]
    assert community.path == "/440100/440106/440106001/440106001001/"
    assert regions["440106"].contains(community.path) and not regions["440104"].contains(community.path)
    assert regions["320303001001"].path == "/320300/320303/320303001/320303001001/"
    assert regions["320303001001"].parent.parent.name == "云龙区"
    assert [r.code for r in list_regions()] == ["320300", "440100"]  # two cities at the top


@pytest.mark.parametrize("body,line,needle", [
    (XUZHOU_TOP + "320303001001,民主路社区,community,320303009\n", 5, "上级代码 320303009 不在文件中"),
    (XUZHOU_TOP + "320303,云龙区二,district,320300\n", 5, "代码 320303 与第 3 行重复"),
    (XUZHOU_TOP + "320303002,子房街道,street,320300\n", 5, "级别不符：街道的上级应为区，320300 是市"),
    (XUZHOU_TOP + "320303001001,,community,320303001\n", 5, "名称不能为空"),
    (XUZHOU_TOP + "32030300101,民主路社区,community,320303001\n", 5, "代码格式有误：社区级代码应为 12 位数字"),
    (XUZHOU_TOP + "320302001001,苏堤社区,community,320303001\n", 5, "应以上级代码的 320303001 开头"),
    (XUZHOU_TOP + "320303001001,民主路社区,village,320303001\n", 5, "级别无效：village"),
    (XUZHOU_TOP + "440100,广州市,city,\n", 5, "一个文件只能有一个市"),
    (XUZHOU_TOP + "320304,泉山区,district,\n", 5, "请填写上级代码"),
    (HEADER + "320300,徐州市,city,320000\n", 2, "市级区域不应填写上级代码"),
    (HEADER + "320301,徐州市,city,\n", 2, "市级代码应以 00 结尾"),
    (HEADER + "32030a,徐州市,city,\n", 2, "市级代码应为 6 位数字"),
    # A child of a refused row names the row to fix, not a missing parent.
    (HEADER + "320300,徐州市,city,\n32030x,云龙区,district,320300\n320303001,彭城街道,street,32030x\n", 4,
     "上级区域（第 3 行）有误"),
    (HEADER + "320303,云龙区,district,\n", None, "文件中没有市级区域"),
])
def test_each_wrong_row_is_named_with_its_line_and_nothing_is_written(app_ctx, body, line, needle):
    data = body.encode()
    result = region_import.plan(data)
    assert not result.valid
    assert any(e.line == line and needle in e.message for e in result.errors), result.errors
    with pytest.raises(RegionFileInvalid) as refused, unit_of_work():
        region_import.commit(data)
    where = "file" if line is None else f"row {line}"
    assert any(needle in m for m in refused.value.errors[where]), refused.value.errors
    assert refused.value.error == "invalid_region_file" and refused.value.status_code == 422
    assert _count() == 0


def test_every_error_of_a_file_is_reported_at_once(app_ctx):
    body = (XUZHOU_TOP + "320303001001,,community,320303001\n320303001002,大同街社区,community,999999999\n"
            "320303001003,黄山垄社区,community,320303001\n320303001003,黄山垄社区,community,320303001\n")
    _rows, errors = parse(body.encode())
    assert [(e.line, e.code) for e in errors] == [(5, "320303001001"), (6, "320303001002"), (8, "320303001003")]


@pytest.mark.parametrize("data,needle", [
    (b"", "文件是空的"),
    (b"id,name\n1,x\n", "表头应包含"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "不支持旧版 .xls"),
    (b"PK\x03\x04not really a workbook", "无法读取该 .xlsx 文件"),
    (HEADER.encode() + b'"' + b"x" * 200_000 + b'"\n', "无法读取该 CSV 文件"),  # past the csv field limit
    (b"code\x00,name", "不是文本格式的 CSV"),
])
def test_a_file_that_is_no_region_table_is_refused_as_a_whole(app_ctx, data, needle):
    with pytest.raises(RegionFileInvalid, match=needle) as refused:
        region_import.plan(data)
    assert list(refused.value.errors) == ["file"]


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_with_chinese_headers_and_numeric_codes_and_a_gbk_csv_read_like_the_utf8_csv(app_ctx):
    csv_rows = XUZHOU_CSV.read_text(encoding="utf-8").splitlines()
    labels = {"city": "市", "district": "区", "street": "街道", "community": "社区"}
    sheet = [["代码", "名称", "级别", "上级代码"]]
    for line in csv_rows[1:]:
        code, name, level, parent = line.split(",")
        sheet.append([int(code), name, labels[level], int(parent) if parent else None])  # typed as numbers
    from_csv = region_import.plan(XUZHOU_CSV.read_bytes())
    from_xlsx = region_import.plan(_xlsx(sheet))
    from_gbk = region_import.plan(XUZHOU_CSV.read_text(encoding="utf-8").encode("gbk"))
    assert from_csv.valid and from_csv.rows == 15
    assert from_xlsx == from_csv and from_gbk == from_csv

    with unit_of_work():
        region_import.commit(_xlsx(sheet))
    assert _codes()["320302002001"].name == "下洪社区"


def test_a_reimport_renames_deactivates_what_the_file_dropped_and_brings_it_back_later(app_ctx):
    from tests.factories import make_org

    with unit_of_work():
        load_regions_csv(XUZHOU_CSV)
    from app.accounts.models import OrgKind

    make_org(OrgKind.COMMUNITY, "320303003001", "黄山垄社区")  # the dropped community is in use
    newer = (XUZHOU_CSV.read_text(encoding="utf-8").replace("子房街道", "子房山街道")
             .replace("320303003001,黄山垄社区,community,320303003\n", ""))

    preview = region_import.plan(newer.encode())
    assert preview.valid and not preview.created
    assert [(c.code, c.old_name, c.name) for c in preview.renamed] == [("320303002", "子房街道", "子房山街道")]
    assert [(c.code, c.name) for c in preview.deactivated] == [("320303003001", "黄山垄社区")]
    assert preview.unchanged == 13
    assert _codes()["320303002"].name == "子房街道"  # a preview writes nothing

    with unit_of_work():
        region_import.commit(newer.encode())
    regions = _codes()
    assert regions["320303002"].name == "子房山街道"
    assert not regions["320303003001"].is_active and len(regions) == 15  # deactivated, never deleted
    assert [r.code for r in list_regions("320303003")] == []  # pickers hide it
    with pytest.raises(NotFound):
        get_region("320303003001")  # new records cannot choose it
    assert get_region("320303003001", active_only=False).name == "黄山垄社区"

    with unit_of_work():
        again = region_import.commit(newer.encode())
    assert (again.created, again.renamed, again.deactivated, again.unchanged) == ([], [], [], 14)  # idempotent
    with unit_of_work():
        back = region_import.commit(XUZHOU_CSV.read_bytes())
    assert [c.code for c in back.reactivated] == ["320303003001"]
    assert _codes()["320303003001"].is_active and [r.code for r in list_regions("320303003")] == ["320303003001"]


def test_a_file_that_would_move_an_existing_region_is_refused_on_that_row(app_ctx):
    with unit_of_work():  # a region loaded before codes had to extend their parent's
        city = Region(code="320300", name="徐州市", level="city", path="/320300/")
        db.session.add(city)
        db.session.flush()
        db.session.add(Region(code="320303", name="云龙区", level="street", parent=city, path="/320300/320303/"))
    result = region_import.plan(XUZHOU_CSV.read_bytes())
    assert [(e.line, e.code) for e in result.errors] == [(4, "320303")]
    assert "不能改变其级别或上级" in result.errors[0].message
    with pytest.raises(RegionFileInvalid), unit_of_work():
        region_import.commit(XUZHOU_CSV.read_bytes())
    assert _count() == 2


def test_the_cli_previews_and_imports(app, app_ctx, tmp_path):
    runner = app.test_cli_runner()
    preview = runner.invoke(args=["regions", "import", str(XUZHOU_CSV), "--dry-run"])
    assert preview.exit_code == 0, preview.output
    assert "区域导入预览（未写入） 徐州市：新增 15" in preview.output and _count() == 0

    done = runner.invoke(args=["regions", "import", str(XUZHOU_CSV)])
    assert done.exit_code == 0 and "区域已导入 徐州市：新增 15" in done.output
    dropped = tmp_path / "xuzhou.csv"
    dropped.write_text(XUZHOU_CSV.read_text(encoding="utf-8")
                       .replace("320302002001,下洪社区,community,320302002\n", ""), encoding="utf-8")
    told = runner.invoke(args=["regions", "import", str(dropped), "--dry-run"])
    assert "将停用 320302002001 下洪社区" in told.output and _codes()["320302002001"].is_active

    bad = tmp_path / "bad.csv"
    bad.write_text(XUZHOU_TOP + "320303001001,,community,320303001\n", encoding="utf-8")
    refused = runner.invoke(args=["regions", "import", str(bad)])
    assert refused.exit_code != 0 and "第 5 行" in refused.output and "名称不能为空" in refused.output


def test_region_endpoints(client, app_ctx):
    with unit_of_work():
        load_regions_csv(GUANGZHOU_CSV)
    top = client.get("/api/v1/regions").json
    assert [r["code"] for r in top] == ["440100"]
    districts = client.get("/api/v1/regions", query_string={"parent_code": "440100"}).json
    assert {"440106", "440104"} <= {r["code"] for r in districts}
    assert all(r["level"] == "district" and r["parent_code"] == "440100" for r in districts)
    streets = client.get("/api/v1/regions", query_string={"level": "street"}).json
    assert all(r["level"] == "street" for r in streets) and len(streets) >= 5
    assert client.get("/api/v1/regions/440106001").json["name"] == "五山街道"
    assert client.get("/api/v1/regions/000000").status_code == 404
    assert client.get("/api/v1/regions", query_string={"parent_code": "abc"}).status_code == 422
