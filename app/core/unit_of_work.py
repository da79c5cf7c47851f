"""One transaction per use case: the boundary (a route or a task) owns it, services only flush."""
from __future__ import annotations

from contextlib import contextmanager

from app.core.errors import DomainError
from app.extensions import db


@contextmanager
def unit_of_work():
    """Commit when the block succeeds, roll back and re-raise when it fails.

    A refusal that must leave a trace (a replayed refresh token revokes its session before the 401)
    raises a DomainError with `keep_changes = True`: its changes are committed, then it propagates.
    """
    try:
        yield db.session
        db.session.commit()
    except DomainError as exc:
        if exc.keep_changes:
            db.session.commit()
        else:
            db.session.rollback()
        raise
    except BaseException:
        db.session.rollback()
        raise
