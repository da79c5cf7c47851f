"""Two confirmations of one league import at once (a double click, two tabs): the batch's unique digest lets
exactly one create the leagues; the other is told the file is imported already, and nothing is doubled."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from app.accounts.models import Organisation, User
from app.extensions import db
from app.needs.league_import import COLUMNS
from tests.concurrency.conftest import run_together
from tests.factories import auth, load_regions, make_admin, token_for

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("round_", range(2))
def test_parallel_commits_of_one_preview_create_its_leagues_once(app, postgres_only, round_):
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    for i in range(20):
        workbook.active.append([f"测试团委{i}", f"race-league-{i}", "440106"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with app.app_context():
        load_regions()
        headers = auth(token_for(make_admin()))
    with app.test_client() as client:
        digest = client.post("/api/v1/admin/league-import/preview", headers=headers,
                             content_type="multipart/form-data",
                             data={"file": (io.BytesIO(buffer.getvalue()), "race.xlsx")}).json["token"]

    def confirm(_index):
        with app.test_client() as client:
            return client.post("/api/v1/admin/league-import/commit", headers=headers, json={"token": digest})

    responses = run_together(4, confirm)
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409], [r.json for r in responses]
    assert {r.json["error"] for r in responses if r.status_code == 409} == {"import_already_committed"}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 20
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
            User.username.like("race-league-%"))) == 20
        db.session.remove()
