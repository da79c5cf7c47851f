"""WeChat failures as our own exceptions, so no caller has to know wechatpy or requests.

`WeChatUnavailable` means "try again later" (network, timeout, HTTP 5xx, errcode -1 "system busy");
any other `WeChatError` is an answer from WeChat that a retry will not change.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import requests
from wechatpy.exceptions import WeChatException

SYSTEM_BUSY = -1


class WeChatError(Exception):
    def __init__(self, errcode: int | None = None, errmsg: str = ""):
        super().__init__(f"WeChat error {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class WeChatUnavailable(WeChatError):
    """Network error, timeout, HTTP 5xx or errcode -1: transient, worth a retry with backoff."""


class WeChatWatermarkMismatch(WeChatError):
    """Decrypted or returned data was issued for another appid: never trust it."""


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn wechatpy and requests exceptions raised inside the block into WeChatError subclasses.

    For callers that use `gateway.mp_client` / `gateway.oa_client` directly.
    """
    try:
        yield
    except WeChatError:
        raise
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise WeChatUnavailable(None, f"{type(exc).__name__}: {exc}") from exc
    except WeChatException as exc:
        raise from_wechatpy(exc) from exc
    except requests.RequestException as exc:
        raise WeChatUnavailable(None, f"{type(exc).__name__}: {exc}") from exc


def from_wechatpy(exc: WeChatException) -> WeChatError:
    errcode = exc.errcode
    if errcode is None:
        # wechatpy raises errcode=None for a non-2xx HTTP answer; keep the status for the logs.
        response = getattr(exc, "response", None)
        status = getattr(response, "status_code", None)
        message = f"HTTP {status}" if status is not None else str(exc.errmsg or "no response")
        if status is None or status >= 500:
            return WeChatUnavailable(None, message)
        return WeChatError(None, message)
    errcode = int(errcode)
    errmsg = str(exc.errmsg or "")
    if errcode == SYSTEM_BUSY:
        return WeChatUnavailable(errcode, errmsg)
    return WeChatError(errcode, errmsg)
