"""The region loader and the region endpoints."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Region
from app.accounts.regions import GUANGZHOU_CSV, load_regions_csv
from app.core.errors import InvalidInput
from app.core.unit_of_work import unit_of_work
from app.extensions import db


def test_shipped_file_loads_a_consistent_tree_and_reloading_changes_nothing(app_ctx):
    with unit_of_work():
        first = load_regions_csv(GUANGZHOU_CSV)
    with unit_of_work():
        second = load_regions_csv(GUANGZHOU_CSV)
    assert first["created"] > 20 and first["updated"] == 0
    assert second == {"created": 0, "updated": first["created"]}
    regions = {r.code: r for r in db.session.scalars(sa.select(Region))}
    assert len(regions) == first["created"]
    community = regions["440106001001"]
    assert community.path == "/440100/440106/440106001/440106001001/"
    assert regions["440106"].contains(community.path) and not regions["440104"].contains(community.path)


def _write(tmp_path, body):
    path = tmp_path / "regions.csv"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body,needle", [
    ("id,name\n1,x\n", "表头"),
    ("code,name,level,parent_code\n440100,广州市,town,\n", "级别无效"),
    ("code,name,level,parent_code\n440100,广州市,city,\n440106001,五山街道,street,440100\n", "级别不符"),
    ("code,name,level,parent_code\n440106,天河区,district,999999\n", "上级区域缺失"),
])
def test_bad_files_are_refused_with_the_line_and_nothing_is_kept(app_ctx, tmp_path, body, needle):
    with pytest.raises(InvalidInput, match=needle), unit_of_work():
        load_regions_csv(_write(tmp_path, body))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Region)) == 0


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
