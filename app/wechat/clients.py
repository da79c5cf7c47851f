"""wechatpy clients that (1) send every URL to the configured base, so tests and the dev run talk to
the fake server, (2) fetch access tokens with /cgi-bin/stable_token under a kv lock shared by every
process, (3) retry a rejected token once instead of recursing forever (wechatpy#629), (4) put a
timeout on every request, the token fetch and web OAuth included (notes/wechat.md §2, §5, §6), and (5) keep
a short-lived in-process copy of the token in front of the kv: wechatpy reads the token and its expiry from
the kv three times per request, which was a tenth of the outbox relay's time."""
from __future__ import annotations

import json
import math
import secrets
import threading
import time
from urllib.parse import quote, urlencode

import requests
from requests.adapters import HTTPAdapter
from wechatpy import WeChatClient, WeChatOAuth
from wechatpy.exceptions import WeChatClientException, WeChatOAuthException

from app.core.kv import KeyValueStore

REAL_API_BASE = "https://api.weixin.qq.com"
TOKEN_ERRORS = frozenset({40001, 40014, 42001})  # invalid credential / invalid token / expired token
TOKEN_MARGIN = 60  # seconds; wechatpy's access_token property also refreshes below this
LOCK_POLL = 0.05
POOL_SIZE = 64  # idle connections kept per client
# How long a process uses its own copy of a token without looking at the kv again (never past the token's
# expiry less TOKEN_MARGIN). A token invalidated meanwhile costs one rejected request: the 40001 drops
# the copy and the bounded retry reads (or fetches) the kv's current one.
LOCAL_TOKEN_SECONDS = 300

_epoch = 0  # bumped by forget_local_tokens(); copies taken in an earlier epoch are not used


def forget_local_tokens() -> None:
    """Drop every client's in-process token copy; the kv's copy is untouched. For whoever invalidates
    tokens behind the clients' back: a test that resets the fake WeChat and flushes the kv."""
    global _epoch
    _epoch += 1


def rebase(url: str, api_base: str) -> str:
    """wechatpy hard-codes https://api.weixin.qq.com in its API classes and in fetch_access_token."""
    if url.startswith(REAL_API_BASE + "/"):
        return api_base + url[len(REAL_API_BASE):]
    return url


class TimeoutSession(requests.Session):
    """wechatpy passes timeout=None wherever nobody set one (the token fetch, every OAuth call)."""

    def __init__(self, timeout: float):
        super().__init__()
        self.default_timeout = timeout
        # Every relay thread sends a group at once (NOTIFY_SEND_THREADS) through one client: keep more
        # idle connections than requests' default 10, which logs a warning for each one it drops.
        for prefix in ("https://", "http://"):
            self.mount(prefix, HTTPAdapter(pool_maxsize=POOL_SIZE))

    def request(self, method, url, *args, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        return super().request(method, url, *args, **kwargs)


class WeChatApiClient(WeChatClient):
    """One per appid (MP, OA); all instances on one kv share tokens and the refresh lock."""

    def __init__(self, appid: str, secret: str, *, api_base: str, kv: KeyValueStore, session, timeout: float):
        super().__init__(appid, secret, session=session, timeout=timeout, auto_retry=True)
        self.api_base = api_base.rstrip("/")
        self._kv = kv
        self._http = TimeoutSession(timeout)
        self._retrying = threading.local()
        # A holder makes at most one HTTP call of `timeout` seconds; the lock outlives it a little so
        # it cannot expire mid-fetch, and waiters give up shortly after it should have finished.
        self._lock_ttl = math.ceil(timeout) + 2
        self._lock_wait = timeout + 1.0
        self._local: tuple[str, float, int] | None = None  # (token, use until, epoch); replaced whole

    @property
    def access_token(self) -> str:
        local = self._local
        if local is not None and local[2] == _epoch and time.time() < local[1]:
            return local[0]
        epoch = _epoch  # before the kv read: a forget_local_tokens() during it must win
        token = super().access_token  # the kv's copy, fetched under the lock when missing or expiring
        expires_at = self.expires_at
        if token and expires_at:
            self._local = (token, min(expires_at - TOKEN_MARGIN, time.time() + LOCAL_TOKEN_SECONDS), epoch)
        return token

    def forget_local_token(self) -> None:
        self._local = None

    @property
    def token_lock_key(self) -> str:
        return f"wechat:token-lock:{self.appid}"

    def url(self, path: str) -> str:
        return f"{self.api_base}/{path.lstrip('/')}"

    def _request(self, method, url_or_endpoint, **kwargs):
        if not url_or_endpoint.startswith(("http://", "https://")):
            url_or_endpoint = kwargs.pop("api_base_url", self.API_BASE_URL) + url_or_endpoint
        return super()._request(method, rebase(url_or_endpoint, self.api_base), **kwargs)

    def _handle_result(self, res, method=None, url=None, result_processor=None, **kwargs):
        result = res if isinstance(res, dict) else self._decode_result(res)
        errcode = _errcode(result)
        if self.auto_retry and errcode in TOKEN_ERRORS:
            self.forget_local_token()  # other threads must not keep sending the rejected token either
            if getattr(self._retrying, "active", False):
                # The token we fetched a moment ago was rejected too: the fault is not the token
                # (wrong secret, token invalidated in a loop); stop instead of recursing.
                raise WeChatClientException(errcode, result.get("errmsg", ""), client=self,
                                            request=getattr(res, "request", None), response=res)
            rejected = kwargs["params"].get("access_token")
            self._retrying.active = True
            try:
                self.fetch_access_token(rejected=rejected)
                kwargs["params"]["access_token"] = self.session.get(self.access_token_key)
                return self._request(method=method, url_or_endpoint=url, result_processor=result_processor,
                                     **kwargs)
            finally:
                self._retrying.active = False
        return super()._handle_result(res, method, url, result_processor, **kwargs)

    def fetch_access_token(self, rejected: str | None = None) -> dict:
        """Get a usable token: one another process just stored, else a fresh one from stable_token.

        `rejected` is a token WeChat just refused, which must not be handed out again.
        """
        deadline = time.monotonic() + self._lock_wait
        owner = secrets.token_hex(8)
        while True:
            stored = self._stored_token(rejected)
            if stored is not None:
                return stored
            if self._kv.set(self.token_lock_key, owner, ex=self._lock_ttl, nx=True):
                try:
                    # Re-read under the lock: the previous holder may have stored one since.
                    return self._stored_token(rejected) or self._fetch_stable_token()
                finally:
                    if self._kv.get(self.token_lock_key) == owner:
                        self._kv.delete(self.token_lock_key)
            if time.monotonic() >= deadline:
                # The holder is stuck or gone. stable_token hands out the same token to every caller,
                # so fetching without the lock costs one call, not a token war.
                return self._fetch_stable_token()
            time.sleep(LOCK_POLL)

    def _stored_token(self, rejected: str | None) -> dict | None:
        token = self.session.get(self.access_token_key)
        expires_at = self.expires_at
        if not token or token == rejected or not expires_at:
            return None
        remaining = expires_at - time.time()
        if remaining <= TOKEN_MARGIN:
            return None
        return {"access_token": token, "expires_in": int(remaining)}

    def _fetch_stable_token(self) -> dict:
        # force_refresh stays false: a forced refresh is limited to 20 a day and invalidates the
        # token every other process is using; the normal mode already returns a fresh token once
        # the old one is invalid.
        body = {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret,
                "force_refresh": False}
        res = self._http.post(self.url("cgi-bin/stable_token"), data=json.dumps(body).encode("utf-8"),
                              timeout=self.timeout)
        try:
            res.raise_for_status()
        except requests.RequestException as exc:
            raise WeChatClientException(None, None, client=self, request=exc.request,
                                        response=exc.response) from exc
        result = self._decode_result(res)
        if not isinstance(result, dict) or "access_token" not in result:
            errcode = _errcode(result) if isinstance(result, dict) else None
            errmsg = result.get("errmsg", "no access_token") if isinstance(result, dict) else "not JSON"
            raise WeChatClientException(errcode or None, errmsg, client=self, request=res.request,
                                        response=res)
        expires_in = int(result.get("expires_in", 7200))
        self.session.set(self.access_token_key, result["access_token"], expires_in)
        self.expires_at = int(time.time()) + expires_in
        return result


class WeChatOAuthClient(WeChatOAuth):
    """Official-account web OAuth. It keeps the user's tokens on the instance: one per call."""

    def __init__(self, app_id: str, secret: str, redirect_uri: str = "", scope: str = "snsapi_base",
                 state: str = "", *, api_base: str, authorize_url: str, timeout: float):
        super().__init__(app_id, secret, redirect_uri, scope=scope, state=state)
        self.API_BASE_URL = api_base.rstrip("/") + "/"
        self.authorize_endpoint = authorize_url
        self._http = TimeoutSession(timeout)

    @property
    def authorize_url(self) -> str:
        # Built on the configured endpoint (the fake in the dev run). WeChat wants the parameters in
        # this order and the #wechat_redirect fragment.
        query = urlencode({"appid": self.app_id, "redirect_uri": self.redirect_uri, "response_type": "code",
                           "scope": self.scope, "state": self.state}, quote_via=quote)
        return f"{self.authorize_endpoint}?{query}#wechat_redirect"

    def _request(self, method, url_or_endpoint, **kwargs):
        try:
            return super()._request(method, url_or_endpoint, **kwargs)
        except json.JSONDecodeError as exc:  # a proxy or captive portal answered, not WeChat
            raise WeChatOAuthException(None, f"answer is not JSON: {exc}", client=self) from exc


def _errcode(result) -> int:
    if not isinstance(result, dict):
        return 0
    try:
        return int(result.get("errcode") or 0)
    except (TypeError, ValueError):
        return 0
