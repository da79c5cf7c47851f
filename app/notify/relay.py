"""The outbox relay: claim due rows, send each through its channel, record what WeChat said.

Each step is its own short transaction (the caller, a task, owns them):
  claim_due       pending → claimed, a batch, FOR UPDATE SKIP LOCKED (relays never share a row);
  start_attempt   claimed → sending, consuming a subscribe credit, just before the request;
  record_result   sending → sent | pending (retry later) | failed | refused.
A relay that dies leaves rows `claimed` (never sent: handed back) or `sending` (outcome unknown):
official-account messages are sent again, WeChat drops the copy by `client_msg_id`; a subscribe message
is not (a duplicate would burn the person's next credit) and is marked `unknown` — the inbox has it.
"""
from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.core.errors import Conflict, NotFound
from app.core.runtime import setting
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.models import Channel, DeliveryStatus, OutboxMessage, SubscriptionQuota

log = logging.getLogger(__name__)

RETRYABLE_ERRCODES = {-1, 45009, 40001, 40014, 42001}  # busy, daily quota, token trouble
NO_CREDIT = 43101


@dataclass(frozen=True)
class Job:
    """What a send needs, copied out of the session so the request runs outside any transaction."""
    id: int
    channel: Channel
    openid: str
    template_id: str
    data: dict
    page: str | None


@dataclass(frozen=True)
class Outcome:
    ok: bool
    errcode: int | None = None
    errmsg: str = ""
    retryable: bool = False


def claim_due(limit: int) -> list[int]:
    now = utcnow()
    ids = list(db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == DeliveryStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
        .with_for_update(skip_locked=True)))
    if ids:
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(
            status=DeliveryStatus.CLAIMED, lease_until=now + timedelta(seconds=setting("NOTIFY_LEASE_SECONDS"))))
    return ids


def _change_credit(user_id: int, template_id: str, delta: int) -> bool:
    guard = SubscriptionQuota.credits > 0 if delta < 0 else sa.true()
    result = db.session.execute(sa.update(SubscriptionQuota).where(
        SubscriptionQuota.user_id == user_id, SubscriptionQuota.template_id == template_id, guard)
        .values(credits=SubscriptionQuota.credits + delta, updated_at=utcnow()))
    return result.rowcount == 1


def start_attempt(message_id: int) -> Job | None:
    message = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.id == message_id, OutboxMessage.status == DeliveryStatus.CLAIMED)
        .with_for_update(of=OutboxMessage))
    if message is None:
        return None
    recipient = db.session.get(User, message.recipient_id)
    openid = recipient.mp_openid if message.channel is Channel.MP_SUBSCRIBE else recipient.oa_openid
    if not openid or not recipient.is_active:
        _finish(message, DeliveryStatus.FAILED, None, "收件人已无法通过该渠道接收")
        return None
    if message.channel is Channel.MP_SUBSCRIBE and not _change_credit(message.recipient_id, message.template_id, -1):
        _finish(message, DeliveryStatus.NO_CREDIT, None, "订阅额度已用完")
        return None
    message.status = DeliveryStatus.SENDING
    message.attempts += 1
    message.lease_until = utcnow() + timedelta(seconds=setting("NOTIFY_LEASE_SECONDS"))
    payload = message.event.payload.get(message.channel.value, {})
    return Job(id=message.id, channel=message.channel, openid=openid, template_id=message.template_id,
               data=payload.get("data", {}), page=message.event.page)


def _finish(message: OutboxMessage, status: DeliveryStatus, errcode: int | None, error: str) -> None:
    message.status = status
    message.last_errcode = errcode
    message.last_error = error[:300] if error else None
    message.lease_until = None
    if status is DeliveryStatus.SENT:
        message.sent_at = utcnow()


def backoff(attempts: int) -> timedelta:
    """Exponential with full jitter: spread retries so a WeChat hiccup is not answered by a stampede."""
    base, cap = setting("NOTIFY_RETRY_BASE_SECONDS"), setting("NOTIFY_RETRY_CAP_SECONDS")
    return timedelta(seconds=random.uniform(0.5, 1.0) * min(cap, base * 2 ** (attempts - 1)))


def record_result(message_id: int, outcome: Outcome) -> DeliveryStatus | None:
    message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.id == message_id)
                                .with_for_update(of=OutboxMessage))
    if message is None or message.status is not DeliveryStatus.SENDING:
        return None  # recovered by the sweep meanwhile
    is_mp = message.channel is Channel.MP_SUBSCRIBE
    if outcome.ok:
        _finish(message, DeliveryStatus.SENT, None, "")
        return message.status
    if is_mp and outcome.errcode == NO_CREDIT:
        # Final: WeChat says the person has no credit left, whatever our count says.
        db.session.execute(sa.update(SubscriptionQuota).where(
            SubscriptionQuota.user_id == message.recipient_id, SubscriptionQuota.template_id == message.template_id)
            .values(credits=0, updated_at=utcnow()))
        _finish(message, DeliveryStatus.REFUSED, outcome.errcode, outcome.errmsg)
        return message.status
    if is_mp:
        _change_credit(message.recipient_id, message.template_id, +1)  # nothing reached the person
    if outcome.errcode == 47003:
        log.error("WeChat rejected template data (47003) for outbox %s: %s", message.id, outcome.errmsg)
    if outcome.retryable and message.attempts < setting("NOTIFY_MAX_ATTEMPTS"):
        message.status = DeliveryStatus.PENDING
        message.next_attempt_at = utcnow() + backoff(message.attempts)
        message.last_errcode, message.last_error = outcome.errcode, (outcome.errmsg or "")[:300]
        message.lease_until = None
        return message.status
    _finish(message, DeliveryStatus.FAILED, outcome.errcode, outcome.errmsg)
    return message.status


def recover_stale() -> dict:
    """Hand back what a dead relay held (set-based; safe to run twice)."""
    now = utcnow()
    stale = sa.and_(OutboxMessage.lease_until < now)
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
