"""The cache mirror (app/core/mirror.py): a process's copy of the cache generations is never served after
a change has reached Redis, whoever made it.

Redis tracking is not per database, so on the suite's Redis the other pytest workers' writes and FLUSHDBs
would also make a mirror forget at moments nobody controls. These tests therefore run on a Redis server of
this module's own (tests/private_redis.py), installed as the app's store: a copy is forgotten only when the
test changes something, and every assertion, "served without Redis" included, is exact and made once.
"""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.core import generations
from app.core.kv import RedisKV, make_kv
from app.core.mirror import Mirror, connector
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.observe import redis_commands
from tests.private_redis import as_app_store, redis_server

generations.watch("test-mirror", {"catalogue_entries"})
KEY = "test:mirror-entry"


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture
def redis_kv(app, redis_url):
    """This process's store (with its mirror), on the private server, emptied first."""
    with as_app_store(app, redis_url) as kv:
        yield kv


@pytest.fixture
def other(redis_url, redis_kv):
    """A second process's store: its own client and its own mirror on the same Redis database."""
    kv = make_kv(redis_url, "unused", mirror=True)
    yield kv
    kv.mirror.close()
    kv.client.close()


def _in(app, kv, fn):
    """Run fn with `kv` as the app's store (a read or write made by that process)."""
    real = app.extensions["timebank.kv"]
    app.extensions["timebank.kv"] = kv
    try:
        return fn()
    finally:
        app.extensions["timebank.kv"] = real


def _cache(value) -> None:
    seen = generations.read(["test-mirror"], [KEY])
    generations.store(seen, {KEY: ("test-mirror", value)}, ttl=60)


def _served():
    return generations.read(["test-mirror"], [KEY]).fresh(KEY, "test-mirror")


def _entry(code: str) -> CatalogueEntry:
    return CatalogueEntry(kind=CatalogueKind.SERVICE_ITEM, code=code, name=f"项目{code}", sort_order=1)


def _hit_without_redis(app, kv, monkeypatch, value) -> bool:
    """Cache `value` through `kv`, then read it back: True if the read was answered without any Redis command."""
    sent = redis_commands(kv, monkeypatch)
    _in(app, kv, lambda: _cache(value))
    _in(app, kv, _served)  # a first read keeps the token
    sent.clear()
    return _in(app, kv, _served) == value and not sent


def test_a_repeated_read_is_answered_by_the_mirror_without_redis(app, app_ctx, other, monkeypatch):
    assert _hit_without_redis(app, other, monkeypatch, {"n": 1})


def test_a_commit_in_another_process_is_seen_at_once(app, app_ctx, redis_kv, other, monkeypatch):
    """`other` holds the token and entry in its mirror; this process commits a change to the table; the
    very next read in `other` (no wait) must not serve the old entry. Repeated, to give a race its chances."""
    sent = redis_commands(other, monkeypatch)
    for round_ in range(200):
        _in(app, other, lambda r=round_: _cache({"n": r}))
        _in(app, other, _served)
        sent.clear()
        assert _in(app, other, _served) == {"n": round_} and sent == [], round_  # the mirror alone answered
        with unit_of_work():
            db.session.add(_entry(f"c{round_}"))
        assert _in(app, other, _served) is None, round_


@pytest.mark.parametrize("change", ["delete", "set", "flushdb", "expire"])
def test_any_change_to_a_token_in_redis_reaches_the_mirror(app, app_ctx, other, change, monkeypatch):
    assert _hit_without_redis(app, other, monkeypatch, {"n": 1})  # the mirror holds the copy the change must end
    client = other.client
    if change == "delete":
        client.delete("gen:test-mirror")
    elif change == "set":
        client.set("gen:test-mirror", "another")
    elif change == "flushdb":
        client.flushdb()
        # Unlike a key's change, a flush's message can trail the FLUSHDB reply by microseconds
        # (app/core/mirror.py). A key change's message is out before its reply, and both travel on the
        # mirror's one connection in order: once this SET has answered, the flush's message has arrived too.
        client.set("gen:fence", "after-the-flush")
    else:
        client.pexpire("gen:test-mirror", 1)
        import time

        time.sleep(0.05)  # Redis expires lazily or within its 100 ms cycle; a read of the key expires it now
        assert client.get("gen:test-mirror") is None
    assert _in(app, other, _served) is None


def test_a_token_read_while_its_change_arrived_is_not_kept(redis_kv):
    """A read of Redis marks where the mirror stood; a message applied before the answer is kept means the
    answer may be older than the change, so it is dropped."""
    mirror = Mirror(connector(redis_kv.client))
    try:
        held, mark = mirror.read(["race"], [])
        assert held is None and mark is not None
        redis_kv.client.set("gen:race", "new")  # the change (and its message) lands while "old" is in flight
        assert mirror.read(["race"], [])[0] is None  # applies the message
        mirror.keep(mark, ["race"], {"race": "old"}, {})
        assert mirror.read(["race"], [])[0] is None
        # Without a change in between, a read is kept.
        _, mark = mirror.read(["race"], [])
        mirror.keep(mark, ["race"], {"race": "new"}, {})
        held, _ = mirror.read(["race"], [])
        assert held[0] == {"race": "new"}
    finally:
        mirror.close()


def test_an_entry_under_an_older_token_is_a_miss(redis_kv):
    mirror = Mirror(connector(redis_kv.client))
    try:
        _, mark = mirror.read(["g1"], ["k"])
        mirror.keep(mark, ["g1"], {"g1": "t2"}, {"k": {"g": "t1", "v": 1}})
        assert mirror.read(["g1"], ["k"])[0] is None
    finally:
        mirror.close()


def test_forget_drops_a_token_at_once(redis_kv):
    """What a committing process calls after renewing tokens: its own reads must not wait for the message."""
    mirror = Mirror(connector(redis_kv.client))
    try:
        _, mark = mirror.read(["own"], [])
        mirror.keep(mark, ["own"], {"own": "t"}, {})
        mirror.forget(["own"])
        assert mirror.read(["own"], [])[0] is None
        mirror.keep(mark, ["own"], {"own": "t"}, {})  # a read that began before the forget is not kept
        assert mirror.read(["own"], [])[0] is None
    finally:
        mirror.close()


def test_a_commit_is_seen_at_once_by_the_committing_process(app, app_ctx, redis_kv):
    for round_ in range(50):
        _cache({"n": round_})
        assert _served() == {"n": round_}
        with unit_of_work():
            db.session.add(_entry(f"own{round_}"))
        assert _served() is None


def _kill_subscription(kv) -> None:
    import time

    name = kv.mirror.name
    for client in kv.client.client_list(_type="pubsub"):
        if client.get("name") == name:
            kv.client.client_kill_filter(_id=client["id"])
    deadline = time.monotonic() + 5
    while any(c.get("name") == name for c in kv.client.client_list(_type="pubsub")):
        assert time.monotonic() < deadline, "Redis did not close the subscription"
        time.sleep(0.01)


def test_a_lost_connection_forgets_everything_and_subscribes_again(app, app_ctx, redis_url, redis_kv, monkeypatch):
    import redis

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    kv = RedisKV(client, Mirror(connector(client), retry_seconds=0))
    try:
        _in(app, kv, lambda: _cache({"n": 1}))
        _in(app, kv, _served)
        _kill_subscription(kv)
        # While nobody listened, a change: the mirror must not serve from before it.
        client.set("gen:test-mirror", "changed-while-away")
        assert _in(app, kv, _served) is None
        assert _hit_without_redis(app, kv, monkeypatch, {"n": 2})  # subscribed again
    finally:
        kv.mirror.close()
        client.close()


class _Proxy:
    """A TCP relay to Redis (on its Unix socket) that can go silent without closing anything (a half-open
    connection)."""

    def __init__(self, path: str):
        import socket
        import threading

        self.target, self.silent = path, threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import socket
        import threading

        while True:
            try:
                inner, _ = self.server.accept()
            except OSError:
                return
            outer = socket.socket(socket.AF_UNIX)
            outer.connect(self.target)
            for a, b in ((inner, outer), (outer, inner)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source, sink):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            if not self.silent.is_set():
                sink.sendall(data)

    def close(self):
        self.server.close()


class _Clock:
    """The mirror's clock (its module's `time`), moved by the test: the heartbeat is a matter of time, and
    a real clock would let a slow machine send the first PING before the connection goes silent."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_a_silent_subscription_is_given_up_after_the_heartbeat(app, redis_kv, monkeypatch):
    """A subscription that stops answering (a half-open connection) stops the mirror within two heartbeats."""
    import redis

    from app.core import mirror as mirror_module

    clock = _Clock()
    monkeypatch.setattr(mirror_module, "time", clock)
    proxy = _Proxy(redis_kv.client.connection_pool.connection_kwargs["path"])
    mirror = Mirror(lambda: redis.Connection(host="127.0.0.1", port=proxy.port, protocol=2),
                    heartbeat_seconds=1, retry_seconds=60)
    try:
        _, mark = mirror.read(["quiet"], [])  # subscribed; the first PING is due a heartbeat later
        mirror.keep(mark, ["quiet"], {"quiet": "t"}, {})
        assert mirror.read(["quiet"], [])[0][0] == {"quiet": "t"}
        proxy.silent.set()
        clock.now += 1
        assert mirror.read(["quiet"], [])[0][0] == {"quiet": "t"}  # the heartbeat's PING goes out…
        clock.now += 0.5
        assert mirror.read(["quiet"], [])[0][0] == {"quiet": "t"}  # …may take up to a heartbeat…
        clock.now += 0.6
        assert mirror.read(["quiet"], []) == (None, None)  # …then, unanswered: everything forgotten
    finally:
        mirror.close()
        proxy.close()


def test_an_unreachable_redis_is_not_an_error(app, redis_kv):
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    dead = redis.Redis(port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    mirror = Mirror(connector(dead))
    held, mark = mirror.read(["x"], ["k"])
    assert held is None and mark is None
    mirror.keep(mark, ["x"], {"x": "t"}, {"k": {"g": "t", "v": 1}})
    assert mirror.read(["x"], ["k"]) == (None, None)


def _exit_code(pid: int, within: float) -> int | None:
    """The child's exit code, or None (and the child killed) if it has not ended in time: a deadlock."""
    import signal
    import time

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def test_a_forked_child_starts_empty_even_if_a_thread_held_the_lock(redis_kv):
    import threading

    mirror = Mirror(connector(redis_kv.client))
    try:
        _, mark = mirror.read(["fork"], [])
        mirror.keep(mark, ["fork"], {"fork": "t"}, {})
        # Another thread is inside the mirror at the moment of the fork (gunicorn --preload, Celery prefork).
        inside, release = threading.Event(), threading.Event()

        def busy():
            with mirror._lock:
                inside.set()
                release.wait(5)

        holder = threading.Thread(target=busy)
        holder.start()
        inside.wait(5)
        pid = os.fork()
        if pid == 0:  # the child: the parent's copies, socket and lock holder are not its own
            held, _ = mirror.read(["fork"], [])
            os._exit(0 if held is None else 1)
        release.set()
        holder.join()
        assert _exit_code(pid, within=10) == 0

    finally:
        mirror.close()


def test_the_mirror_is_bounded(redis_kv):
    mirror = Mirror(connector(redis_kv.client), max_entries=3)
    try:
        _, mark = mirror.read(["b"], [])
        mirror.keep(mark, ["b"], {"b": "t"}, {f"k{i}": {"g": "t", "v": i} for i in range(5)})
        assert mirror.read(["b"], [f"k{i}" for i in range(5)])[0] is None  # not all five are kept
        held, _ = mirror.read(["b"], ["k4"])
        assert held[1] == {"k4": {"g": "t", "v": 4}}  # the newest is
    finally:
        mirror.close()


def test_without_the_mirror_every_read_goes_to_redis(app, app_ctx, redis_url, redis_kv, monkeypatch):
    plain = make_kv(redis_url, "unused", mirror=False)
    try:
        sent = redis_commands(plain, monkeypatch)
        _in(app, plain, lambda: _cache({"n": 1}))
        _in(app, plain, _served)
        sent.clear()
        assert _in(app, plain, _served) == {"n": 1} and sent == ["MGET"]
    finally:
        plain.client.close()


def test_the_table_rows_are_what_a_miss_reads(app, app_ctx, other):
    """End to end through a real table: `other` answers from its copy until this process writes the table."""
    with unit_of_work():
        db.session.add(_entry("a"))

    def names():
        seen = generations.read(["test-mirror"], [KEY])
        value = seen.fresh(KEY, "test-mirror")
        if value is None:
            value = sorted(db.session.scalars(sa.select(CatalogueEntry.code)))
            generations.store(seen, {KEY: ("test-mirror", value)}, ttl=60)
        return value

    assert _in(app, other, names) == ["a"]
    with unit_of_work():
        db.session.add(_entry("b"))
    assert _in(app, other, names) == ["a", "b"]


def test_a_redis_that_refuses_tracking_turns_the_mirror_off(redis_kv):
    """A server that refuses CLIENT (an ACL without it here; Redis before 6 has no tracking) will not change
    its mind: the mirror stays off, without retrying, and reads go to Redis."""
    import redis

    user = f"timebank-no-client-{os.getpid()}"
    redis_kv.client.acl_setuser(user, enabled=True, passwords=["+pw"], keys=["*"], channels=["*"],
                                commands=["+@all", "-client"])
    source = redis_kv.client.connection_pool.connection_kwargs
    opened = []

    def connect():
        opened.append(1)
        return redis.UnixDomainSocketConnection(path=source["path"], db=source["db"], username=user,
                                                password="pw", protocol=2)

    mirror = Mirror(connect, retry_seconds=0)
    try:
        assert mirror.read(["x"], []) == (None, None)
        assert mirror.read(["x"], []) == (None, None)
        assert len(opened) == 1
    finally:
        mirror.close()
        redis_kv.client.acl_deluser(user)
