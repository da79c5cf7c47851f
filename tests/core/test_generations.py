"""Cache generations: an entry is served only while no commit has written the tables it came from."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.core import generations
from app.core.kv import RedisKV
from app.core.unit_of_work import unit_of_work
from app.extensions import db

generations.watch("test-catalogue", {"catalogue_entries"})
KEY = "test:entry"


def _entry(code: str) -> CatalogueEntry:
    return CatalogueEntry(kind=CatalogueKind.SERVICE_ITEM, code=code, name=f"项目{code}", sort_order=1)


def _cache(value) -> None:
    seen = generations.read(["test-catalogue"], [KEY])
    generations.store(seen, {KEY: ("test-catalogue", value)}, ttl=60)


def _served():
    return generations.read(["test-catalogue"], [KEY]).fresh(KEY, "test-catalogue")


@pytest.fixture
def cached(app_ctx):
    with unit_of_work():
        db.session.add(_entry("a"))
    _cache({"n": 1})
    assert _served() == {"n": 1}


def test_a_generation_without_a_token_gets_one_unless_a_commit_set_it_first(app_ctx):
    seen = generations.read(["test-catalogue"], [KEY])
    generations.store(seen, {KEY: ("test-catalogue", {"n": 1})}, ttl=60)
    assert _served() == {"n": 1}
    forget = generations.read(["test-catalogue"], [KEY])
    from flask import current_app

    current_app.extensions["timebank.kv"].delete("gen:test-catalogue")
    late = generations.read(["test-catalogue"], [KEY])  # no token: then a commit sets one
    with unit_of_work():
        db.session.add(_entry("b"))
    generations.store(late, {KEY: ("test-catalogue", {"n": "before the commit"})}, ttl=60)
    assert forget.tokens["test-catalogue"] is not None and _served() is None


@pytest.mark.parametrize("write", [
    lambda: db.session.add(_entry("b")),
    lambda: setattr(db.session.scalars(sa.select(CatalogueEntry)).one(), "name", "改"),
    lambda: db.session.execute(sa.update(CatalogueEntry).values(name="改")),
    lambda: db.session.execute(sa.delete(CatalogueEntry)),
    lambda: db.session.execute(sa.text("UPDATE catalogue_entries SET sort_order = 2")),
], ids=["insert", "orm-change", "update-statement", "delete-statement", "textual-write"])
def test_a_commit_that_wrote_the_tables_makes_the_entry_stale(cached, write):
    with unit_of_work():
        write()
    assert _served() is None


def test_a_write_to_another_table_or_a_rollback_keeps_the_entry(cached):
    from app.accounts.models import User

    with unit_of_work():
        db.session.add(User(real_name="别的表"))
    with pytest.raises(RuntimeError), unit_of_work():
        db.session.add(_entry("c"))
        db.session.flush()
        raise RuntimeError("rolled back")
    assert _served() == {"n": 1}


def test_a_rolled_back_savepoint_does_not_hide_the_outer_write(cached):
    from sqlalchemy.exc import IntegrityError

    with unit_of_work():
        db.session.execute(sa.update(CatalogueEntry).values(name="外层"))
        with pytest.raises(IntegrityError), db.session.begin_nested():
            db.session.execute(sa.text("INSERT INTO catalogue_entries (id) VALUES (NULL)"))
    assert _served() is None


def test_a_value_read_before_a_concurrent_commit_is_never_served(cached):
    seen = generations.read(["test-catalogue"], [KEY])  # a request reads the token, then the database…
    with unit_of_work():  # …while another commits a change
        db.session.execute(sa.update(CatalogueEntry).values(name="新"))
    generations.store(seen, {KEY: ("test-catalogue", {"n": "old"})}, ttl=60)
    assert _served() is None


def test_an_unreachable_store_means_the_database_answers(app, app_ctx):
    real = app.extensions["timebank.kv"]
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # Nothing listens on port 1; no retries, so the refusal is immediate.
    dead = redis.Redis(port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    app.extensions["timebank.kv"] = RedisKV(dead)
    try:
        _cache({"n": 1})
        assert _served() is None
        with unit_of_work():  # the commit stands although the token cannot be replaced
            db.session.add(_entry("d"))
    finally:
        app.extensions["timebank.kv"] = real
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CatalogueEntry)) == 1


def test_a_released_savepoint_renews_nothing_until_the_outer_commit(cached):
    with unit_of_work():
        with db.session.begin_nested():
            db.session.add(_entry("b"))
        assert _served() == {"n": 1}  # released, not committed: a reader may still see the old rows
    assert _served() is None


def test_prefetched_reads_are_answered_without_going_back_to_the_store(cached):
    generations.prefetch(["test-catalogue"], [KEY])
    from flask import current_app

    current_app.extensions["timebank.kv"].delete(KEY)  # the store no longer has it; the prefetched copy does
    assert _served() == {"n": 1}
    # A read the prefetch did not cover goes to the store.
    assert generations.read(["test-catalogue"], [KEY, "test:other"]).fresh(KEY, "test-catalogue") is None


def test_a_commit_in_the_same_request_drops_what_was_prefetched(cached):
    generations.prefetch(["test-catalogue"], [KEY])
    with unit_of_work():
        db.session.add(_entry("d"))
    assert _served() is None  # the request's own write made the prefetched token old
