"""WeChat's error codes, turned into answers a person can act on."""
from __future__ import annotations

from app.core.errors import DomainError, Forbidden, InvalidInput, ServiceUnavailable, TooManyRequests
from app.wechat.errors import WeChatError, WeChatUnavailable, WeChatWatermarkMismatch

_BY_CODE = {
    40029: lambda: InvalidInput("微信凭证无效或已过期，请重新操作", error="invalid_code", status_code=400),
    40163: lambda: InvalidInput("微信凭证已被使用，请重新操作", error="code_used", status_code=400),
    45011: lambda: TooManyRequests("操作太频繁，请稍后再试", error="wechat_rate_limited"),
    40226: lambda: Forbidden("该微信账号存在安全风险，暂时无法登录", error="risky_user"),
}


def translate(exc: WeChatError) -> DomainError:
    if isinstance(exc, WeChatWatermarkMismatch):
        return InvalidInput("手机号校验失败，请重试", error="phone_watermark_mismatch", status_code=400)
    if isinstance(exc, WeChatUnavailable) or exc.errcode == -1:
        return ServiceUnavailable("微信服务繁忙，请稍后再试", error="wechat_unavailable")
    factory = _BY_CODE.get(exc.errcode)
    if factory is not None:
        return factory()
    return ServiceUnavailable("微信服务暂时无法完成请求，请稍后再试", error="wechat_error")
