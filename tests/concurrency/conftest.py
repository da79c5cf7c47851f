"""Concurrency tests need real row locks and parallel connections: PostgreSQL (CI runs them there)."""
from __future__ import annotations

import threading

import pytest


@pytest.fixture
def postgres_only(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0].split("+")[0] != "postgresql":
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL (CI does)")


def run_together(count: int, work) -> list:
    """Run `work(index)` in `count` threads released at once by a barrier; return results/exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(index):
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[index] = exc

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return results
