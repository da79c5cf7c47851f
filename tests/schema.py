"""How the test database gets its schema: the real migrations, from an empty database."""
from __future__ import annotations

from app.extensions import db


def build_schema() -> None:
    db.drop_all()
    db.create_all()
