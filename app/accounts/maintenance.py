"""Set-based clean-up of identity data."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import AuthSession, RetiredRefreshToken
from app.core.timeutil import utcnow
from app.extensions import db


def purge_expired_sessions(grace_days: int = 7) -> int:
    cutoff = utcnow() - timedelta(days=grace_days)
    dead = sa.or_(AuthSession.expires_at < cutoff, AuthSession.revoked_at < cutoff)
    # The retired refresh tokens go first: SQLite does not enforce the foreign key's cascade.
    db.session.execute(sa.delete(RetiredRefreshToken).where(
        RetiredRefreshToken.session_id.in_(sa.select(AuthSession.id).where(dead))))
    result = db.session.execute(sa.delete(AuthSession).where(dead))
    return result.rowcount
