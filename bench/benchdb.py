"""Helpers every benchmark script shares: its own throwaway database, a free loopback port, the RSS."""
from __future__ import annotations

import os
import secrets
import socket

import sqlalchemy as sa

PAGE = os.sysconf("SC_PAGE_SIZE")


def recreate_database(url: sa.URL) -> None:
    """Drop (forcing out stray connections) and create the benchmark's own database."""
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def drop_database(url: sa.URL) -> None:
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def throwaway_push_secrets() -> dict:
    """The push-callback secrets and public origin production insists on; nothing here receives a push."""
    return {"WECHAT_OA_TOKEN": secrets.token_hex(16), "WECHAT_OA_AES_KEY": secrets.token_hex(22)[:43],
            "WECHAT_MP_PUSH_TOKEN": secrets.token_hex(16), "WECHAT_MP_PUSH_AES_KEY": secrets.token_hex(22)[:43],
            "PUBLIC_BASE_URL": "https://127.0.0.1:9"}


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE / 2**20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
