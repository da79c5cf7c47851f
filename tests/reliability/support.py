"""Helpers for the reliability tests: recipients made set-based, publishing one event per person, the
outbox as the relay left it, and real Celery workers as subprocesses that a test can SIGKILL."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.accounts.models import Gender, User
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import Channel, DeliveryStatus, OutboxMessage
from app.notify.publish import publish
from app.notify.quotas import record_client_results
from app.notify.templates import mp_templates_by_shape

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBE_SEND = "/cgi-bin/message/subscribe/send"
TEMPLATE_SEND = "/cgi-bin/message/template/send"
STATUS_CHANGE = mp_templates_by_shape()["status_change"]  # the MP template of "points.credited"
UNFINISHED = (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED, DeliveryStatus.SENDING)


# -- what the tests need -------------------------------------------------------------------------
def _dialect(uri: str) -> str:
    return uri.split(":", 1)[0].split("+", 1)[0]


def require_postgres(app) -> None:
    if _dialect(app.config["SQLALCHEMY_DATABASE_URI"]) != "postgresql":
        pytest.skip("reliability tests need PostgreSQL (row locks, SKIP LOCKED, a database a worker subprocess "
                    "can share): set TEST_DATABASE_URL=postgresql+psycopg://... (CI does)")


def require_postgres_and_redis(app) -> None:
    require_postgres(app)
    if not app.config.get("REDIS_URL"):
        pytest.skip("reliability tests need Redis as the Celery broker of a real worker: set REDIS_URL (CI does)")


def wait_until(predicate: Callable[[], bool], timeout: float, what: str, interval: float = 0.05,
               on_timeout: Callable[[], str] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            detail = on_timeout() if on_timeout else ""
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{detail}")
        time.sleep(interval)


class RefusingBroker:
    """A broker that is down, observably: it accepts every connection and closes it at once, so a client's
    first read fails as with a broker that went away, and counts them. Each attempt to reach the broker is
    one connection, counted before the close the client is waiting for: once the client has given up, the
    count is final. (Nothing listening at all would refuse as well, but leaves no count to assert.)"""

    def __init__(self):
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self._server.getsockname()[1]}/0"
        self._lock, self._count = threading.Lock(), 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def connections(self) -> int:
        with self._lock:
            return self._count

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:  # closed
                return
            with self._lock:
                self._count += 1
            conn.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() above
        self._server.close()


# -- data ----------------------------------------------------------------------------------------
def make_recipients(prefix: str, count: int) -> list[dict]:
    """`count` active users with a mini-program openid, one subscribe credit for the status-change
    template (granted through the quota service, as the mini-program reports it) and an official-account
    openid. Users are inserted with one INSERT … SELECT. Returns [{"id", "mp_openid", "oa_openid"}]."""
    n = sa.func.generate_series(1, count).column_valued("n")
    label = sa.literal(prefix) + sa.cast(n, sa.String)
    rows = sa.select(sa.literal("omp-") + label, sa.literal("ooa-") + label, label,
                     sa.literal(Gender.UNKNOWN.value), sa.false(), sa.false(), sa.true(), sa.false(),
                     sa.literal(utcnow(), User.created_at.type))
    with unit_of_work():
        inserted = db.session.execute(sa.insert(User).from_select(
            ["mp_openid", "oa_openid", "real_name", "gender", "must_change_password", "is_party_member",
             "is_active", "is_platform_admin", "created_at"], rows)
            .returning(User.id, User.mp_openid, User.oa_openid)).all()
        for user_id, _, _ in inserted:
            record_client_results(user_id, {STATUS_CHANGE: "accept"})
    return [{"id": i, "mp_openid": mp, "oa_openid": oa} for i, mp, oa in sorted(inserted)]


def publish_points(user_ids: list[int], first_subject: int = 1) -> None:
    """One "points.credited" event per person, each in its own committed business transaction: two outbox
    rows each (subscribe message + OA template message)."""
    for offset, user_id in enumerate(user_ids):
        with unit_of_work():
            publish("points.credited", ("points", first_subject + offset),
                    {"title": "志愿服务积分", "points": 5, "user_ids": [user_id]})


def outbox_rows() -> list[sa.Row]:
    """(id, recipient_id, channel, status) of every outbox row, read in a transaction of its own."""
    with unit_of_work():
        return db.session.execute(sa.select(OutboxMessage.id, OutboxMessage.recipient_id, OutboxMessage.channel,
                                            OutboxMessage.status).order_by(OutboxMessage.id)).all()


def status_counts() -> Counter:
    with unit_of_work():
        return Counter(dict(db.session.execute(
            sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)).tuples().all()))


def unfinished() -> int:
    counts = status_counts()
    return sum(counts[s] for s in UNFINISHED)


def sending_now() -> set[tuple[int, Channel]]:
    """(id, channel) of the rows whose send had started when their relay stopped."""
    return {(row.id, row.channel) for row in outbox_rows() if row.status is DeliveryStatus.SENDING}


# -- processes -----------------------------------------------------------------------------------
def process_env(app, fake_wechat, instance_dir: Path, **settings) -> dict[str, str]:
    """The environment of an app process outside pytest (a worker, a publisher): the development
    configuration, with the test's database, Redis and fake WeChat. The test configuration is not usable
    there: it forces Celery's eager mode."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("CELERY_BROKER_URL", "TEST_DATABASE_URL", "DATABASE_URL") and not k.startswith("PYTEST_")}
    env.update({
        "TIMEBANK_ENV": "development",
        "TIMEBANK_INSTANCE_DIR": str(instance_dir),
        "UPLOAD_DIR": str(instance_dir / "uploads"),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app.config["REDIS_URL"],
        "WECHAT_API_BASE": fake_wechat.base_url,
        "WECHAT_MP_APPID": fake_wechat.state.mp_appid,
        "WECHAT_OA_APPID": fake_wechat.state.oa_appid,
        "NOTIFY_KICK": "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
    })
    env.update({name: str(value) for name, value in settings.items()})
    return env


class Worker:
    """`celery -A wsgi:celery_app worker` in its own process group (so a kill takes all of it)."""

    def __init__(self, env: dict[str, str], queues: str, concurrency: int, log_path: Path):
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()/kill()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "wsgi:celery_app", "worker", "--pool", "threads",
             "--concurrency", str(concurrency), "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--queues", queues, "--hostname", f"reliability-{uuid.uuid4().hex[:8]}@%h", "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown handler, no ack, no last commit."""
        if self.alive:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()

    def stop(self) -> None:
        if self.alive:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return f"--- worker log {self.log_path} ---\n" + self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""
