"""End a request whose transaction only read with COMMIT, not ROLLBACK.

Why: psycopg discards every prepared statement of a connection on ROLLBACK, and a request's session
ends with one (Flask-SQLAlchemy's `session.remove()`). The statements psycopg prepares for the busiest
queries (after five runs on a connection) therefore never lived to the next request, and PostgreSQL
planned the feed's five-join SELECT again on every call. A transaction that only read has nothing to
undo, so COMMIT ends it just as well and keeps the plans; the pool's own reset is then a no-op on an
idle connection (psycopg sends nothing).

A session that flushed, or executed anything but a SELECT, or holds unflushed changes, is left to the
usual ROLLBACK: writes belong in unit_of_work(), and one made outside it must never be committed by
accident here.
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from app.core import generations
from app.extensions import db


def _end_read_only(exc: BaseException | None) -> None:
    if exc is not None or not db.session.registry.has():
        return
    session = db.session()
    if not session.in_transaction() or generations.wrote(session) or session.new or session.dirty or session.deleted:
        return
    try:
        session.commit()
    except SQLAlchemyError:
        session.rollback()


def install(app: Flask) -> None:
    """Call after db.init_app: Flask runs app-context teardowns in reverse order of registration, so
    this one runs before Flask-SQLAlchemy's `session.remove()`."""
    generations.install()  # its session hooks record what this transaction wrote
    app.teardown_appcontext(_end_read_only)
    # Per request, not per application context: tests run many requests inside one context.
    app.teardown_request(generations.forget_prefetched)
