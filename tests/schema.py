"""How the test database gets its schema: the real migrations, from an empty database."""
from __future__ import annotations

import flask_migrate
import sqlalchemy as sa

from app.extensions import db


def wipe() -> None:
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        else:
            meta = sa.MetaData()
            meta.reflect(bind=conn)
            meta.drop_all(bind=conn)


def build_schema() -> None:
    db.session.remove()
    wipe()
    flask_migrate.upgrade()
