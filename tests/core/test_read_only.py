"""An app context (a request, a task) that only read ends with COMMIT, so psycopg keeps its prepared
statements; one that wrote outside unit_of_work() still ends with ROLLBACK, and nothing it did is kept."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.extensions import db


def _entry(code: str) -> CatalogueEntry:
    return CatalogueEntry(kind=CatalogueKind.SERVICE_ITEM, code=code, name=f"项目{code}", sort_order=1)


def _read():
    db.session.scalar(sa.select(sa.func.count()).select_from(CatalogueEntry))


def _flushed():
    db.session.add(_entry("flushed"))
    db.session.flush()


def _executed():
    db.session.execute(sa.update(CatalogueEntry).values(name="改过"))


def _dirty():
    db.session.scalars(sa.select(CatalogueEntry)).first().name = "没保存"


def _pending():
    db.session.add(_entry("pending"))


def _savepoint_then_read():
    with db.session.begin_nested():
        db.session.add(_entry("nested"))
    _read()


@pytest.fixture
def endings(app):
    with app.app_context():
        db.session.add(_entry("kept"))
        db.session.commit()
        engine = db.engine
    seen = []

    def commit(_conn):
        seen.append("commit")

    def rollback(_conn):
        seen.append("rollback")

    sa.event.listen(engine, "commit", commit)
    sa.event.listen(engine, "rollback", rollback)
    yield seen
    sa.event.remove(engine, "commit", commit)
    sa.event.remove(engine, "rollback", rollback)


def _stored(app) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(sa.select(CatalogueEntry.code, CatalogueEntry.name).order_by(CatalogueEntry.code))
        return [tuple(row) for row in rows]


def test_a_context_that_only_read_ends_with_commit(app, endings):
    with app.app_context():
        _read()
    assert endings == ["commit"]


@pytest.mark.parametrize("work", [_flushed, _executed, _dirty, _pending, _savepoint_then_read])
def test_a_context_that_wrote_outside_a_unit_of_work_is_rolled_back(app, endings, work):
    with app.app_context():
        work()
    assert "commit" not in endings
    assert _stored(app) == [("kept", "项目kept")]


def test_a_failed_context_is_rolled_back_even_if_it_only_read(app, endings):
    with pytest.raises(RuntimeError), app.app_context():
        _read()
        raise RuntimeError("boom")
    assert endings == ["rollback"]
