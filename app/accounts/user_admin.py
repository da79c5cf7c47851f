"""Administrators acting on a person's access: disabling, re-enabling, resetting an account's password.

A platform administrator acts on the person platform-wide. An organisation's administrator reaches only
people with a membership in an organisation they manage, and acts on that membership alone: ending
someone's place in your organisation must not lock them out of every other one.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts import passwords, sessions
from app.accounts.models import Membership, User
from app.accounts.organisations import random_password
from app.accounts.passwords import LEAGUE_INITIAL_PASSWORD, check_strength
from app.accounts.policy import Actor
from app.core.errors import Conflict, NotFound
from app.extensions import db


def _not_found() -> NotFound:
    return NotFound("用户不存在", error="user_not_found")


def _target(actor: Actor, user_id: int, *, active_only: bool) -> tuple[User, list[Membership]]:
    """The user, and for an organisation admin the memberships of theirs the user holds (active ones only
    when `active_only`); anyone outside those answers like a missing user."""
    target = db.session.get(User, user_id)
    if target is None:
        raise _not_found()
    if actor.is_platform_admin:
        return target, []
    managed = {g.organisation_id for g in actor.grants_for("user.manage")}
    reached = [m for m in target.memberships if m.organisation_id in managed and (m.is_active or not active_only)]
    if target.is_platform_admin or not reached:
        raise _not_found()
    return target, reached


def set_user_active(actor: Actor, user_id: int, active: bool) -> dict:
    """Platform admin: block or unblock the person; blocking ends every session at once and every WeChat
    binding made through the account, unblocking restores neither (staff bind again). Organisation admin:
    end, or restore, the person's membership in the organisations they manage (and the bindings staff made
    through this account to those organisations); the person's other memberships and sessions go on."""
    if user_id == actor.user_id:
        raise Conflict("不能停用自己的账号", error="cannot_disable_self")
    target, memberships = _target(actor, user_id, active_only=not active)
    if actor.is_platform_admin:
        target.is_active = active
        if not active:
            sessions.revoke_access(target.id)
    else:
        for membership in memberships:
            membership.is_active = active
        if not active:
            db.session.execute(sa.update(Membership).where(
                Membership.via_account_id == target.id,
                Membership.organisation_id.in_([m.organisation_id for m in memberships])).values(is_active=False))
    db.session.flush()
    return {"id": target.id, "is_active": target.is_active,
            "organisation_ids": [m.organisation_id for m in memberships]}


def reset_password(actor: Actor, user_id: int, initial_password: str | None) -> dict:
    """Give an organisation account a new initial password (shown once; the next sign-in must replace it).
    Every session of the account and every binding made with its old password end; a lockout is lifted."""
    if user_id == actor.user_id:
        raise Conflict("请通过“修改密码”修改自己的密码", error="cannot_reset_self")
    target, _ = _target(actor, user_id, active_only=True)
    if not target.username or not target.password_hash:
        raise Conflict("该用户不是机构账号，没有密码", error="no_password")
    if initial_password is None:
        initial_password = random_password()
    elif initial_password != LEAGUE_INITIAL_PASSWORD:
        check_strength(initial_password)
    sessions_ended, bindings_ended = passwords.reset_password(target, initial_password)
    return {"user_id": target.id, "username": target.username, "initial_password": initial_password,
            "sessions_ended": sessions_ended, "bindings_ended": bindings_ended}
