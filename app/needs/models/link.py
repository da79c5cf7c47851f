"""Which activities were published for which claimed need (活动与需求对接). The link lives here, above
the shared activities module, so activities know nothing of needs."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class NeedActivity(db.Model):
    __tablename__ = "need_activities"

    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activities.id"), primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id"), index=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("need_claims.id"), index=True)
