"""FakeWeChat: the fake API server on a background thread, plus the controls tests use."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ClassVar

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from fakewechat import identities
from fakewechat.app import create_app
from fakewechat.routes_control import make_fault
from fakewechat.state import FakeState


class _QuietHandler(WSGIRequestHandler):
    # Tests read the records, not an access log on stderr.
    def log_request(self, *args, **kwargs) -> None:
        pass


class FakeWeChat:
    """A real HTTP server on 127.0.0.1 that answers like api.weixin.qq.com.

    >>> fake = FakeWeChat(mp_appid="wxmp", oa_appid="wxoa"); base = fake.start()
    >>> fake.fault("/sns/jscode2session", errcode=-1)      # the next login answers "system busy"
    """

    # Called by reset(), in the process running the fake (the test's): a reset forgets every token, so
    # whatever keeps its own copy of one (the app's in-process token cache) can drop it there instead of
    # spending a rejected request on it in the next test. invalidate_tokens() calls none: it plays WeChat
    # invalidating tokens behind the app's back.
    reset_hooks: ClassVar[list[Callable[[], None]]] = []

    def __init__(self, mp_appid: str, oa_appid: str, host: str = "127.0.0.1", port: int = 0,
                 lenient: bool = False, quiet: bool = True):
        self.state = FakeState(mp_appid, oa_appid, lenient)
        self.app = create_app(self.state)
        self.host = host
        self.port = port
        self._handler = _QuietHandler if quiet else WSGIRequestHandler
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> str:
        if self._server is None:
            self._bind()
            # A short poll interval keeps stop() quick (the default 0.5 s adds up over a test run).
            self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                            name="fakewechat", daemon=True)
            self._thread.start()
        return self.base_url

    def serve_forever(self) -> None:
        """Run in the foreground (python -m fakewechat)."""
        self._bind()
        self._server.serve_forever()

    def _bind(self) -> None:
        self._server = make_server(self.host, self.port, self.app, threaded=True,
                                   request_handler=self._handler)
        self.port = self._server.server_port  # the real one when port 0 asked for a random port

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- controls ------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget records, faults, used codes, issued tokens and known people."""
        self.state.reset()
        for hook in self.reset_hooks:
            hook()

    @property
    def requests(self) -> list[dict]:
        """A snapshot of every request received: {"method", "path", "query", "body", "time"}."""
        return self.state.requests()

    def requests_to(self, path: str) -> list[dict]:
        return [r for r in self.state.requests() if r["path"] == path]

    def deliveries(self, kind: str | None = None) -> list[dict]:
        """What reached the phone, unlike `requests`: {"kind": "subscribe" | "template", "openid",
        "template_id", "data" (plain values), "msgid", "time", ...}. A template send repeating an
        openid + client_msg_id within 10 minutes is answered but not delivered again."""
        records = self.state.deliveries()
        return [r for r in records if r["kind"] == kind] if kind else records

    def advance_clock(self, seconds: float) -> None:
        """Move the fake's clock for the client_msg_id window (tokens keep real time)."""
        self.state.advance_clock(seconds)

    def fault(self, path: str, errcode: int | None = None, errmsg: str = "injected", times: int | None = 1,
              delay: float = 0.0, http_status: int = 200) -> None:
        """The next `times` requests to `path` (None: all of them) wait `delay` seconds, then answer
        `http_status` if it is not 200, else `errcode` if given, else are served normally."""
        self.state.add_fault(make_fault(path, errcode=errcode, errmsg=errmsg, times=times, delay=delay,
                                        http_status=http_status))

    def invalidate_tokens(self) -> None:
        """Every server access token issued so far now answers 40001."""
        self.state.invalidate_tokens()

    # -- identities a test can predict -----------------------------------------------------------
    def mp_openid(self, name: str) -> str:
        return identities.openid_for(self.state.mp_appid, name)

    def oa_openid(self, name: str) -> str:
        return identities.openid_for(self.state.oa_appid, name)

    def unionid(self, name: str) -> str:
        return identities.unionid_for(name)

    def follow(self, name: str) -> str:
        """`name` follows the official account (user/info answers subscribe=1); returns the OA openid."""
        return self.state.remember_person(name)

    def unfollow(self, name: str) -> None:
        self.state.forget_person(name)
