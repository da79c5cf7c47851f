"""notify.publish(): called inside the business transaction, it writes the event, every recipient's inbox
message and one outbox row per (recipient, WeChat channel) — all committed with the business change, or
not at all. Delivery happens after commit (app/notify/relay.py)."""
from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import User
from app.core.persistence import upsert_insert
from app.core.timeutil import SHANGHAI, utcnow
from app.core.types import UTCDateTime
from app.extensions import db
from app.notify.models import Channel, DeliveryStatus, InboxItem, NotificationEvent, OutboxMessage, SubscriptionQuota
from app.notify.recipients import recipients_select
from app.notify.routing import ROUTES
from app.notify.templates import channel_templates
from app.wechat.template_values import TemplateValueError, sanitize_data

log = logging.getLogger(__name__)
KICK_FLAG = "notify.kick"  # session.info flag: the tasks layer starts delivery after commit


class _Blank(dict):
    def __missing__(self, key):
        return ""


def _display(value):
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(v) for v in value)
    return value


def render(text: str, context: dict) -> str:
    return text.format_map(_Blank({k: _display(v) for k, v in context.items()}))


def _single_placeholder(text: str) -> bool:
    return text.startswith("{") and text.endswith("}") and text.count("{") == 1


def _insert_ignore(model):
    return upsert_insert(model).on_conflict_do_nothing()


def publish(kind: str, subject: tuple[str, int], context: dict, *, key: str | None = None) -> int | None:
    """Publish `kind` about `subject` (e.g. ("order", 42)). `key` tells apart repeats of one kind for one
    subject (a second review round, a reminder's date); without it, publishing the same event again is a
    no-op. Returns the event id, or None when it was already published."""
    route = ROUTES[kind]
    context = {"subject_id": subject[1], "at": utcnow(), **context}
    event_key = ":".join((kind, subject[0], str(subject[1]), key or ""))
    if db.session.scalar(sa.select(NotificationEvent.id).where(NotificationEvent.key == event_key)):
        return None
    # A field that is one placeholder keeps its raw value (a datetime stays a datetime, formatted for
    # WeChat's `time` type later); anything else is rendered text.
    fields = {name: context.get(text[1:-1], "") if _single_placeholder(text) else render(text, context)
              for name, text in route.fields.items()}
    payload = {}
    channels = channel_templates(route.template)
    try:
        for channel, template in channels:
            data = {key_: fields.get(field_name, "") for key_, field_name in template["fields"].items()}
            payload[channel.value] = {"template_id": template["id"], "data": sanitize_data(data)}
    except TemplateValueError:
        # A publisher passed no usable time: WeChat would refuse the message (47003), so send none and
        # let the inbox carry it; the business change must not fail for a notification.
        log.error("event %s: template data unusable, WeChat channels skipped", kind, exc_info=True)
        payload, channels = {}, []
    event = NotificationEvent(kind=kind, key=event_key, subject_type=subject[0], subject_id=subject[1],
                              title=render(route.title, context)[:100], body=render(route.body, context)[:500],
                              page=render(route.page, context) if route.page else None, payload=payload)
    try:
        with db.session.begin_nested():
            db.session.add(event)
    except sa.exc.IntegrityError:
        return None  # a concurrent publisher of the same event won
    recipients = recipients_select(route.to, context)
    now = sa.literal(utcnow(), UTCDateTime)
    db.session.execute(_insert_ignore(InboxItem).from_select(
        ["user_id", "event_id", "created_at"],
        sa.select(User.id, sa.literal(event.id), now).where(User.id.in_(recipients))))
    for channel, template in channels:
        reachable = sa.select(User.id, sa.literal(event.id), sa.literal(channel.value),
                              sa.literal(template["id"]), sa.literal(DeliveryStatus.PENDING.value),
                              sa.literal(0), now, now).where(User.id.in_(recipients))
        if channel is Channel.MP_SUBSCRIBE:
            # Only people who granted this template a credit can get it; the rest read their inbox.
            reachable = reachable.where(User.mp_openid.is_not(None), sa.exists().where(
                SubscriptionQuota.user_id == User.id, SubscriptionQuota.template_id == template["id"],
                SubscriptionQuota.credits > 0))
        else:
            reachable = reachable.where(User.oa_openid.is_not(None))
        db.session.execute(_insert_ignore(OutboxMessage).from_select(
            ["recipient_id", "event_id", "channel", "template_id", "status", "attempts", "next_attempt_at",
             "created_at"], reachable))
    db.session.info[KICK_FLAG] = True
    return event.id
