"""Notification events, the outbox, the inbox and subscribe-message quotas (通知、发件箱、站内信、订阅额度)."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class Channel(enum.StrEnum):
    MP_SUBSCRIBE = "mp_subscribe"  # 小程序订阅消息 (one credit per send)
    OA_TEMPLATE = "oa_template"    # 公众号模板消息 (staff who follow the official account)


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"      # due at next_attempt_at
    CLAIMED = "claimed"      # taken by a relay, not yet sent: safe to hand back
    SENDING = "sending"      # the request to WeChat has started: outcome unknown until recorded
    SENT = "sent"
    FAILED = "failed"        # final error (47003, 40003, retries exhausted …)
    REFUSED = "refused"      # 43101: the user has no credit; the inbox has the message
    NO_CREDIT = "no_credit"  # our own quota was empty at send time; the inbox has the message
    UNKNOWN = "unknown"      # a subscribe send interrupted mid-flight: not resent, it may have arrived


FINAL_PROBLEMS = (DeliveryStatus.FAILED, DeliveryStatus.REFUSED, DeliveryStatus.UNKNOWN)


class NotificationEvent(db.Model):
    """One thing that happened. `key` makes publishing idempotent: the same event twice is one event."""

    __tablename__ = "notification_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(60))
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    subject_type: Mapped[str] = mapped_column(sa.String(30))
    subject_id: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(100))
    body: Mapped[str] = mapped_column(sa.String(500))
    page: Mapped[str | None] = mapped_column(sa.String(200))
    # Rendered template data per channel: {"mp_subscribe": {"template_id", "data"}, "oa_template": {...}}.
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("notification_events.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    template_id: Mapped[str] = mapped_column(sa.String(100))
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which relay run holds the row: a row handed back and claimed again is no longer ours to send.
    claim_token: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    last_errcode: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[NotificationEvent] = relationship(lazy="joined")

    __table_args__ = (
        # The same event never produces two messages for one person on one channel.
        sa.UniqueConstraint("event_id", "recipient_id", "channel", name="uq_outbox_messages_event_recipient"),
        sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )


class InboxItem(db.Model):
    """站内信: always written, whatever WeChat channels the person has."""

    __tablename__ = "inbox_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("notification_events.id", ondelete="CASCADE"))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[NotificationEvent] = relationship(lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", name="uq_inbox_items_event_user"),
        sa.Index("ix_inbox_items_user_id_id", "user_id", "id"),
    )


class SubscriptionQuota(db.Model):
    """How many one-time subscribe messages of a template we may still send a person."""

    __tablename__ = "subscription_quotas"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    template_id: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    credits: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.CheckConstraint("credits >= 0", name="credits_not_negative"),)


class GrantSource(enum.StrEnum):
    CLIENT = "client"  # reported by the mini-program after wx.requestSubscribeMessage (advisory)
    PUSH = "push"      # WeChat's subscribe_msg_popup_event (authoritative)


class SubscriptionGrant(db.Model):
    """Each accept, as reported. A client report waits for WeChat's push to confirm or overrule it."""

    __tablename__ = "subscription_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    template_id: Mapped[str] = mapped_column(sa.String(100))
    source: Mapped[GrantSource] = mapped_column(str_enum(GrantSource))
    confirmed: Mapped[bool] = mapped_column(default=False)
    voided: Mapped[bool] = mapped_column(default=False)
    # The push's own identity (openid + CreateTime + template), so a re-sent push counts once.
    push_key: Mapped[str | None] = mapped_column(sa.String(150), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_subscription_grants_open", "user_id", "template_id", "confirmed"),)
