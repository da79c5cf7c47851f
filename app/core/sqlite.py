"""SQLite (the embedded default) made to behave transactionally like PostgreSQL.

pysqlite delays BEGIN until the first write, so a SAVEPOINT taken before any write starts a
transaction of its own and its RELEASE commits everything — a rolled-back use case would keep its
rows. SQLAlchemy's documented recipe: let SQLAlchemy emit BEGIN itself. Also: foreign keys enforced,
WAL so the worker and web processes read while the other writes, and a busy timeout."""
from __future__ import annotations

import sqlalchemy as sa


def configure_sqlite(engine: sa.Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")
