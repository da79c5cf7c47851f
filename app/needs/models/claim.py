"""Claims (认领) of a need by a volunteer-service organisation, and the scores (评分) both sides give each
other once a claim is accepted."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db
from app.needs.models.need import Need

LIVE_CLAIM = "status IN ('pending', 'accepted')"
ACCEPTED_CLAIM = "status = 'accepted'"


class ClaimStatus(enum.StrEnum):
    PENDING = "pending"      # 待确认 / 申请认领中
    ACCEPTED = "accepted"    # 认领成功
    RETURNED = "returned"    # 认领失败: returned by the league, with its reason
    WITHDRAWN = "withdrawn"  # 撤销认领: by the claimer while pending


class ScoreSide(enum.StrEnum):
    LEAGUE = "league"    # the league scores the claimer
    CLAIMER = "claimer"  # the claimer scores the league


class Claim(db.Model):
    __tablename__ = "need_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    claimed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(sa.String(500))
    status: Mapped[ClaimStatus] = mapped_column(str_enum(ClaimStatus), default=ClaimStatus.PENDING, index=True)
    status_reason: Mapped[str | None] = mapped_column(sa.String(200))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Scoring (待评分) is done when both are set; the reminder job keys on these.
    league_scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimer_scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    scoring_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    need: Mapped[Need] = relationship(lazy="raise")
    org: Mapped[Organisation] = relationship(lazy="raise")

    __table_args__ = (
        # At most one accepted claim per need, whatever the concurrency (the database decides).
        sa.Index("uq_need_claims_need_accepted", "need_id", unique=True,
                 postgresql_where=sa.text(ACCEPTED_CLAIM), sqlite_where=sa.text(ACCEPTED_CLAIM)),
        # One live claim per organisation per need; a returned or withdrawn one does not block a new one.
        sa.Index("uq_need_claims_need_org_live", "need_id", "org_id", unique=True,
                 postgresql_where=sa.text(LIVE_CLAIM), sqlite_where=sa.text(LIVE_CLAIM)),
    )


class ClaimScore(db.Model):
    __tablename__ = "claim_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("need_claims.id"), index=True)
    side: Mapped[ScoreSide] = mapped_column(str_enum(ScoreSide))
    scorer_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    scored_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    stars: Mapped[int]
    comment: Mapped[str | None] = mapped_column(sa.String(500))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("claim_id", "side", name="uq_claim_scores_claim_side"),  # once each
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
    )
