"""The real server (config/gunicorn.conf.py: gthread), spoken to over raw sockets: the requests gunicorn
refuses itself answer with the JSON envelope, and a connection survives a large body the app never read."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Only so a broken server fails the test instead of hanging it; every answer normally takes milliseconds.
PATIENCE = 60


@pytest.fixture(scope="module")
def server():
    """gunicorn on a socket this test bound and listens on: connections queue until the worker is up, so
    no polling for readiness and no port that another process could take in between."""
    listener = socket.create_server(("127.0.0.1", 0))
    env = {**os.environ, "GUNICORN_BIND": f"fd://{listener.fileno()}", "WEB_CONCURRENCY": "1",
           "GUNICORN_THREADS": "2", "GUNICORN_ACCESS_LOG": "off", "GUNICORN_LOG_LEVEL": "warning"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "wsgi:app", "-c", "config/gunicorn.conf.py"],
                               cwd=ROOT, env=env, pass_fds=[listener.fileno()])
    try:
        yield listener.getsockname()
    finally:
        process.terminate()
        process.wait(PATIENCE)
        listener.close()


def _connect(address) -> socket.socket:
    return socket.create_connection(address, timeout=PATIENCE)


def _read_response(stream) -> tuple[int, dict, bytes]:
    """One HTTP/1.1 response (Content-Length framed) from a socket's binary file."""
    status_line = stream.readline()
    if not status_line:
        raise ConnectionError("no answer: the server closed the connection")
    status = int(status_line.split()[1])
    headers = {}
    while (line := stream.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = stream.read(int(headers.get("content-length", 0)))
    return status, headers, body


def _refusal(address, raw: bytes) -> tuple[int, dict, dict]:
    with _connect(address) as sock:
        sock.sendall(raw)
        status, headers, body = _read_response(sock.makefile("rb"))
    return status, headers, json.loads(body)


def test_a_nul_in_a_header_is_a_400_envelope(server):
    status, headers, body = _refusal(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Odd: a\x00b\r\n\r\n")
    assert status == 400
    assert headers["content-type"] == "application/json" and headers["connection"] == "close"
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
    assert body == {"code": 400, "status": "Bad Request", "error": "bad_request", "message": "请求格式有误",
                    "errors": {}}


def test_a_5_kb_request_line_is_a_414_envelope(server):
    status, headers, body = _refusal(server, b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 414
    assert body == {"code": 414, "status": "Request-URI Too Long", "error": "uri_too_long",
                    "message": "请求地址过长", "errors": {}}


def test_a_connection_survives_a_large_body_the_app_did_not_read(server):
    """180 KB to a path that takes no body (404), keep-alive, then a second request on the same socket:
    it is answered. Twenty connections in a row, every one must pass."""
    body = b"x" * (180 * 1024)
    first = (b"POST /api/v1/no-such-thing HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n"
             b"Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
    second = b"GET /api/v1/no-such-thing-either HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
    answered = []
    for _ in range(20):
        with _connect(server) as sock:
            stream = sock.makefile("rb")
            sock.sendall(first)
            status, headers, _ = _read_response(stream)
            assert status == 404 and headers.get("connection", "keep-alive").lower() != "close"
            sock.sendall(second)
            status, _, envelope = _read_response(stream)
            answered.append((status, json.loads(envelope)["error"]))
    assert answered == [(404, "not_found")] * 20
