"""Subscribe-message credits: one accept in wx.requestSubscribeMessage allows one send of that template.

The mini-program reports what the person accepted (advisory: it is the client speaking). WeChat's own
subscribe_msg_popup_event, when it arrives, is the authoritative record: it confirms a reported accept,
overrules it (reject), or adds one the client never reported.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import User
from app.core.errors import InvalidInput
from app.core.persistence import upsert_insert
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.models import GrantSource, SubscriptionGrant, SubscriptionQuota
from app.notify.templates import mp_template_ids

ACCEPTED = {"accept", "acceptWithAudio", "acceptWithAlert"}
STATUSES = ACCEPTED | {"reject", "ban", "filter"}
CONFIRM_WINDOW = timedelta(minutes=10)
UNCONFIRMED_TTL = timedelta(days=1)


def _add_credits(user_id: int, template_id: str, delta: int) -> None:
    insert = upsert_insert(SubscriptionQuota)
    now = utcnow()
    if delta >= 0:
        statement = insert.values(user_id=user_id, template_id=template_id, credits=delta, updated_at=now) \
            .on_conflict_do_update(index_elements=["user_id", "template_id"],
                                   set_={"credits": SubscriptionQuota.credits + delta, "updated_at": now})
    else:
        statement = sa.update(SubscriptionQuota).where(
            SubscriptionQuota.user_id == user_id, SubscriptionQuota.template_id == template_id).values(
            credits=sa.case((SubscriptionQuota.credits + delta < 0, 0), else_=SubscriptionQuota.credits + delta),
            updated_at=now)
    db.session.execute(statement)


def credits_of(user_id: int) -> dict[str, int]:
    rows = db.session.execute(sa.select(SubscriptionQuota.template_id, SubscriptionQuota.credits)
                              .where(SubscriptionQuota.user_id == user_id))
    return dict(rows.tuples().all())


def record_client_results(user_id: int, results: dict[str, str]) -> dict[str, int]:
    known = mp_template_ids()
    problems = {tid: ["未知的订阅消息模板"] for tid in results if tid not in known}
    problems.update({tid: ["订阅结果无效"] for tid, status in results.items() if status not in STATUSES})
    if problems:
        raise InvalidInput(errors={"results": problems})
    for template_id, status in results.items():
        if status in ACCEPTED:
            db.session.add(SubscriptionGrant(user_id=user_id, template_id=template_id, source=GrantSource.CLIENT))
            _add_credits(user_id, template_id, +1)
    db.session.flush()
    return credits_of(user_id)


def record_popup_event(openid: str, subscribes: list[dict], event_key: str) -> int:
    """Apply WeChat's record of one popup. Returns how many template results changed anything."""
    user_id = db.session.scalar(sa.select(User.id).where(User.mp_openid == openid))
    if user_id is None:
        return 0
    changed = 0
    for item in subscribes:
        template_id, status = item["template_id"], item["status"]
        push_key = f"{event_key}:{template_id}"[:150]
        if db.session.scalar(sa.select(SubscriptionGrant.id).where(SubscriptionGrant.push_key == push_key)):
            continue  # WeChat re-sent the push
        reported = db.session.scalar(sa.select(SubscriptionGrant).where(
            SubscriptionGrant.user_id == user_id, SubscriptionGrant.template_id == template_id,
            SubscriptionGrant.source == GrantSource.CLIENT, SubscriptionGrant.confirmed.is_(False),
            SubscriptionGrant.created_at >= utcnow() - CONFIRM_WINDOW).order_by(SubscriptionGrant.id).limit(1))
        if status in ACCEPTED:
            if reported is not None:
                reported.confirmed, reported.push_key = True, push_key
            else:
                db.session.add(SubscriptionGrant(user_id=user_id, template_id=template_id, source=GrantSource.PUSH,
                                                 confirmed=True, push_key=push_key))
                _add_credits(user_id, template_id, +1)
            changed += 1
        elif reported is not None:
            reported.confirmed, reported.voided, reported.push_key = True, True, push_key
            _add_credits(user_id, template_id, -1)
            changed += 1
    db.session.flush()
    return changed


def reconcile() -> int:
    """Void client-reported accepts WeChat never confirmed within a day (only when WeChat pushes popup
    events to us at all). Safe to run twice: voided grants are not counted again."""
    stale = sa.and_(SubscriptionGrant.source == GrantSource.CLIENT, SubscriptionGrant.confirmed.is_(False),
                    SubscriptionGrant.voided.is_(False), SubscriptionGrant.created_at < utcnow() - UNCONFIRMED_TTL)
    groups = db.session.execute(sa.select(SubscriptionGrant.user_id, SubscriptionGrant.template_id,
                                          sa.func.count()).where(stale)
                                .group_by(SubscriptionGrant.user_id, SubscriptionGrant.template_id)).all()
    for user_id, template_id, count in groups:
        _add_credits(user_id, template_id, -count)
    db.session.execute(sa.update(SubscriptionGrant).where(stale).values(voided=True))
    return sum(count for *_, count in groups)
