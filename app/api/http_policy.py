"""What every answer gets, whichever view (or error handler) made it.

- `X-Content-Type-Options: nosniff` everywhere: a browser must never read one of our answers as a type
  other than the one we declared (an uploaded photo as HTML, an error as a script).
- `Cache-Control: no-store` unless the view set its own policy: answers carry personal information,
  tokens and per-caller views, and no shared cache or browser history should keep them. The views that
  are deliberately cacheable (upload content: private, an hour; the docs' static assets: public, a day)
  set Cache-Control themselves and keep it.
- The request body read to its end. gunicorn's gthread worker drains at most 64 KB of a body the app left
  unread and then closes the connection, after it already answered without `Connection: close` (gunicorn
  ignores that header from an app): a client reusing the connection got no answer. Reading what is left
  here (at most MAX_CONTENT_LENGTH, which bounds every body we accept) keeps the connection usable.
"""
from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

_CHUNK = 64 * 1024


def finish_response(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    _drain_body()
    return response


def _drain_body() -> None:
    if not request.content_length and "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return
    try:
        # request.stream stops at the body's end (Content-Length, or the server's end of a chunked body)
        # and refuses one larger than MAX_CONTENT_LENGTH: such a connection is left for gunicorn to close.
        while request.stream.read(_CHUNK):
            pass
    except (RequestEntityTooLarge, ClientDisconnected, OSError):
        pass


def register_http_policy(app: Flask) -> None:
    app.after_request(finish_response)
