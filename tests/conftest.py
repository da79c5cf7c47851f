"""Shared fixtures. The suite runs on whatever TEST_DATABASE_URL / REDIS_URL name (PostgreSQL and
Redis in CI), else on SQLite and the SQLite key-value store. WeChat is the project's fake server,
started on 127.0.0.1; wechatpy talks to it over real HTTP."""
from __future__ import annotations

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("TIMEBANK_ENV", "test")
if not os.environ.get("TEST_DATABASE_URL"):
    # SQLite default: a private folder per run, so two runs on one machine never share a file.
    _scratch = tempfile.mkdtemp(prefix="timebank-test-")
    os.environ.setdefault("TIMEBANK_INSTANCE_DIR", _scratch)
    os.environ["TEST_DATABASE_URL"] = f"sqlite:///{_scratch}/test.db"

import sqlalchemy as sa


def _per_worker_services() -> None:
    """Under pytest-xdist (`make test` runs one worker per core) each worker gets a database, a Redis
    database and an instance folder (the embedded key-value store) of its own: every test ends by emptying
    them, which would pull the floor from under a test running in another worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, …
    if not worker:
        return
    index = int(worker.removeprefix("gw"))
    # The controller's folder (and its SQLite file, if it made one) came down in the environment: the
    # embedded key-value store lives there and every test empties it, so each worker takes a folder of its
    # own — and, on SQLite, a database file of its own in it.
    mine = tempfile.mkdtemp(prefix=f"timebank-test-{worker}-")
    os.environ["TIMEBANK_INSTANCE_DIR"] = mine
    url = sa.engine.make_url(os.environ["TEST_DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        os.environ["TEST_DATABASE_URL"] = f"sqlite:///{mine}/test.db"
    elif url.get_backend_name() == "postgresql":
        name = f"{url.database}_{worker}"
        admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        os.environ["TEST_DATABASE_URL"] = url.set(database=name).render_as_string(hide_password=False)
    redis_url = os.environ.get("REDIS_URL")
    if redis_url and index:
        # Counting down from the suite's own database number (CI: 15, 14, …), up from 0 if it names none.
        parts = urlsplit(redis_url)
        number = int(parts.path.strip("/") or 0)
        mine = number - index if number - index >= 0 else number + index
        os.environ["REDIS_URL"] = urlunsplit(parts._replace(path=f"/{mine}"))


_per_worker_services()

import pytest  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from fakewechat.server import FakeWeChat  # noqa: E402

# Fails the run when the API answers with an `error` id its OpenAPI spec does not document.
pytest_plugins = ["tests.openapi_error_codes"]

MP_APPID = "wxtestminiprogram"
OA_APPID = "wxtestofficialacc"


@pytest.fixture(scope="session")
def fake_wechat():
    from app.wechat.clients import forget_local_tokens

    # A reset fake forgets every token; the app's in-process token copies must go with them, or each
    # test's first WeChat call would be a rejected one.
    if forget_local_tokens not in FakeWeChat.reset_hooks:
        FakeWeChat.reset_hooks.append(forget_local_tokens)
    server = FakeWeChat(mp_appid=MP_APPID, oa_appid=OA_APPID)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app(fake_wechat, tmp_path_factory):
    app = create_app("test", overrides={
        "WECHAT_API_BASE": fake_wechat.base_url,
        "WECHAT_OAUTH_AUTHORIZE_URL": f"{fake_wechat.base_url}/connect/oauth2/authorize",
        "WECHAT_MP_APPID": MP_APPID,
        "WECHAT_OA_APPID": OA_APPID,
        "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
        "EXPORT_DIR": str(tmp_path_factory.mktemp("exports")),
    })
    with app.app_context():
        from tests.schema import build_schema

        build_schema()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request, fake_wechat):
    """Every test starts from empty tables, an empty key-value store and a fresh fake WeChat."""
    fake_wechat.reset()
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for name in tables:
                    conn.execute(sa.text(f"DELETE FROM {name}"))
        store = app.extensions["timebank.kv"]
        if hasattr(store, "client"):
            store.client.flushdb()
        else:
            store._conn().execute("DELETE FROM kv")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app
        db.session.remove()
