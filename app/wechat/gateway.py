"""The WeChat gateway: the only door to WeChat. Plain values in, plain values out; every failure
surfaces as a WeChatError (see errors.py), never as a wechatpy or requests exception."""
from __future__ import annotations

import functools
from collections.abc import Mapping

from app.core.kv import KeyValueStore
from app.wechat import messages
from app.wechat.clients import WeChatApiClient, WeChatOAuthClient
from app.wechat.errors import WeChatError, WeChatUnavailable, WeChatWatermarkMismatch, translate_errors
from app.wechat.storage import KVSessionStorage


def _translated(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with translate_errors():
            return method(*args, **kwargs)

    return wrapper


def _answer(result, *required: str) -> dict:
    """WeChat answered 200 but not with the JSON we expect: treat as an outage, not as data."""
    if not isinstance(result, dict):
        raise WeChatUnavailable(None, "answer is not a JSON object")
    missing = [key for key in required if not result.get(key)]
    if missing:
        raise WeChatError(None, f"answer lacks {', '.join(missing)}")
    return result


class WeChatGateway:
    def __init__(self, *, kv: KeyValueStore, api_base: str, authorize_url: str, mp_appid: str, mp_secret: str,
                 oa_appid: str, oa_secret: str, timeout: float):
        storage = KVSessionStorage(kv)
        self.mp_appid = mp_appid
        self.oa_appid = oa_appid
        self._mp = WeChatApiClient(mp_appid, mp_secret, api_base=api_base, kv=kv, session=storage,
                                   timeout=timeout)
        self._oa = WeChatApiClient(oa_appid, oa_secret, api_base=api_base, kv=kv, session=storage,
                                   timeout=timeout)
        self._oauth_args = {"api_base": api_base, "authorize_url": authorize_url, "timeout": timeout}
        self._oa_secret = oa_secret

    @property
    def mp_client(self) -> WeChatApiClient:
        """The mini-program's wechatpy client; wrap direct calls in `errors.translate_errors()`."""
        return self._mp

    @property
    def oa_client(self) -> WeChatApiClient:
        """The official account's wechatpy client; wrap direct calls in `errors.translate_errors()`."""
        return self._oa

    # -- mini-program --------------------------------------------------------------------------
    @_translated
    def code_to_session(self, code: str) -> dict:
        """Exchange a wx.login code: {"openid", "session_key", "unionid" or None}.

        Raises WeChatError 40029 (invalid code), 40163 (code used), 40226 (risky user), 45011 (quota).
        """
        result = self._mp.wxa._get("sns/jscode2session", params={
            "appid": self.mp_appid,
            "secret": self._mp.secret,
            "js_code": code,
            "grant_type": "authorization_code",
            # jscode2session needs no access token; None keeps wechatpy from fetching one (requests
            # drops None parameters), so a token outage cannot block logins.
            "access_token": None,
        })
        result = _answer(result, "openid", "session_key")
        return {"openid": result["openid"], "session_key": result["session_key"],
                "unionid": result.get("unionid") or None}

    @_translated
    def get_phone_number(self, code: str, openid: str | None = None) -> dict:
        """Exchange a getPhoneNumber code: {"phone": purePhoneNumber, "country_code"}.

        `openid` lets WeChat check the code belongs to that user (wechatpy cannot send it).
        Raises WeChatWatermarkMismatch when the number was issued for another appid.
        """
        body = {"code": code}
        if openid:
            body["openid"] = openid
        result = _answer(self._mp.wxa._post("wxa/business/getuserphonenumber", data=body), "phone_info")
        info = result["phone_info"]
        watermark_appid = (info.get("watermark") or {}).get("appid")
        if watermark_appid != self.mp_appid:
            raise WeChatWatermarkMismatch(None, f"phone number issued for appid {watermark_appid!r}")
        if not info.get("purePhoneNumber"):
            raise WeChatError(None, "answer lacks purePhoneNumber")
        return {"phone": info["purePhoneNumber"], "country_code": str(info.get("countryCode") or "")}

    @_translated
    def send_subscribe_message(self, openid: str, template_id: str, data: Mapping[str, str], page: str | None,
                               *, state: str = "formal", lang: str = "zh_CN") -> None:
        """Send a one-time subscribe message; `data` is plain {"thing1": "text"} (sanitize it first).

        Each send uses up one of the user's credits for the template. Raises WeChatError 43101 (no
        credit / refused), 47003 (a value breaks its type; errmsg names the field), 40003 (openid),
        40037 (template), 41030 (page), 45009 (quota); WeChatUnavailable for -1 and network faults.
        """
        body = messages.subscribe_body(openid, template_id, data, page, state=state, lang=lang)
        # wechatpy's send_subscribe_message drops miniprogram_state and lang (wechatpy#817).
        _answer(self._mp.wxa._post("cgi-bin/message/subscribe/send", data=body))

    # -- official account ----------------------------------------------------------------------
    def oauth_authorize_url(self, redirect_uri: str, state: str, scope: str = "snsapi_base") -> str:
        """Where to send a browser inside WeChat for OA web OAuth (ends with #wechat_redirect)."""
        return self._oauth(redirect_uri=redirect_uri, scope=scope, state=state).authorize_url

    @_translated
    def oauth_fetch_token(self, code: str) -> dict:
        """Exchange an OAuth code: {"openid", "unionid" or None, "scope", "is_snapshotuser": bool}.

        Raises WeChatError 40029 (invalid code) or 40163 (code used).
        """
        result = _answer(self._oauth().fetch_access_token(code), "openid")
        return {"openid": result["openid"], "unionid": result.get("unionid") or None,
                "scope": result.get("scope") or "",
                "is_snapshotuser": result.get("is_snapshotuser") == 1}

    @_translated
    def oa_user_info(self, openid: str) -> dict:
        """A follower's status: {"openid", "subscribed": bool, "unionid" or None}."""
        result = _answer(self._oa.user.get(openid))
        return {"openid": result.get("openid") or openid, "subscribed": result.get("subscribe") == 1,
                "unionid": result.get("unionid") or None}

    @_translated
    def send_template_message(self, openid: str, template_id: str, data: Mapping[str, str], *,
                              mp_pagepath: str | None, client_msg_id: str) -> int:
        """Send an OA template message to a follower; returns WeChat's msgid.

        WeChat sends one message per (openid, client_msg_id) within 10 minutes, so a retried job
        passes the same id. `mp_pagepath` makes the card open that mini-program page. Raises
        WeChatError 43004 (not a follower), 40003, 40037, 47003, 45009; WeChatUnavailable as usual.
        """
        body = messages.template_body(openid, template_id, data, mp_appid=self.mp_appid,
                                      mp_pagepath=mp_pagepath, client_msg_id=client_msg_id)
        # wechatpy's send_template has no client_msg_id.
        result = _answer(self._oa.post("message/template/send", data=body), "msgid")
        return int(result["msgid"])

    @_translated
    def create_bind_qrcode(self, scene: str, expire_seconds: int = 600) -> dict:
        """A temporary OA QR code carrying `scene` (QR_STR_SCENE): {"ticket", "url", "expire_seconds"}.

        Scanning it pushes a subscribe event (EventKey "qrscene_" + scene) to a new follower, or a
        SCAN event (EventKey scene) to an existing one. Show it via
        https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=<ticket> or render `url` as a QR code.
        """
        body = messages.bind_qrcode_body(scene, expire_seconds)
        result = _answer(self._oa.qrcode.create(body), "ticket", "url")
        return {"ticket": result["ticket"], "url": result["url"],
                "expire_seconds": int(result.get("expire_seconds") or expire_seconds)}

    def _oauth(self, redirect_uri: str = "", scope: str = "snsapi_base",
               state: str = "") -> WeChatOAuthClient:
        # A fresh instance per call: WeChatOAuth keeps the user's tokens on itself.
        return WeChatOAuthClient(self.oa_appid, self._oa_secret, redirect_uri, scope=scope, state=state,
                                 **self._oauth_args)


def build_gateway(config: Mapping, kv: KeyValueStore) -> WeChatGateway:
    return WeChatGateway(
        kv=kv,
        api_base=config["WECHAT_API_BASE"],
        authorize_url=config["WECHAT_OAUTH_AUTHORIZE_URL"],
        mp_appid=config["WECHAT_MP_APPID"],
        mp_secret=config["WECHAT_MP_SECRET"],
        oa_appid=config["WECHAT_OA_APPID"],
        oa_secret=config["WECHAT_OA_SECRET"],
        timeout=float(config.get("WECHAT_TIMEOUT", 5)),
    )
