"""This process's own copy of the cache generations' tokens and entries (app.core.generations), so a
request whose reads are all cached makes no Redis round trip at all.

Why: once the token check and the feed's page were cached, the one Redis MGET per API call was the
largest cost left in a busy request (~0.09 ms of a 0.45 ms feed request in-process, and under load the
Redis server's own CPU on the same cores): bench/README.md "feed".

How it stays as exact as reading Redis on every request:
- Redis says when a token changes. The mirror's own connection turns on server-assisted tracking in
  broadcast mode for the `gen:` prefix, redirected to itself (`CLIENT TRACKING ON REDIRECT <own id>
  BCAST PREFIX gen:`), and subscribes to `__redis__:invalidate`. Every change to a `gen:` key — a
  commit's renewal, a DEL, an expiry — sends the key's name, FLUSHDB/FLUSHALL send "everything". Redis
  writes broadcast messages out before the replies of the same event-loop turn, so once a commit's renewal
  has returned, the message is already in every process's socket (on loopback: 0 late of 2,000 SETs and
  2,000 DELs, polled the instant the reply arrived; the tests repeat it). A FLUSHDB's message is sent
  during the command instead and can trail its reply by microseconds (22 of 2,000 were not there yet).
- Before every use the mirror applies whatever is waiting on that socket (a non-blocking poll, ~2 µs),
  under one lock, so no thread is served a token whose change has reached this process.
- A token read from Redis is kept only if no message about its generation was applied while the read was
  in flight (a count per generation): otherwise a token older than that message could be kept.
- Entries need no tracking: each carries the token it was computed under and is served only while that
  token is current — the rule generations already applies to what it reads from Redis.
- The committing process forgets the tokens it renews itself, without waiting for the message.
- If the connection fails the mirror forgets everything and answers nothing (reads go to Redis, as
  before) until it has subscribed again, tried at most once a second. A connection that dies without
  closing (a half-open TCP connection delivers nothing and reports nothing) is found by a heartbeat: a
  PING a second on the subscription, and a mirror whose PING has gone a second without its answer
  forgets everything, so such a failure can hide a change for about two seconds, not longer.
  A forked child starts empty.
Bounds: tokens and entries are kept at most `seconds` (the entries' time-to-live in Redis) and at most
`max_entries` entries (all dropped when full); the mirror is only ever a shortcut to what Redis holds.
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable

import redis

log = logging.getLogger(__name__)
PREFIX = "gen:"
_CHANNEL = "__redis__:invalidate"
_FAILURES = (redis.RedisError, OSError)

_MIRRORS: weakref.WeakSet[Mirror] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    # A thread of the parent may have held a mirror's lock at the fork; that thread does not exist in the
    # child, so the lock would never be released there. (The copies themselves are dropped by `_ready`.)
    for mirror in list(_MIRRORS):
        mirror._lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


class Mirror:
    def __init__(self, connect: Callable[[], redis.Connection], *, seconds: float = 60.0, max_entries: int = 4096,
                 retry_seconds: float = 1.0, heartbeat_seconds: float = 1.0):
        self._connect = connect
        self._seconds, self._max_entries, self._retry_seconds = seconds, max_entries, retry_seconds
        self._heartbeat = heartbeat_seconds
        self._ping_due = 0.0
        self._pinged: float | None = None  # when the PING still unanswered was sent
        self.name = ""  # the subscription's CLIENT SETNAME, to find it in CLIENT LIST
        self._refused = False  # the server refused tracking: stay off
        self._lock = threading.Lock()
        self._conn: redis.Connection | None = None
        self._pid = os.getpid()
        self._retry_at = 0.0
        self._tokens: dict[str, tuple[str, float]] = {}  # generation -> (token, kept until)
        self._entries: dict[str, tuple[dict, float]] = {}  # key -> (decoded {"g": token, "v": value}, kept until)
        self._changes: dict[str, int] = {}  # generation -> messages applied about it
        self._epoch = 0  # bumped whenever everything is forgotten
        _MIRRORS.add(self)

    # -- reads ----------------------------------------------------------------------------------------
    def read(self, generations: list[str], keys: list[str]) -> tuple[tuple[dict, dict] | None, tuple | None]:
        """((tokens, entries), None) when every token and entry is held and current; otherwise
        (None, mark), where `mark` goes back to `keep` with what Redis answered (None: keep nothing).
        Entries are shared between requests: read them, never change them."""
        with self._lock:
            if not self._ready():
                return None, None
            now = time.monotonic()
            tokens = {}
            for name in generations:
                held = self._tokens.get(name)
                if held is None or held[1] < now:
                    return None, self._mark(generations)
                tokens[name] = held[0]
            current, entries = set(tokens.values()), {}
            for key in keys:
                held = self._entries.get(key)
                # An entry under an older token is a miss here: Redis may hold a newer one.
                if held is None or held[1] < now or held[0].get("g") not in current:
                    return None, self._mark(generations)
                entries[key] = held[0]
            return (tokens, entries), None

    def keep(self, mark: tuple | None, generations: list[str], tokens: dict[str, str | None],
             entries: dict[str, dict | None]) -> None:
        """Keep what a read of Redis answered (see `read` for `mark`)."""
        if mark is None:
            return
        epoch, counts = mark
        with self._lock:
            if self._conn is None or epoch != self._epoch:
                return
            until = time.monotonic() + self._seconds
            for name, count in zip(generations, counts, strict=True):
                if tokens.get(name) is not None and self._changes.get(name, 0) == count:
                    self._tokens[name] = (tokens[name], until)
            self._keep_entries(entries, until)

    def keep_entries(self, entries: dict[str, dict]) -> None:
        """Keep entries this process has just stored in Redis (in the form a read of them decodes to)."""
        with self._lock:
            if self._conn is not None:
                self._keep_entries(entries, time.monotonic() + self._seconds)

    def forget(self, generations: list[str]) -> None:
        """This process has renewed these tokens: drop its copies now, not when Redis's message arrives."""
        with self._lock:
            for name in generations:
                self._drop(name)

    # -- under the lock ---------------------------------------------------------------------------------
    def _mark(self, generations: list[str]) -> tuple:
        return self._epoch, tuple(self._changes.get(name, 0) for name in generations)

    def _keep_entries(self, entries: dict[str, dict | None], until: float) -> None:
        for key, entry in entries.items():
            if entry is None:
                continue
            if len(self._entries) >= self._max_entries and key not in self._entries:
                self._entries.clear()
            self._entries[key] = (entry, until)

    def _drop(self, name: str) -> None:
        self._tokens.pop(name, None)
        self._changes[name] = self._changes.get(name, 0) + 1

    def _drop_all(self) -> None:
        self._tokens.clear()
        self._entries.clear()
        self._epoch += 1

    def _ready(self) -> bool:
        """Subscribed, with every message waiting on the socket applied."""
        if self._pid != os.getpid():  # a forked child: the parent's socket and copies are not its own
            self._pid, self._conn = os.getpid(), None
            self._drop_all()
        if self._conn is None and not self._subscribe():
            return False
        try:
            while self._conn.can_read(timeout=0):
                self._apply(self._conn.read_response())
            now = time.monotonic()
            if self._pinged is not None and now - self._pinged > self._heartbeat:
                raise redis.ConnectionError(f"no answer to a PING for {self._heartbeat} s")
            if self._pinged is None and now >= self._ping_due:
                self._conn.send_command("PING")
                self._pinged = now
        except _FAILURES:
            log.warning("cache mirror lost its Redis connection; reading Redis until it is back", exc_info=True)
            self._close()
            return False
        return True

    def _subscribe(self) -> bool:
        now = time.monotonic()
        if self._refused or now < self._retry_at:
            return False
        conn = None
        try:
            conn = self._connect()
            conn.connect()
            name = f"timebank-mirror-{os.getpid()}-{id(self):x}"
            conn.send_command("CLIENT", "SETNAME", name)
            conn.read_response()
            conn.send_command("CLIENT", "ID")
            own_id = conn.read_response()
            conn.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", own_id, "BCAST", "PREFIX", PREFIX)
            conn.read_response()
            conn.send_command("SUBSCRIBE", _CHANNEL)
            conn.read_response()
        except redis.ResponseError:
            # The server refuses (no CLIENT TRACKING before Redis 6, or an ACL without CLIENT): that will
            # not change by retrying, so the mirror stays off and every read goes to Redis.
            log.warning("cache mirror off: Redis refused client tracking", exc_info=True)
            conn.disconnect()
            self._refused = True
            return False
        except _FAILURES:
            log.warning("cache mirror could not subscribe to Redis invalidations; retrying in %ss",
                        self._retry_seconds, exc_info=True)
            if conn is not None:
                conn.disconnect()
            self._retry_at = now + self._retry_seconds
            return False
        self._conn, self.name = conn, name
        self._pinged, self._ping_due = None, now + self._heartbeat
        self._drop_all()  # whatever changed while nobody listened
        return True

    def _apply(self, message) -> None:
        if isinstance(message, list) and message and message[0] == b"pong":
            self._pinged, self._ping_due = None, time.monotonic() + self._heartbeat
            return
        if not isinstance(message, list) or len(message) != 3 or message[0] != b"message":
            return  # a subscription confirmation
        keys = message[2]
        if keys is None:  # FLUSHDB / FLUSHALL
            self._drop_all()
            return
        for key in keys:
            name = key.decode()
            if name.startswith(PREFIX):
                self._drop(name[len(PREFIX):])

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(*_FAILURES):
                self._conn.disconnect()
        self._conn = None
        self._retry_at = time.monotonic() + self._retry_seconds
        self._drop_all()

    def close(self) -> None:
        with self._lock:
            self._close()
            self._retry_at = 0.0


def connector(client: redis.Redis) -> Callable[[], redis.Connection]:
    """A plain RESP2 connection like the client's own (same class, server, database, credentials, TLS),
    for the mirror's subscription: the invalidation messages then arrive as ordinary pub/sub messages,
    whatever protocol the pool speaks. No retries and a short connect timeout: a request thread makes it."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    pool = client.connection_pool
    skipped = ("decode_responses", "health_check_interval", "himport_registry", "protocol", "retry",
               "socket_timeout", "socket_connect_timeout")
    wanted = {k: v for k, v in pool.connection_kwargs.items()
              if k not in skipped and not k.startswith(("maint_notifications", "orig_"))}

    def connect() -> redis.Connection:
        return pool.connection_class(**wanted, protocol=2, socket_connect_timeout=0.5, socket_timeout=5,
                                     retry=Retry(NoBackoff(), 0))

    return connect
