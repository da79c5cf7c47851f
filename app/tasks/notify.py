"""Delivery of the notification outbox: kicked after each publishing commit, swept by beat every minute,
so a broker outage delays delivery but loses nothing (the rows wait in the database)."""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from celery import shared_task
from flask import current_app
from sqlalchemy.orm import Session

from app.core.unit_of_work import unit_of_work
from app.notify import relay
from app.notify.publish import KICK_FLAG
from app.notify.sending import sender

log = logging.getLogger(__name__)


def deliver_due(max_messages: int | None = None) -> int:
    """Claim and send batches until nothing is due (or `max_messages` were handled)."""
    handled = 0
    batch_size = current_app.config["NOTIFY_BATCH_SIZE"]
    group_size = current_app.config["NOTIFY_SEND_THREADS"]
    renew_every = current_app.config["NOTIFY_LEASE_SECONDS"] / 4
    send = sender()
    # The sends wait on WeChat, not on the CPU: a group's requests go out at once. Each group is started
    # in one transaction, which also records the previous group's results, so a killed relay leaves at
    # most one group per relay thread `sending` with its outcome unknown.
    with ThreadPoolExecutor(max_workers=group_size, thread_name_prefix="outbox-send") as pool:
        while max_messages is None or handled < max_messages:
            with unit_of_work():
                jobs, claimed = relay.claim_due(batch_size)
            if not claimed:
                break
            done: list = []
            renewed_at = time.monotonic()
            for first in range(0, len(jobs), group_size):
                with unit_of_work():
                    relay.record_results(done)
                    if time.monotonic() - renewed_at > renew_every:
                        relay.renew(jobs[0].token)
                        renewed_at = time.monotonic()
                    group = relay.start_group(jobs[first:first + group_size])
                done = list(zip(group, pool.map(send, group), strict=True))
            with unit_of_work():
                relay.record_results(done)
            handled += claimed
    return handled


@shared_task(name="app.tasks.notify.deliver_outbox", max_retries=3, autoretry_for=(sa.exc.OperationalError,),
             retry_backoff=True, retry_jitter=True)
def deliver_outbox() -> int:
    return deliver_due()


@shared_task(name="app.tasks.notify.sweep_outbox", max_retries=3, autoretry_for=(sa.exc.OperationalError,),
             retry_backoff=True, retry_jitter=True)
def sweep_outbox() -> dict:
    """Every minute: hand back what dead relays held, then deliver whatever is due."""
    with unit_of_work():
        recovered = relay.recover_stale()
    return {**recovered, "delivered": deliver_due()}


def _kick_after_commit(session: Session) -> None:
    # after_commit also fires when a SAVEPOINT is released (publish uses one): kick only on the real
    # commit, once, when the rows are visible to the worker.
    if session.in_nested_transaction() or not session.info.pop(KICK_FLAG, False):
        return
    try:
        # No publish retries: if the broker is down, the minute sweep delivers instead.
        deliver_outbox.apply_async(retry=False)
    except Exception:
        log.warning("could not kick outbox delivery; the sweep will deliver", exc_info=True)


def _forget_kick(session: Session) -> None:
    session.info.pop(KICK_FLAG, None)


def register_kick(app) -> None:
    # Listeners are process-wide (on the Session class); register each once however many apps exist.
    if app.config["NOTIFY_KICK"] and not sa.event.contains(Session, "after_commit", _kick_after_commit):
        sa.event.listen(Session, "after_commit", _kick_after_commit)
    if not sa.event.contains(Session, "after_rollback", _forget_kick):
        sa.event.listen(Session, "after_rollback", _forget_kick)
