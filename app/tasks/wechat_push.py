"""Work for WeChat's pushes, done outside the 5 seconds WeChat waits for our answer."""
from __future__ import annotations

from celery import shared_task

from app.accounts import oa_followers
from app.core.unit_of_work import unit_of_work
from app.notify import quotas
from app.wechat.errors import WeChatUnavailable


@shared_task(name="app.tasks.wechat_push.handle_oa_event", max_retries=5, autoretry_for=(WeChatUnavailable,),
             retry_backoff=True, retry_jitter=True)
def handle_oa_event(event: dict) -> int | None:
    """subscribe / SCAN link the follower to our user; unsubscribe unlinks."""
    with unit_of_work():
        if event["event"] in ("subscribe", "scan"):
            return oa_followers.link_follower(event["openid"], event.get("scene"))
        if event["event"] == "unsubscribe":
            return oa_followers.unlink_follower(event["openid"])
    return None


@shared_task(name="app.tasks.wechat_push.handle_mp_event", max_retries=5, retry_backoff=True)
def handle_mp_event(event: dict) -> int:
    """subscribe_msg_popup_event: WeChat's own record of what the person accepted."""
    if event["event"] != "subscribe_msg_popup_event":
        return 0
    with unit_of_work():
        return quotas.record_popup_event(event["openid"], list(event["subscribes"]), event["dedupe_key"])
