"""Fixtures for the reliability tests: real Celery workers (subprocesses, always cleaned up) and a broker
client that sends tasks the way beat and the publishers do."""
from __future__ import annotations

import uuid

import pytest
from celery import Celery

from tests.reliability.support import RefusingBroker, Worker, process_env


@pytest.fixture
def queue() -> str:
    """A queue of this test's own, so nothing a crashed earlier run left in Redis reaches its workers."""
    return f"reliability-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def workers(app, fake_wechat, tmp_path):
    """start(queues, concurrency=2, **settings) -> Worker. Every worker still running when the test ends
    (passed or failed) is killed with its process group."""
    started: list[Worker] = []

    def start(queues: str, concurrency: int = 2, **settings) -> Worker:
        env = process_env(app, fake_wechat, tmp_path, **settings)
        worker = Worker(env, queues, concurrency, tmp_path / f"worker-{len(started) + 1}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.alive:
            worker.kill()


@pytest.fixture
def broker(app):
    """A Celery client on the test's Redis: send(task_name, queue) puts one task message on the broker."""
    client = Celery("reliability-client", broker=app.config["REDIS_URL"], set_as_current=False)
    client.conf.update(task_ignore_result=True, broker_connection_retry_on_startup=False)

    class Broker:
        @staticmethod
        def send(name: str, queue: str) -> None:
            client.send_task(name, queue=queue)

    yield Broker()
    client.close()


@pytest.fixture
def down_broker():
    """A broker URL where connections are taken and dropped at once, with their count (RefusingBroker)."""
    broker = RefusingBroker()
    yield broker
    broker.close()
