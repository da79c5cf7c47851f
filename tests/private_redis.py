"""A Redis server of one test module's own (a `redis-server` child on a Unix socket), for the tests that
need the cache mirror (app/core/mirror.py) to keep a copy between two calls.

Why not the suite's Redis: client tracking is not per database, so on a shared server every other pytest
worker's write to a `gen:` key and every FLUSHDB that ends another worker's test makes a mirror forget at
an unpredictable moment. On a server nobody else uses, a mirror forgets only what the test itself changed,
and "served without a round trip" can be asserted exactly, once.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """Start a private redis-server and yield its URL (unix://…); stopped (and its folder removed) after."""
    exe = shutil.which("redis-server")
    if exe is None:
        message = "needs `redis-server` on PATH for a Redis server of its own (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI claims to run the mirror tests: a missing server must not pass as a skip
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="tb-redis-"))  # short: a Unix socket path has ~100 bytes at most
    socket_path = folder / "redis.sock"
    process = subprocess.Popen(
        [exe, "--port", "0", "--unixsocket", str(socket_path), "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--loglevel", "notice"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # Redis logs this line once it accepts connections; the output ends if it exits instead. A hang
        # guard only: a server that has said nothing after 30 s is killed, which ends the output.
        guard = threading.Timer(30, process.kill)
        guard.start()
        seen = []
        for line in process.stdout:
            seen.append(line)
            if "ready to accept connections" in line.lower():  # 7.0 and 7.2+ word it differently
                break
        else:
            pytest.fail("redis-server did not start:\n" + "".join(seen[-20:]))
        guard.cancel()
        # Keep reading its output, or a full pipe would block the server.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield f"unix://{socket_path}?db=0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def as_app_store(app, url: str) -> Iterator:
    """The app's key-value store, for the duration, is a RedisKV with a mirror on `url` (emptied first)."""
    from app.core.kv import make_kv

    redis.Redis.from_url(url).flushall()
    kv = make_kv(url, "unused", mirror=True)
    real = app.extensions["timebank.kv"]
    app.extensions["timebank.kv"] = kv
    try:
        yield kv
    finally:
        app.extensions["timebank.kv"] = real
        kv.mirror.close()
        kv.client.close()
