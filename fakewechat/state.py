"""Everything the fake remembers between requests, behind one lock (the server is threaded)."""
from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass

from fakewechat import identities

TOKEN_TTL = 7200
CLIENT_MSG_WINDOW = 600  # seconds WeChat remembers an openid + client_msg_id of a template send


@dataclass
class Fault:
    path: str
    errcode: int | None = None
    errmsg: str = "injected"
    remaining: int | None = 1  # None: forever
    delay: float = 0.0
    http_status: int = 200


class FakeState:
    def __init__(self, mp_appid: str, oa_appid: str, lenient: bool = False):
        self.mp_appid = mp_appid
        self.oa_appid = oa_appid
        self.lenient = lenient
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._requests: list[dict] = []
            self._faults: list[Fault] = []
            self._used_codes: set[str] = set()
            self._tokens: dict[str, tuple[str, float]] = {}   # access token -> (appid, expires at)
            self._stable: dict[str, str] = {}                 # appid -> its current stable token
            self._oauth_tokens: dict[str, dict] = {}          # web OAuth access token -> grant
            self._refresh_tokens: dict[str, dict] = {}        # web OAuth refresh token -> grant
            self._followers: dict[str, str] = {}              # OA openid -> name
            self._code_scopes: dict[str, str] = {}            # web OAuth code -> scope it was issued for
            self._msgid = 0
            self._deliveries: list[dict] = []                 # messages that reached a phone
            self._client_msgs: dict[tuple[str, str], tuple[int, float]] = {}  # -> (msgid, sent at)
            self._clock_offset = 0.0                          # advance_clock(); only message dedupe uses it

    # -- records -------------------------------------------------------------------------------
    def record(self, method: str, path: str, query: dict, body: dict | None) -> None:
        with self._lock:
            self._requests.append({"method": method, "path": path, "query": query, "body": body,
                                   "time": time.time()})

    def requests(self) -> list[dict]:
        # A deep copy: callers iterate while the server thread keeps appending.
        with self._lock:
            return copy.deepcopy(self._requests)

    # -- faults --------------------------------------------------------------------------------
    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.path != path:
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    # -- server access tokens ------------------------------------------------------------------
    def issue_token(self, appid: str) -> str:
        token = identities.token("FAKETOKEN")
        with self._lock:
            self._tokens[token] = (appid, time.time() + TOKEN_TTL)
        return token

    def stable_token(self, appid: str, force_refresh: bool) -> tuple[str, int]:
        """The appid's current stable token while it is valid, like the real /cgi-bin/stable_token."""
        with self._lock:
            current = self._stable.get(appid)
            entry = self._tokens.get(current) if current else None
            if entry and not force_refresh and entry[1] > time.time():
                return current, int(entry[1] - time.time())
            token = identities.token("FAKESTABLE")
            self._tokens[token] = (appid, time.time() + TOKEN_TTL)
            self._stable[appid] = token
            return token, TOKEN_TTL

    def token_appid(self, token: str | None) -> str | None:
        """The appid a still-valid token was issued to, else None."""
        with self._lock:
            entry = self._tokens.get(token or "")
        if entry is None or entry[1] <= time.time():
            return None
        return entry[0]

    def invalidate_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()
            self._stable.clear()

    # -- one-time codes, followers, message ids ------------------------------------------------
    def use_code(self, code: str) -> bool:
        """True the first time a code is presented, False afterwards."""
        with self._lock:
            if code in self._used_codes:
                return False
            self._used_codes.add(code)
            return True

    def remember_person(self, name: str) -> str:
        """Make `name` known to the official account (a follower); returns the OA openid."""
        openid = identities.openid_for(self.oa_appid, name)
        with self._lock:
            self._followers[openid] = name
        return openid

    def forget_person(self, name: str) -> None:
        with self._lock:
            self._followers.pop(identities.openid_for(self.oa_appid, name), None)

    def follower_name(self, oa_openid: str) -> str | None:
        with self._lock:
            return self._followers.get(oa_openid)

    def next_msgid(self) -> int:
        with self._lock:
            self._msgid += 1
            return self._msgid

    # -- web OAuth grants ----------------------------------------------------------------------
    def note_oauth_code(self, code: str, scope: str) -> None:
        with self._lock:
            self._code_scopes[code] = scope

    def oauth_code_scope(self, code: str) -> str | None:
        with self._lock:
            return self._code_scopes.get(code)

    def issue_oauth_grant(self, name: str, scope: str, snapshot: bool) -> dict:
        grant = {"name": name, "scope": scope, "snapshot": snapshot,
                 "openid": identities.openid_for(self.oa_appid, name),
                 "access_token": identities.token("FAKEOAUTH"),
                 "refresh_token": identities.token("FAKEREFRESH"),
                 "expires_at": time.time() + TOKEN_TTL}
        with self._lock:
            self._oauth_tokens[grant["access_token"]] = grant
            self._refresh_tokens[grant["refresh_token"]] = grant
        return dict(grant)

    def refresh_oauth_grant(self, refresh_token: str) -> dict | None:
        with self._lock:
            grant = self._refresh_tokens.get(refresh_token)
            if grant is None:
                return None
            self._oauth_tokens.pop(grant["access_token"], None)
            grant["access_token"] = identities.token("FAKEOAUTH")
            grant["expires_at"] = time.time() + TOKEN_TTL
            self._oauth_tokens[grant["access_token"]] = grant
            return dict(grant)

    def oauth_grant(self, access_token: str | None) -> dict | None:
        with self._lock:
            grant = self._oauth_tokens.get(access_token or "")
        if grant is None or grant["expires_at"] <= time.time():
            return None
        return dict(grant)

    # -- delivered messages --------------------------------------------------------------------
    def advance_clock(self, seconds: float) -> None:
        with self._lock:
            self._clock_offset += seconds

    def deliver(self, record: dict) -> int:
        """Record a message as delivered; returns its new msgid."""
        with self._lock:
            return self._deliver(record)

    def deliver_template(self, record: dict, openid: str, client_msg_id: str | None) -> int:
        """Deliver a template message once per openid + client_msg_id within CLIENT_MSG_WINDOW.

        A repeat inside the window is accepted and answers the first msgid, but delivers nothing.
        """
        with self._lock:
            now = time.time() + self._clock_offset
            key = (openid, client_msg_id or "")
            seen = self._client_msgs.get(key) if client_msg_id else None
            if seen is not None and now - seen[1] < CLIENT_MSG_WINDOW:
                return seen[0]
            msgid = self._deliver(record)
            if client_msg_id:
                self._client_msgs[key] = (msgid, now)
            return msgid

    def deliveries(self) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self._deliveries)

    def _deliver(self, record: dict) -> int:
        self._msgid += 1
        self._deliveries.append({**record, "msgid": self._msgid, "time": time.time() + self._clock_offset})
        return self._msgid
