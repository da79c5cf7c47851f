"""Cache generations: read-through caches that are never stale after a commit.

A cache entry is stored with the *generation* of the tables it was computed from: a random token kept in
the key-value store under `gen:<name>`. Every commit that changed one of a generation's tables replaces
its token (after the commit, in the same process), so an entry computed before the change no longer
matches and is recomputed. Nothing is ever invalidated key by key, and no code path has to remember to do
it: the session hooks below see every write that goes through the SQLAlchemy session (ORM flushes,
UPDATE/DELETE/INSERT statements; a textual statement that is not a SELECT counts as touching every
table), which is every write this application makes.

Reads take the generation tokens and the entries in one round trip (`read`). A request may gather every
read it will make into that one round trip up front (`prefetch`, called by the token check with the keys
the view declares): later reads of those keys are then answered from what was fetched, until the request
commits a write (its own commit makes the fetched tokens old). `store` writes an entry
only under the token it read *before* querying the database, so a value computed from a state that a
concurrent commit has since replaced is stored under the old token and never served. If the store is
unreachable the caches are bypassed (the database answers); if it fails while a commit replaces a token,
entries computed earlier can live until their time-to-live (kept short) — logged.
"""
from __future__ import annotations

import logging
import secrets
import sqlite3
from dataclasses import dataclass

import orjson
import redis
import sqlalchemy as sa
from flask import current_app, has_app_context

from app.extensions import db

log = logging.getLogger(__name__)
_TOUCHED = "timebank.touched_tables"
_EVERY_TABLE = "*"
WATCHED: dict[str, frozenset[str]] = {}
STORE_ERRORS = (redis.RedisError, sqlite3.Error, OSError)


def watch(name: str, tables: set[str]) -> None:
    """Declare a generation: entries of `name` depend on these tables."""
    WATCHED[name] = frozenset(tables)


def _key(name: str) -> str:
    return f"gen:{name}"


def _kv():
    return current_app.extensions["timebank.kv"]


@dataclass
class Snapshot:
    """What one read saw: the generation tokens and the cached entries (decoded)."""
    tokens: dict[str, str | None]
    entries: dict[str, dict | None]

    def fresh(self, key: str, generation: str) -> dict | None:
        """The entry's value if it was stored under the generation's current token. The value may be shared
        with other requests of this process (app/core/mirror.py): read it, never change it."""
        entry = self.entries.get(key)
        token = self.tokens.get(generation)
        if entry is None or token is None or entry.get("g") != token:
            return None
        return entry["v"]


_PREFETCHED = "timebank.prefetched"


def prefetch(generations: list[str], keys: list[str]) -> None:
    """Read these generations and entries now, in one round trip, for the reads this request will make.
    Kept on the request's session (one per application context) until the request ends or commits a write.
    When this process's mirror (app/core/mirror.py) holds them all, nothing is kept: the later reads ask
    the mirror again, which costs less than opening a session the request would otherwise not need."""
    snapshot, from_mirror = _fetch(generations, keys)
    if not from_mirror:
        db.session.info[_PREFETCHED] = snapshot


def read(generations: list[str], keys: list[str]) -> Snapshot:
    ahead: Snapshot | None = None
    if has_app_context() and db.session.registry.has():
        ahead = db.session.info.get(_PREFETCHED)
    if ahead is not None and all(n in ahead.tokens for n in generations) and all(k in ahead.entries for k in keys):
        return Snapshot({n: ahead.tokens[n] for n in generations}, {k: ahead.entries[k] for k in keys})
    return _fetch(generations, keys)[0]


def forget_prefetched(_exc: BaseException | None = None) -> None:
    """Drop what the request fetched ahead (at its end: `teardown_request`; after its own commit)."""
    if has_app_context() and db.session.registry.has():
        db.session.info.pop(_PREFETCHED, None)


def _fetch(generations: list[str], keys: list[str]) -> tuple[Snapshot, bool]:
    """What the store holds, and whether this process's mirror answered it all without a round trip."""
    kv = _kv()
    mirror = getattr(kv, "mirror", None)  # this process's copy (app/core/mirror.py), when the store has one
    mark = None
    if mirror is not None:
        held, mark = mirror.read(generations, keys)
        if held is not None:
            return Snapshot(*held), True
    try:
        values = kv.mget([_key(name) for name in generations] + keys)
    except STORE_ERRORS:  # an unreachable cache means "ask the database", not an error
        log.warning("cache store unreachable; reading from the database", exc_info=True)
        return Snapshot(dict.fromkeys(generations), dict.fromkeys(keys)), False
    tokens = dict(zip(generations, values[:len(generations)], strict=True))
    entries = {key: _decode(raw) for key, raw in zip(keys, values[len(generations):], strict=True)}
    if mirror is not None:
        mirror.keep(mark, generations, tokens, entries)
    return Snapshot(tokens, entries), False


def _decode(raw: str | None) -> dict | None:
    try:
        return orjson.loads(raw) if raw else None
    except ValueError:
        return None


def store(snapshot: Snapshot, items: dict[str, tuple[str, object]], ttl: int) -> None:
    """Store {key: (generation, value)} under the tokens the snapshot read. A generation that had no token
    gets one now (SET NX) and the value is stored under it: a commit that changed the tables after our
    database read replaces that token after its commit, so the entry is never served; if such a commit
    already set a token, NX fails and nothing is stored this time."""
    writes, kv = {}, _kv()
    try:
        for key, (generation, value) in items.items():
            token = snapshot.tokens.get(generation)
            if token is None:
                token = secrets.token_hex(8)
                if not kv.set(_key(generation), token, ex=_TOKEN_TTL, nx=True):
                    continue
                snapshot.tokens[generation] = token
            writes[key] = orjson.dumps({"g": token, "v": value}).decode()
        if writes:
            kv.set_many(writes, ex=ttl)
            if getattr(kv, "mirror", None) is not None:
                kv.mirror.keep_entries({key: _decode(raw) for key, raw in writes.items()})
    except STORE_ERRORS:
        log.warning("cache store unreachable; entry not stored", exc_info=True)


# -- the session hooks: which tables did this transaction write? ---------------------------------------
def _touch(session, tables) -> None:
    session.info.setdefault(_TOUCHED, set()).update(tables)


def _after_flush(session, _context) -> None:
    _touch(session, {obj.__table__.name for obj in (*session.new, *session.dirty, *session.deleted)
                     if hasattr(obj, "__table__")})


def _on_execute(state) -> None:
    if state.is_select:
        return
    table = getattr(state.statement, "table", None)
    _touch(state.session, {table.name} if isinstance(table, sa.Table) else {_EVERY_TABLE})


def wrote(session) -> bool:
    """Whether the session's current transaction has written anything (a flush, or any statement that is
    not a SELECT): also what app/core/read_only.py asks before ending a request with COMMIT."""
    return bool(session.info.get(_TOUCHED))


def _after_commit(session) -> None:
    # SQLAlchemy also dispatches this when a savepoint is released: its writes are not committed yet,
    # so the outer transaction keeps them to announce at its own commit.
    if session.in_nested_transaction():
        return
    touched = session.info.pop(_TOUCHED, None)
    if not touched:
        return
    session.info.pop(_PREFETCHED, None)  # what this request fetched before its own write may be stale now
    names = [name for name, tables in WATCHED.items() if _EVERY_TABLE in touched or tables & touched]
    if not names:
        return
    kv = _kv()
    try:
        kv.set_many({_key(name): secrets.token_hex(8) for name in names}, ex=_TOKEN_TTL)
    except STORE_ERRORS:  # the commit stands; entries age out within their ttl
        log.error("could not renew cache generations %s after a commit", names, exc_info=True)
    finally:
        # After the renewal, so no read in this process can keep the old token after this line.
        if getattr(kv, "mirror", None) is not None:
            kv.mirror.forget(names)


def _after_transaction_end(session, transaction) -> None:
    # Only the outermost transaction's end forgets: a rolled-back savepoint leaves the outer
    # transaction's writes (and its own, counted conservatively) to be announced at its commit.
    if transaction.parent is None:
        session.info.pop(_TOUCHED, None)


# A token outlives every entry stored under it; when it expires, the next read creates a new one.
_TOKEN_TTL = 7 * 24 * 3600


def install() -> None:
    if sa.event.contains(db.session, "after_commit", _after_commit):
        return
    sa.event.listen(db.session, "after_flush", _after_flush)
    sa.event.listen(db.session, "do_orm_execute", _on_execute)
    sa.event.listen(db.session, "after_commit", _after_commit)
    sa.event.listen(db.session, "after_transaction_end", _after_transaction_end)
