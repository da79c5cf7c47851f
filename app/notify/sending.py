"""One send through the WeChat gateway, turned into an Outcome. Runs outside any transaction."""
from __future__ import annotations

from collections.abc import Callable

from app.core.runtime import setting, wechat
from app.notify.models import Channel
from app.notify.relay import RETRYABLE_ERRCODES, Job, Outcome
from app.wechat.errors import WeChatError, WeChatUnavailable


def sender() -> Callable[[Job], Outcome]:
    """send(job) bound to the current app's gateway and settings, so the relay's send threads need no
    app context of their own."""
    gateway, mp_state = wechat(), setting("WECHAT_MP_STATE")

    def send(job: Job) -> Outcome:
        try:
            if job.channel is Channel.MP_SUBSCRIBE:
                gateway.send_subscribe_message(job.openid, job.template_id, job.data, job.page,
                                               state=mp_state, lang="zh_CN")
            else:
                gateway.send_template_message(job.openid, job.template_id, job.data, mp_pagepath=job.page,
                                              client_msg_id=f"outbox-{job.id}")
        except WeChatUnavailable as exc:
            return Outcome(ok=False, errcode=exc.errcode, errmsg=exc.errmsg or "网络错误或超时", retryable=True)
        except WeChatError as exc:
            return Outcome(ok=False, errcode=exc.errcode, errmsg=exc.errmsg,
                           retryable=exc.errcode in RETRYABLE_ERRCODES)
        return Outcome(ok=True)

    return send
