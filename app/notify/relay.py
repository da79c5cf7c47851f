"""The outbox relay: claim due rows, send each through its channel, record what WeChat said.

Three kinds of step, each its own short transaction (the caller, a task, owns them):
  claim_due       pending → claimed for a batch (FOR UPDATE SKIP LOCKED: relays never share a row),
                  returning everything the sends need in one query;
  start_group     claimed → sending for a small group of messages about to be sent at once, consuming
                  their subscribe credits: two or three statements whatever the group's size;
  record_results  sending → sent | pending (retry later) | failed | refused, for a group or a batch.
Each claim carries a token; while it makes progress the relay renews the lease on all the rows it still
holds (`renew`, a few times per lease), so a slow but live relay keeps its batch; only a relay that makes
no progress for a whole lease loses it.
A relay that dies leaves rows `claimed` (never sent: handed back) or `sending` (outcome unknown, at most
one group): official-account messages are sent again, WeChat drops the copy by `client_msg_id`; a
subscribe message is not (a duplicate would burn the person's next credit) and is marked `unknown` — the
inbox has it.
"""
from __future__ import annotations

import logging
import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.core.errors import Conflict, NotFound
from app.core.runtime import setting
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.models import Channel, DeliveryStatus, NotificationEvent, OutboxMessage, SubscriptionQuota

log = logging.getLogger(__name__)

RETRYABLE_ERRCODES = {-1, 45009, 40001, 40014, 42001}  # busy, daily quota, token trouble
NO_CREDIT = 43101


@dataclass(frozen=True)
class Job:
    """What a send needs, copied out of the session so the request runs outside any transaction."""
    id: int
    token: str  # the claim this job belongs to
    channel: Channel
    recipient_id: int
    openid: str
    template_id: str
    data: dict
    page: str | None
    attempts: int  # including this one


@dataclass(frozen=True)
class Outcome:
    ok: bool
    errcode: int | None = None
    errmsg: str = ""
    retryable: bool = False


# The relay's UPDATEs touch rows no session holds: skip the ORM's session synchronisation, which was most
# of the cost of each small statement on the per-message path.
_FAST = {"synchronize_session": False}


def _lease():
    return utcnow() + timedelta(seconds=setting("NOTIFY_LEASE_SECONDS"))


def _set(ids, **values) -> int:
    if not ids:
        return 0
    return db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(**values),
                              execution_options=_FAST).rowcount


def claim_due(limit: int) -> tuple[list[Job], int]:
    """Claim up to `limit` due messages: (jobs to send, how many rows were claimed). Rows whose
    recipient can no longer be reached are failed here instead of becoming jobs."""
    now = utcnow()
    ids = list(db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == DeliveryStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
        .with_for_update(skip_locked=True)))
    if not ids:
        return [], 0
    token = secrets.token_hex(16)
    _set(ids, status=DeliveryStatus.CLAIMED, lease_until=_lease(), claim_token=token)
    rows = db.session.execute(
        sa.select(OutboxMessage.id, OutboxMessage.channel, OutboxMessage.recipient_id, OutboxMessage.template_id,
                  OutboxMessage.attempts, User.mp_openid, User.oa_openid, User.is_active,
                  NotificationEvent.payload, NotificationEvent.page)
        .join(User, User.id == OutboxMessage.recipient_id)
        .join(NotificationEvent, NotificationEvent.id == OutboxMessage.event_id)
        .where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id))
    jobs, unreachable = [], []
    for row in rows:
        openid = row.mp_openid if row.channel is Channel.MP_SUBSCRIBE else row.oa_openid
        if not openid or not row.is_active:
            unreachable.append(row.id)
            continue
        payload = (row.payload or {}).get(row.channel.value, {})
        jobs.append(Job(id=row.id, token=token, channel=row.channel, recipient_id=row.recipient_id, openid=openid,
                        template_id=row.template_id, data=payload.get("data", {}), page=row.page,
                        attempts=row.attempts + 1))
    _set(unreachable, status=DeliveryStatus.FAILED, lease_until=None, last_error="收件人已无法通过该渠道接收")
    return jobs, len(ids)


def _change_credit(user_id: int, template_id: str, delta: int) -> bool:
    guard = SubscriptionQuota.credits > 0 if delta < 0 else sa.true()
    result = db.session.execute(sa.update(SubscriptionQuota).where(
        SubscriptionQuota.user_id == user_id, SubscriptionQuota.template_id == template_id, guard)
        .values(credits=SubscriptionQuota.credits + delta, updated_at=utcnow()), execution_options=_FAST)
    return result.rowcount == 1


def start_group(jobs: list[Job]) -> list[Job]:
    """Mark a group of claimed messages (all from one claim) as being sent and spend their credits, in
    the caller's transaction. Returns the jobs to send now. Left out: a row handed back meanwhile (by a
    sweep, perhaps claimed by another relay since: the token no longer matches) and a subscribe message
    whose person has no credit left (NO_CREDIT; the inbox has it)."""
    if not jobs:
        return []
    marked = set(db.session.scalars(sa.update(OutboxMessage).where(
        OutboxMessage.id.in_([job.id for job in jobs]), OutboxMessage.status == DeliveryStatus.CLAIMED,
        OutboxMessage.claim_token == jobs[0].token)
        .values(status=DeliveryStatus.SENDING, attempts=OutboxMessage.attempts + 1, lease_until=_lease())
        .returning(OutboxMessage.id), execution_options=_FAST))
    go = [job for job in jobs if job.id in marked]
    refused = _spend_credits([job for job in go if job.channel is Channel.MP_SUBSCRIBE])
    _set(refused, status=DeliveryStatus.NO_CREDIT, lease_until=None, last_error="订阅额度已用完")
    return [job for job in go if job.id not in refused]


def _spend_credits(jobs: list[Job]) -> set[int]:
    """One credit per subscribe message; returns the ids of the messages that got none. One UPDATE for
    the group's (person, template) pairs. Its quota rows are locked in key order first: two relays whose
    groups share people (two events for one audience) then wait for each other instead of deadlocking.
    A pair met again in the same group (two events for one person) spends its further credits one guarded
    UPDATE at a time: rare, and each must see what the previous one left."""
    first: dict[tuple[int, str], Job] = {}
    again: list[Job] = []
    for job in jobs:
        key = (job.recipient_id, job.template_id)
        if key in first:
            again.append(job)
        else:
            first[key] = job
    if not first:
        return set()
    pair = sa.tuple_(SubscriptionQuota.user_id, SubscriptionQuota.template_id)
    locked = (sa.select(SubscriptionQuota.user_id, SubscriptionQuota.template_id).where(pair.in_(list(first)))
              .order_by(SubscriptionQuota.user_id, SubscriptionQuota.template_id).with_for_update())
    spent = set(db.session.execute(
        sa.update(SubscriptionQuota).where(pair.in_(locked), SubscriptionQuota.credits > 0)
        .values(credits=SubscriptionQuota.credits - 1, updated_at=utcnow())
        .returning(SubscriptionQuota.user_id, SubscriptionQuota.template_id), execution_options=_FAST).tuples())
    refused = {job.id for key, job in first.items() if key not in spent}
    refused.update(job.id for job in again if not _change_credit(job.recipient_id, job.template_id, -1))
    return refused


def renew(token: str) -> int:
    """Progress: extend the lease on everything this relay still holds under `token`."""
    held = sa.update(OutboxMessage).where(
        OutboxMessage.claim_token == token, OutboxMessage.status.in_((DeliveryStatus.CLAIMED, DeliveryStatus.SENDING)))
    return db.session.execute(held.values(lease_until=_lease()), execution_options=_FAST).rowcount


def backoff(attempts: int) -> timedelta:
    """Exponential with full jitter: spread retries so a WeChat hiccup is not answered by a stampede."""
    base, cap = setting("NOTIFY_RETRY_BASE_SECONDS"), setting("NOTIFY_RETRY_CAP_SECONDS")
    return timedelta(seconds=random.uniform(0.5, 1.0) * min(cap, base * 2 ** (attempts - 1)))


def record_results(results: list[tuple[Job, Outcome]]) -> None:
    """Record a group of sends (all from one claim). Only rows still `sending` under that claim are
    touched: a row a sweep took away belongs to whoever has it now."""
    if not results:
        return
    sending = sa.and_(OutboxMessage.status == DeliveryStatus.SENDING,
                      OutboxMessage.claim_token == results[0][0].token)
    now = utcnow()
    sent = [job.id for job, outcome in results if outcome.ok]
    if sent:
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(sent), sending).values(
            status=DeliveryStatus.SENT, sent_at=now, lease_until=None, last_errcode=None, last_error=None))
    for job, outcome in results:
        if not outcome.ok:
            _record_failure(job, outcome, sending)


def _record_failure(job: Job, outcome: Outcome, sending) -> None:
    is_mp = job.channel is Channel.MP_SUBSCRIBE
    error = {"last_errcode": outcome.errcode, "last_error": (outcome.errmsg or "")[:300], "lease_until": None}
    row = sa.update(OutboxMessage).where(OutboxMessage.id == job.id, sending)
    if is_mp and outcome.errcode == NO_CREDIT:
        # Final: WeChat says the person has no credit left, whatever our count says.
        if db.session.execute(row.values(status=DeliveryStatus.REFUSED, **error)).rowcount:
            db.session.execute(sa.update(SubscriptionQuota).where(
                SubscriptionQuota.user_id == job.recipient_id, SubscriptionQuota.template_id == job.template_id)
                .values(credits=0, updated_at=utcnow()))
        return
    if outcome.errcode == 47003:
        log.error("WeChat rejected template data (47003) for outbox %s: %s", job.id, outcome.errmsg)
    if outcome.retryable and job.attempts < setting("NOTIFY_MAX_ATTEMPTS"):
        changed = db.session.execute(row.values(status=DeliveryStatus.PENDING,
                                                next_attempt_at=utcnow() + backoff(job.attempts), **error)).rowcount
    else:
        changed = db.session.execute(row.values(status=DeliveryStatus.FAILED, **error)).rowcount
    if changed and is_mp:
        _change_credit(job.recipient_id, job.template_id, +1)  # nothing reached the person


def recover_stale() -> dict:
    """Hand back what a dead relay held (set-based; safe to run twice)."""
    now = utcnow()
    stale = OutboxMessage.lease_until < now
    back = db.session.execute(sa.update(OutboxMessage).where(
        stale, sa.or_(OutboxMessage.status == DeliveryStatus.CLAIMED,
                      sa.and_(OutboxMessage.status == DeliveryStatus.SENDING,
                              OutboxMessage.channel == Channel.OA_TEMPLATE)))
        .values(status=DeliveryStatus.PENDING, lease_until=None, next_attempt_at=now)).rowcount
    unknown = db.session.execute(sa.update(OutboxMessage).where(
        stale, OutboxMessage.status == DeliveryStatus.SENDING, OutboxMessage.channel == Channel.MP_SUBSCRIBE)
        .values(status=DeliveryStatus.UNKNOWN, lease_until=None, last_error="发送过程中断，结果未知，未重发")).rowcount
    return {"requeued": back, "unknown": unknown}


def retry_message(message_id: int) -> OutboxMessage:
    """An administrator's retry of a failed or unknown delivery."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound("投递记录不存在", error="delivery_not_found")
    if message.status not in (DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN):
        raise Conflict("只有失败或结果未知的投递可以重试", error="delivery_not_retryable")
    message.status, message.next_attempt_at, message.lease_until = DeliveryStatus.PENDING, utcnow(), None
    db.session.flush()
    return message
