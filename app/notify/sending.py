"""One send through the WeChat gateway, turned into an Outcome. Runs outside any transaction."""
from __future__ import annotations

from app.core.runtime import setting, wechat
from app.notify.models import Channel
from app.notify.relay import RETRYABLE_ERRCODES, Job, Outcome
from app.wechat.errors import WeChatError, WeChatUnavailable


def send(job: Job) -> Outcome:
    try:
        if job.channel is Channel.MP_SUBSCRIBE:
            wechat().send_subscribe_message(job.openid, job.template_id, job.data, job.page,
                                            state=setting("WECHAT_MP_STATE"), lang="zh_CN")
        else:
            wechat().send_template_message(job.openid, job.template_id, job.data, mp_pagepath=job.page,
                                           client_msg_id=f"outbox-{job.id}")
    except WeChatUnavailable as exc:
        return Outcome(ok=False, errcode=exc.errcode, errmsg=exc.errmsg or "网络错误或超时", retryable=True)
    except WeChatError as exc:
        return Outcome(ok=False, errcode=exc.errcode, errmsg=exc.errmsg,
                       retryable=exc.errcode in RETRYABLE_ERRCODES)
    return Outcome(ok=True)
