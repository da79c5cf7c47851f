"""Rows of every table, taken once and put back before each test that needs the same starting world.

The permission matrix runs more than a thousand cases, each from the same world (regions, a dozen
organisations and accounts with tokens, an upload, an inbox item). Building it costs ~0.3 s (password
hashes, sessions, one commit per object); putting its few hundred rows back after the per-test truncation
costs a few milliseconds. Ids are kept, so the tokens signed for the first build stay valid.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db


def take() -> dict[str, list[dict]]:
    with db.engine.connect() as conn:
        return {table.name: [dict(row) for row in conn.execute(sa.select(table)).mappings()]
                for table in db.metadata.sorted_tables}


def restore(rows: dict[str, list[dict]]) -> None:
    with db.engine.begin() as conn:
        for table in db.metadata.sorted_tables:
            if rows.get(table.name):
                conn.execute(sa.insert(table), rows[table.name])
        if conn.dialect.name == "postgresql":
            # The truncation restarted the id sequences; continue them after the restored ids.
            for table in db.metadata.sorted_tables:
                if "id" in table.c and isinstance(table.c.id.type, sa.Integer) and rows.get(table.name):
                    conn.execute(sa.text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :n)"),
                                 {"t": table.name, "n": max(row["id"] for row in rows[table.name])})
