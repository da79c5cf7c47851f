"""gunicorn's gthread worker, answering the requests gunicorn itself refuses with our JSON envelope.

gunicorn refuses a request it cannot parse (a NUL in a header, a request line over limit_request_line, a
bad chunk) before the app sees it, with an HTML page of its own (gunicorn.workers.base.Worker.handle_error
-> gunicorn.util.write_error). Worker.handle_error is the hook gunicorn calls for every such refusal: the
subclass lets gunicorn decide the status, log the warning and write the access log line as always, takes
the page it writes, and sends the envelope the API uses for every other error in its place.
"""
from __future__ import annotations

import json
from http import HTTPStatus

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from app.api.errors import HTTP_MESSAGES


class JsonErrorThreadWorker(ThreadWorker):
    def handle_error(self, req, client, addr, exc):
        page = _CapturedPage(client)
        super().handle_error(req, page, addr, exc)
        if page.status is None:  # gunicorn wrote nothing (it could not): neither do we
            return
        try:
            util.write_nonblock(client, envelope_bytes(page.status))
        except Exception:  # noqa: BLE001 (the client is gone: as gunicorn's own write, say nothing)
            self.log.debug("Failed to send error message.")


def envelope_bytes(status: int) -> bytes:
    """A whole HTTP/1.1 answer: the envelope, closing the connection (where the next request starts is
    unknown after a request gunicorn could not read)."""
    error, message = HTTP_MESSAGES.get(status, HTTP_MESSAGES[400 if status < 500 else 500])
    phrase = HTTPStatus(status).phrase
    body = json.dumps({"code": status, "status": phrase, "error": error, "message": message, "errors": {}},
                      ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status} {phrase}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n")
    return head.encode("latin-1") + body


class _CapturedPage:
    """Stands in for the client socket while gunicorn writes its page; everything else goes to the socket."""

    def __init__(self, sock):
        self._sock = sock
        self.status: int | None = None

    def sendall(self, data: bytes) -> None:
        # "HTTP/1.1 400 Bad Request\r\n..."
        parts = data.split(b" ", 2)
        self.status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 500

    def __getattr__(self, name):
        return getattr(self._sock, name)
