"""Authentication and the policy marker every endpoint carries.

Each view function is decorated with exactly one of:
  @public                     no sign-in needed (a token, if sent, is still read, and a session that must
                              still change its initial password is refused here too);
  @signed_in                  any signed-in, active user;
  @requires("permission")     a signed-in user holding a permission of app.accounts.policy.RULES
                              (the view then calls authorize() with the target's organisation/region).
A test walks the URL map and fails on any API view without one of these markers.
"""
from __future__ import annotations

from functools import wraps

from flask import g, request

from app.accounts import sessions
from app.accounts.models import User
from app.accounts.policy import RULES, Actor
from app.core import generations
from app.core.errors import Forbidden, Unauthorized
from app.extensions import db

# Views a user who still has to replace an initial password may reach.
_PASSWORD_PENDING_OK = "password_pending_ok"


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _load_actor(required: bool, cache_reads=None) -> Actor | None:
    token = bearer_token()
    if token is None:
        if required:
            raise Unauthorized()
        return None
    claimed = sessions.cache_reads(token) if cache_reads is not None else None
    if claimed is not None:
        # One round trip to the cache for the token check and the view's own reads (see `prefetching`).
        user_id, names, keys = claimed
        more_names, more_keys = cache_reads(user_id)
        generations.prefetch(names + more_names, keys + more_keys)
    signed = sessions.authenticate(token)
    g.actor, g.must_change_password = signed.actor, signed.must_change_password
    return signed.actor


def current_actor() -> Actor:
    return g.actor


def current_user() -> User | None:
    """The signed-in User, loaded on first use: the token check itself reads only the user's flags and
    grants, so the many views that need just the actor never load the row."""
    if g.actor is None:
        return None
    return db.session.get(User, g.actor.user_id)


_ERROR_REF = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}


def _mark(view, policy: str):
    """Record the policy on the view, and state it in the OpenAPI spec (security + 401/403)."""
    view.policy = policy
    apidoc = dict(getattr(view, "_apidoc", {}))
    manual = dict(apidoc.get("manual_doc", {}))
    if policy == "public":
        manual["security"] = []
        if not getattr(view, _PASSWORD_PENDING_OK, False):
            responses = dict(manual.get("responses", {}))
            responses.setdefault("403", {"description": "携带的登录凭证须先修改初始密码", "content": _ERROR_REF})
            manual["responses"] = responses
    else:
        manual["security"] = [{"bearerAuth": []}]
        responses = dict(manual.get("responses", {}))
        responses.setdefault("401", {"description": "未登录或登录已失效", "content": _ERROR_REF})
        responses.setdefault("403", {"description": "没有权限（或须先修改初始密码）", "content": _ERROR_REF})
        manual["responses"] = responses
    apidoc["manual_doc"] = manual
    view._apidoc = apidoc
    return view


def _refuse_pending_change(view) -> None:
    if g.must_change_password and not getattr(view, _PASSWORD_PENDING_OK, False):
        raise Forbidden("首次登录请先修改初始密码", error="password_change_required")


def public(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        g.actor = None
        if bearer_token():
            try:
                _load_actor(required=False)
            except Unauthorized:
                g.actor = None  # an expired token must not break a public page
            else:
                # Public views serve more to a signed-in actor (a proof photo, a clear phone): a session
                # opened with an initial password must not reach them as staff, nor silently as anonymous.
                _refuse_pending_change(view)
        return view(*args, **kwargs)

    return _mark(wrapper, "public")


def prefetching(cache_reads):
    """Declare the cache reads a busy view makes: `cache_reads(claimed user id) -> (generations, keys)`,
    named from the raw request. The token check then fetches them with its own in one round trip; the
    user id is the token's signed claim, which the check itself then confirms against the session."""
    def decorator(view):
        view.cache_reads = cache_reads
        return view

    return decorator


def _guarded(view, policy: str, check=None):
    cache_reads = getattr(view, "cache_reads", None)

    @wraps(view)
    def wrapper(*args, **kwargs):
        actor = _load_actor(required=True, cache_reads=cache_reads)
        _refuse_pending_change(view)
        if check is not None:
            check(actor)
        return view(*args, **kwargs)

    return _mark(wrapper, policy)


def signed_in(view):
    return _guarded(view, "signed_in")


def requires(permission: str):
    if permission not in RULES:
        raise KeyError(f"unknown permission {permission!r}")

    def check(actor: Actor) -> None:
        # Coarse gate: the actor must hold the permission somewhere; the view checks the target.
        if not (actor.is_platform_admin or actor.grants_for(permission)):
            raise Forbidden()

    def decorator(view):
        return _guarded(view, f"requires:{permission}", check)

    return decorator


def password_pending_ok(view):
    """Let a user with a pending initial-password change reach this view: the change itself, `GET /me` and
    logout, and the public sign-in endpoints (they never read the actor; a stale header must not stop a
    person signing in afresh or refreshing)."""
    setattr(view, _PASSWORD_PENDING_OK, True)
    return view
