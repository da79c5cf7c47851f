"""Set-based clean-up of identity data."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import AuthSession
from app.core.timeutil import utcnow
from app.extensions import db


def purge_expired_sessions(grace_days: int = 7) -> int:
    cutoff = utcnow() - timedelta(days=grace_days)
    result = db.session.execute(sa.delete(AuthSession).where(
        sa.or_(AuthSession.expires_at < cutoff, AuthSession.revoked_at < cutoff)))
    return result.rowcount
