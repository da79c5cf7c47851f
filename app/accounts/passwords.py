"""Organisation-account passwords: argon2id hashes, a strength rule, and lockout after failures."""
from __future__ import annotations

import re

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.accounts.models import User
from app.core.errors import InvalidInput, TooManyRequests, Unauthorized
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


def _fail_key(username: str) -> str:
    return f"login:fail:{username.strip().lower()}"


def verify_account(username: str, password: str) -> User:
    """The account for this name and password, or an error. Repeated failures lock the name for a
    while, whatever the password, so guessing is slow even from many addresses."""
    key = _fail_key(username)
    failures = int(kv().get(key) or 0)
    if failures >= setting("LOGIN_MAX_FAILURES"):
        minutes = setting("LOGIN_LOCK_SECONDS") // 60
        raise TooManyRequests(f"密码错误次数过多，请 {minutes} 分钟后再试", error="account_locked")
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.username) == username.strip().lower()))
    hasher, dummy = _hasher_and_dummy()
    stored = user.password_hash if user is not None and user.password_hash else dummy
    try:
        hasher.verify(stored, password)
        ok = user is not None and user.password_hash is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        kv().incr(key, setting("LOGIN_LOCK_SECONDS"))
        raise Unauthorized("账号或密码错误", error="invalid_credentials")
    kv().delete(key)
    if not user.is_active:
        raise Unauthorized("账号已被停用，请联系管理员", error="account_disabled")
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(user: User, old_password: str, new_password: str) -> None:
    if not user.password_hash:
        raise InvalidInput("该账号未设置密码", error="no_password")
    try:
        _hasher().verify(user.password_hash, old_password)
    except (VerificationError, InvalidHashError) as exc:
        raise InvalidInput("原密码不正确", error="wrong_password",
                           errors={"old_password": ["原密码不正确"]}) from exc
    check_strength(new_password, old=old_password)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    db.session.flush()
