"""Our own tokens: a short-lived signed access token naming a server-side session, and a rotating
opaque refresh token. WeChat's session_key never becomes a token and never leaves the server."""
from __future__ import annotations

import functools
import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

import jwt
import sqlalchemy as sa

from app.accounts.models import (
    AuthSession,
    MemberRole,
    Membership,
    Organisation,
    OrgKind,
    Region,
    RetiredRefreshToken,
    User,
)
from app.accounts.policy import Actor, MembershipGrant
from app.core import generations
from app.core.errors import Unauthorized
from app.core.runtime import setting
from app.core.timeutil import utcnow
from app.extensions import db

_ALGORITHM = "HS256"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _access_token(user_id: int, session_id: str) -> str:
    now = utcnow()
    claims = {"sub": str(user_id), "sid": session_id, "typ": "access", "iat": now,
              "exp": now + timedelta(seconds=setting("ACCESS_TOKEN_TTL"))}
    return jwt.encode(claims, setting("SECRET_KEY"), algorithm=_ALGORITHM)


def _token_pair(session: AuthSession, refresh_token: str) -> dict:
    return {"access_token": _access_token(session.user_id, session.id), "token_type": "Bearer",
            "expires_in": setting("ACCESS_TOKEN_TTL"), "refresh_token": refresh_token}


def start_session(user: User, channel: str) -> dict:
    """Open a session for a user who just proved who they are; returns the token pair."""
    if not user.is_active:
        raise Unauthorized("账号已被停用，请联系管理员", error="account_disabled")
    refresh_token = secrets.token_urlsafe(32)
    session = AuthSession(id=secrets.token_hex(16), user_id=user.id, channel=channel,
                          refresh_hash=_hash(refresh_token),
                          expires_at=utcnow() + timedelta(seconds=setting("REFRESH_TOKEN_TTL")))
    user.last_login_at = utcnow()
    db.session.add(session)
    db.session.flush()
    return _token_pair(session, refresh_token)


def refresh_session(refresh_token: str) -> dict:
    return refresh_session_of_user(refresh_token)[1]


def refresh_session_of_user(refresh_token: str) -> tuple[User, dict]:
    """Rotate the refresh token; returns the session's user with the new pair. Any refresh token the
    session already rotated away from — the previous one or one from weeks ago — is a stolen copy: the
    whole session is revoked."""
    digest = _hash(refresh_token)
    # Lock the session row only (its eager-loaded user is an outer join PostgreSQL will not lock):
    # two refreshes of one token serialise here, and only the first finds it.
    session = db.session.scalar(sa.select(AuthSession).where(AuthSession.refresh_hash == digest)
                                .with_for_update(of=AuthSession))
    if session is None:
        reused = db.session.scalar(sa.select(AuthSession).join(
            RetiredRefreshToken, RetiredRefreshToken.session_id == AuthSession.id)
            .where(RetiredRefreshToken.refresh_hash == digest))
        if reused is not None and reused.revoked_at is None:
            reused.revoked_at = utcnow()
            db.session.flush()
            raise Unauthorized("登录已失效，请重新登录", error="invalid_refresh_token", keep_changes=True)
        raise Unauthorized("登录已失效，请重新登录", error="invalid_refresh_token")
    if session.revoked_at is not None or session.expires_at <= utcnow() or not session.user.is_active:
        raise Unauthorized("登录已失效，请重新登录", error="invalid_refresh_token")
    new_token = secrets.token_urlsafe(32)
    db.session.add(RetiredRefreshToken(refresh_hash=session.refresh_hash, session_id=session.id))
    session.refresh_hash = _hash(new_token)
    session.refreshed_at = utcnow()
    db.session.flush()
    return session.user, _token_pair(session, new_token)


def revoke_by_refresh_token(refresh_token: str) -> None:
    """Sign-out from a browser, which holds only its refresh cookie: end the session it belongs to."""
    db.session.execute(sa.update(AuthSession).where(AuthSession.refresh_hash == _hash(refresh_token),
                                                    AuthSession.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def revoke_session(session_id: str) -> None:
    db.session.execute(sa.update(AuthSession).where(AuthSession.id == session_id,
                                                    AuthSession.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def revoke_access(user_id: int, *, keep_session_id: str | None = None) -> tuple[int, int]:
    """End every live session of the user (their refresh tokens with them) but `keep_session_id`, and every
    WeChat binding staff made through this account with its password (README "Staff bind their WeChat").
    Returns (sessions ended, bindings ended)."""
    live = sa.update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
    if keep_session_id is not None:
        live = live.where(AuthSession.id != keep_session_id)
    ended = db.session.execute(live.values(revoked_at=utcnow())).rowcount
    unbound = db.session.execute(sa.update(Membership).where(Membership.via_account_id == user_id,
                                                             Membership.is_active.is_(True))
                                 .values(is_active=False)).rowcount
    return ended, unbound


def session_id_of(access_token: str) -> str:
    return _decode(access_token)["sid"]


def _decode(access_token: str) -> dict:
    claims = _verified(setting("SECRET_KEY"), access_token)
    if claims["exp"] <= time.time():  # checked on every use: a verified token is cached, not its freshness
        raise Unauthorized("登录已过期，请重新登录", error="token_expired")
    return claims


@functools.lru_cache(maxsize=4096)
def _verified(secret: str, access_token: str) -> dict:
    """The token's claims once its signature is checked (HMAC verification is a tenth of a cached API
    call; a token's claims never change). Refusals are not cached."""
    try:
        claims = jwt.decode(access_token, secret, algorithms=[_ALGORITHM], options={"require": ["exp", "sub", "sid"]})
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("登录已过期，请重新登录", error="token_expired") from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthorized("登录凭证无效，请重新登录", error="invalid_token") from exc
    if claims.get("typ") != "access":
        raise Unauthorized("登录凭证无效，请重新登录", error="invalid_token")
    return claims


@dataclass(frozen=True)
class Authenticated:
    actor: Actor
    must_change_password: bool


# Every API call runs this, so it is one plain query (no ORM objects): the live session's user flags and
# one row per active membership of an active organisation, with what the actor's grants need. Views that
# want the User itself load it (app.api.security.current_user), the feed and most lists never do.
_ACTIVE_GRANTS = (
    sa.select(Membership.id, Membership.user_id, Membership.organisation_id, Organisation.kind, Membership.role,
              Region.path)
    .join(Organisation, sa.and_(Organisation.id == Membership.organisation_id, Organisation.is_active.is_(True)))
    .join(Region, Region.id == Organisation.region_id)
    .where(Membership.is_active.is_(True))
    .subquery("grants"))
_SESSION_GRANTS = (
    sa.select(AuthSession.user_id, User.is_platform_admin, User.must_change_password,
              _ACTIVE_GRANTS.c.organisation_id, _ACTIVE_GRANTS.c.kind, _ACTIVE_GRANTS.c.role, _ACTIVE_GRANTS.c.path)
    .select_from(AuthSession).join(User, User.id == AuthSession.user_id)
    .outerjoin(_ACTIVE_GRANTS, _ACTIVE_GRANTS.c.user_id == User.id)
    .where(AuthSession.id == sa.bindparam("sid"), AuthSession.revoked_at.is_(None), User.is_active.is_(True))
    .order_by(_ACTIVE_GRANTS.c.id))


# The token check's answer is cached per session (app.core.generations): any commit that writes one of
# these tables makes every cached answer stale, so a logout, a disabled account or organisation, a
# changed membership or a new password still takes effect on the very next request.
generations.watch("auth", {"auth_sessions", "users", "memberships", "organisations", "regions"})
_AUTH_CACHE_SECONDS = 60


def _load_signed(session_id: str) -> dict | None:
    rows = db.session.execute(_SESSION_GRANTS, {"sid": session_id}).all()
    if not rows:
        return None
    first = rows[0]
    return {"uid": first.user_id, "admin": first.is_platform_admin, "mcp": first.must_change_password,
            "grants": [[r.organisation_id, r.kind.value, r.role.value, r.path] for r in rows
                       if r.organisation_id is not None]}


def cache_reads(access_token: str) -> tuple[int, list[str], list[str]] | None:
    """The user a token claims and the cache reads its check will make, for a caller that fetches them
    together with its own (app.core.generations.prefetch); None for a token that `authenticate` refuses."""
    try:
        claims = _decode(access_token)
    except Unauthorized:
        return None
    return int(claims["sub"]), ["auth"], [f"auth:{claims['sid']}"]


def authenticate(access_token: str) -> Authenticated:
    """Check the token and that its session is still live and its user still active, on every
    request: disabling an account or logging out takes effect at once."""
    claims = _decode(access_token)
    key = f"auth:{claims['sid']}"
    seen = generations.read(["auth"], [key])
    signed = seen.fresh(key, "auth")
    if signed is None:
        signed = _load_signed(claims["sid"])
        if signed is not None:
            generations.store(seen, {key: ("auth", signed)}, ttl=_AUTH_CACHE_SECONDS)
    if signed is None or str(signed["uid"]) != claims["sub"]:
        raise Unauthorized("登录已失效，请重新登录", error="session_revoked")
    grants = tuple(MembershipGrant(organisation_id=org_id, kind=OrgKind(kind), role=MemberRole(role), region_path=path)
                   for org_id, kind, role, path in signed["grants"])
    actor = Actor(user_id=signed["uid"], is_platform_admin=signed["admin"], grants=grants)
    return Authenticated(actor, signed["mcp"])


def actor_for(user: User) -> Actor:
    grants = tuple(
        MembershipGrant(organisation_id=m.organisation_id, kind=m.organisation.kind, role=m.role,
                        region_path=m.organisation.region.path)
        for m in user.memberships if m.is_active and m.organisation.is_active)
    return Actor(user_id=user.id, is_platform_admin=user.is_platform_admin, grants=grants)


def active_memberships(user_id: int) -> list[Membership]:
    return list(db.session.scalars(sa.select(Membership).where(Membership.user_id == user_id,
                                                               Membership.is_active.is_(True))))
