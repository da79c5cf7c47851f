"""Small persistence helpers shared by services."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app.core.errors import DomainError
from app.extensions import db

T = TypeVar("T")


def insert_unique(obj: T, conflict: DomainError) -> T:
    """Insert in a savepoint; a unique-constraint clash becomes `conflict` and leaves the rest of the
    transaction usable. The constraint decides, not a prior SELECT, so concurrent inserts are safe."""
    try:
        with db.session.begin_nested():
            db.session.add(obj)
    except IntegrityError as exc:
        raise conflict from exc
    return obj


def upsert_insert(model):
    """An INSERT that takes ON CONFLICT clauses, for the dialect in use (PostgreSQL, or the embedded
    SQLite default)."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
