"""Every schema change is a migration: the migrated database and the models must agree, and the
migrations must run down and up again."""
from __future__ import annotations

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db


def _diff():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(app_ctx):
    assert _diff() == []


def test_migrations_downgrade_to_nothing_and_back(app_ctx):
    db.session.remove()
    flask_migrate.downgrade(revision="base")
    with db.engine.connect() as conn:
        remaining = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
    assert remaining == set()
    flask_migrate.upgrade()
    assert _diff() == []
