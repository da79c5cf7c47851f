"""One transaction per use case: the boundary (a route or a task) owns it, services only flush."""
from __future__ import annotations

from contextlib import contextmanager

from app.extensions import db


@contextmanager
def unit_of_work():
    """Commit when the block succeeds, roll back and re-raise when it fails."""
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
