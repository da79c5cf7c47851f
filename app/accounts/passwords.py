"""Organisation-account passwords: argon2id hashes, a strength rule, and lockout after failures."""
from __future__ import annotations

import re

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.accounts import sessions
from app.accounts.models import User
from app.core.errors import InvalidInput, NotFound, TooManyRequests, Unauthorized
from app.core.runtime import kv, setting
from app.extensions import db

# Hashers by cost, each with a dummy hash: verifying against it when the account does not exist
# keeps the timing of "no such account" and "wrong password" alike.
_HASHERS: dict[tuple[int, int], tuple[PasswordHasher, str]] = {}


def _hasher_and_dummy() -> tuple[PasswordHasher, str]:
    key = (setting("PASSWORD_HASH_TIME_COST"), setting("PASSWORD_HASH_MEMORY_KIB"))
    if key not in _HASHERS:
        hasher = PasswordHasher(time_cost=key[0], memory_cost=key[1])
        _HASHERS[key] = (hasher, hasher.hash("timebank-no-such-account"))
    return _HASHERS[key]


def _hasher() -> PasswordHasher:
    return _hasher_and_dummy()[0]
# League accounts arrive from the province system with this password; it must be replaced.
LEAGUE_INITIAL_PASSWORD = "000000"
_WEAK = {"000000", "123456", "12345678", "password", "11111111", "88888888", "a1234567", "abc12345"}


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_strength(password: str, *, old: str | None = None) -> None:
    problems = []
    if len(password) < 8 or len(password) > 64:
        problems.append("密码长度应为 8 到 64 位")
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        problems.append("密码需同时包含字母和数字")
    if password.lower() in _WEAK:
        problems.append("密码过于简单")
    if old is not None and password == old:
        problems.append("新密码不能与原密码相同")
    if problems:
        raise InvalidInput("新密码不符合要求", error="weak_password", errors={"new_password": problems})


# The failure counter of an account name, one key per name (listed by `locked_accounts`).
_FAIL_PREFIX = "login:fail:"


def _fail_key(username: str) -> str:
    return f"{_FAIL_PREFIX}{username.strip().lower()}"


def _locked() -> TooManyRequests:
    minutes = setting("LOGIN_LOCK_SECONDS") // 60
    return TooManyRequests(f"密码错误次数过多，请 {minutes} 分钟后再试", error="account_locked")


def _reserve_attempt(username: str) -> str:
    """Count this attempt before the password is checked, so parallel guesses cannot all slip in between a
    read of the counter and its increment: only the first LOGIN_MAX_FAILURES of a window are ever verified.
    A success clears the counter (`_attempt_succeeded`)."""
    key = _fail_key(username)
    if kv().incr(key, setting("LOGIN_LOCK_SECONDS")) > setting("LOGIN_MAX_FAILURES"):
        raise _locked()
    return key


def _attempt_succeeded(key: str) -> None:
    kv().delete(key)


def verify_account(username: str, password: str) -> User:
    """The account for this name and password, or an error. Repeated failures lock the name for a
    while, whatever the password, so guessing is slow even from many addresses. A disabled account
    answers like a wrong password unless the password is right and the name not locked."""
    key = _reserve_attempt(username)
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.username) == username.strip().lower()))
    hasher, dummy = _hasher_and_dummy()
    stored = user.password_hash if user is not None and user.password_hash else dummy
    try:
        hasher.verify(stored, password)
        ok = user is not None and user.password_hash is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        raise Unauthorized("账号或密码错误", error="invalid_credentials")
    _attempt_succeeded(key)
    if not user.is_active:
        raise Unauthorized("账号已被停用，请联系管理员", error="account_disabled")
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(user: User, old_password: str, new_password: str, *, session_id: str) -> tuple[int, int]:
    """Replace the password of a user signed in on `session_id`. A wrong old password counts toward the
    account's lockout, like a failed sign-in. Every other session and every WeChat binding made with the
    old password end: whoever else held it (the league's 000000, a leaked one) is out, and is never
    promoted by the owner's change. Returns (other sessions ended, bindings ended)."""
    if not user.password_hash:
        raise InvalidInput("该账号未设置密码", error="no_password")
    key = _reserve_attempt(user.username)
    try:
        _hasher().verify(user.password_hash, old_password)
    except (VerificationError, InvalidHashError) as exc:
        raise InvalidInput("原密码不正确", error="wrong_password",
                           errors={"old_password": ["原密码不正确"]}) from exc
    _attempt_succeeded(key)
    check_strength(new_password, old=old_password)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    ended = sessions.revoke_access(user.id, keep_session_id=session_id)
    db.session.flush()
    return ended


def reset_password(user: User, initial_password: str) -> tuple[int, int]:
    """An administrator sets a new initial password: the account must replace it at its next sign-in, every
    session and binding made with the old one ends, and a lockout of the name is lifted."""
    user.password_hash = hash_password(initial_password)
    user.must_change_password = True
    ended = sessions.revoke_access(user.id)
    kv().delete(_fail_key(user.username))
    db.session.flush()
    return ended


def locked_accounts() -> list[dict]:
    """Names locked now, with how many attempts the window counted and the seconds until it ends."""
    limit = setting("LOGIN_MAX_FAILURES")
    found = kv().scan(_FAIL_PREFIX)
    return sorted(({"username": key.removeprefix(_FAIL_PREFIX), "failures": int(value),
                    "unlocks_in_seconds": seconds}
                   for key, (value, seconds) in found.items() if int(value) >= limit),
                  key=lambda row: row["username"])


def unlock_account(username: str) -> None:
    key = _fail_key(username)
    if kv().getdel(key) is None:
        raise NotFound("该账号未被锁定", error="lockout_not_found")
