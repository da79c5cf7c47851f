"""Scoring reminders (待评分提醒): the beat job that tells both organisations of an accepted claim, until
each has scored, that a score is still owed (DOMAIN.md §6: scoring pending → both until done).

Cadence, from the claim's acceptance (decided_at): the first reminder `first` days later, then one every
`every` days, at most `times` reminders. The claim keeps only when it was last reminded, so the cap is a
window: reminders go out while now ≤ decided_at + first + (times − 1) × every + one day of grace (the beat
runs daily), and never closer together than `every` less an hour (so a daily beat a few seconds early does
not slip a whole day). With the grace under `every`, no more than `times` fit in the window. With
`times=None` (unlimited) there is no window: reminders go on, one every `every` days, until both sides
scored or the need closes (completed or withdrawn).

Each run is one UPDATE … RETURNING per chunk whose WHERE holds the whole rule and which sets
scoring_reminded_at: a second run, or a concurrent one, finds nothing due and publishes nothing. Only the
organisations that have not scored hear of it; once both have, the claim leaves the sweep for good.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.core.timeutil import SHANGHAI
from app.core.types import UTCDateTime
from app.extensions import db
from app.needs.models import Claim, ClaimStatus, Need, NeedStatus
from app.notify.publish import publish

CLAIMS = Claim.__table__
CHUNK_SIZE = 2_000
GRACE = timedelta(days=1)
EARLY = timedelta(hours=1)


def remind_unscored_claims(now: datetime, *, first_days: int = 3, every_days: int = 7, times: int | None = 3,
                           chunk_size: int = CHUNK_SIZE) -> int:
    """Remind the organisations of accepted, not fully scored claims whose reminder is due (`times`: at
    most that many, None for no cap while the need is open). Returns the number of claims reminded."""
    if times is not None and times < 1:
        return 0
    first, every = timedelta(days=first_days), timedelta(days=every_days)
    stamp = sa.literal(now, UTCDateTime)
    if times is None:
        limit = CLAIMS.c.need_id.in_(sa.select(Need.id).where(Need.status == NeedStatus.CLAIMED))
    else:
        limit = CLAIMS.c.decided_at >= now - (first + (times - 1) * every + min(GRACE, every - EARLY))
    conditions = (
        CLAIMS.c.status == ClaimStatus.ACCEPTED.value,
        sa.or_(CLAIMS.c.league_scored_at.is_(None), CLAIMS.c.claimer_scored_at.is_(None)),
        CLAIMS.c.decided_at <= now - first,
        limit,
        sa.or_(CLAIMS.c.scoring_reminded_at.is_(None), CLAIMS.c.scoring_reminded_at <= now - every + EARLY),
    )
    reminded = 0
    while True:
        picked = sa.select(CLAIMS.c.id).where(*conditions).limit(chunk_size).with_for_update(skip_locked=True)
        rows = db.session.execute(
            sa.update(CLAIMS).where(CLAIMS.c.id.in_(picked), *conditions).values(scoring_reminded_at=stamp)
            .returning(CLAIMS.c.id, CLAIMS.c.need_id, CLAIMS.c.org_id, CLAIMS.c.league_scored_at,
                       CLAIMS.c.claimer_scored_at)).all()
        if not rows:
            return reminded
        needs = {need.id: need for need in db.session.execute(
            sa.select(Need.id, Need.title, Need.league_org_id).where(Need.id.in_({row.need_id for row in rows})))}
        key = now.astimezone(SHANGHAI).date().isoformat()
        for row in rows:
            need = needs[row.need_id]
            owing = ([need.league_org_id] if row.league_scored_at is None else []) + \
                    ([row.org_id] if row.claimer_scored_at is None else [])
            publish("scoring.pending", ("claim", row.id),
                    {"title": need.title, "need_id": need.id, "org_ids": owing}, key=key)
        reminded += len(rows)
