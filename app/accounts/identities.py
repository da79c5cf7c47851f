"""Finding or creating the one user behind a WeChat identity.

unionid (the same person across our mini-program and official account) wins when WeChat gives it;
otherwise the identity's own openid keys the user. Two first logins racing for one identity both end
on the same row: the loser of the unique constraint re-reads the winner's.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.extensions import db


def _find(openid_column, openid: str, unionid: str | None) -> User | None:
    if unionid:
        user = db.session.scalar(sa.select(User).where(User.unionid == unionid))
        if user is not None:
            return user
    return db.session.scalar(sa.select(User).where(openid_column == openid))


def user_for_identity(*, channel: str, openid: str, unionid: str | None) -> tuple[User, bool]:
    """`channel` is "mp" or "oa". Returns (user, created)."""
    column_name = f"{channel}_openid"
    column = getattr(User, column_name)
    for _attempt in range(2):
        user = _find(column, openid, unionid)
        if user is not None:
            changed = False
            if getattr(user, column_name) is None:
                setattr(user, column_name, openid)
                changed = True
            if unionid and user.unionid is None:
                user.unionid = unionid
                changed = True
            if changed:
                db.session.flush()
            return user, False
        try:
            with db.session.begin_nested():
                user = User(unionid=unionid, **{column_name: openid})
                db.session.add(user)
            return user, True
        except IntegrityError:
            continue  # a concurrent first login created it; read theirs
    raise RuntimeError("could not settle the user for a WeChat identity")
