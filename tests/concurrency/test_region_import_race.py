"""Two region imports at once (PostgreSQL, one connection per thread): the advisory lock serialises them, so the
second plans against what the first wrote. Without it both would plan the same new codes and the second would
die on the unique code (a 500), or a rename and a deactivation would be decided from a stale tree."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts import region_import
from app.accounts.models import Region
from app.accounts.regions import XUZHOU_CSV
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]


@pytest.mark.parametrize("round_", range(4))
def test_the_same_file_imported_twice_at_once_creates_each_region_once(app, app_ctx, round_):
    data = XUZHOU_CSV.read_bytes()

    def work(_index: int):
        with app.app_context():
            try:
                with unit_of_work():
                    result = region_import.commit(data)
                    return len(result.created), result.unchanged
            finally:
                db.session.remove()

    results = run_together(2, work)

    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(results) == [(0, 15), (15, 0)]  # one created everything, the other found it all there
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Region)) == 15
