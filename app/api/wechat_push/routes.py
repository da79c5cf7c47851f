"""WeChat's push callbacks: the official account's events and the mini-program's popup events.

Each push is checked (signature, freshness, safe-mode decryption, size), de-duplicated (WeChat re-sends
a push it got no answer to within 5 s), handed to a task, and answered "success" at once."""
from __future__ import annotations

import time

from flask import Response, current_app, request
from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.security import public
from app.core.errors import DomainError, Forbidden
from app.core.runtime import kv
from app.tasks.wechat_push import handle_mp_event, handle_oa_event
from app.wechat.push import MAX_PUSH_BYTES, PushRejected, decrypt_oa_push, parse_push, verify_oa_push

blp = Blueprint("wechat_push", __name__, description="微信消息推送回调")
_TEXT = {"content": {"text/plain": {"schema": {"type": "string"}}}}
_DOC = {"responses": {"200": {"description": "success，或校验用的 echostr", **_TEXT}}}


def _credentials(account: str) -> tuple[str, str, str]:
    config = current_app.config
    if account == "oa":
        return config["WECHAT_OA_TOKEN"], config["WECHAT_OA_AES_KEY"], config["WECHAT_OA_APPID"]
    return config["WECHAT_MP_PUSH_TOKEN"], config["WECHAT_MP_PUSH_AES_KEY"], config["WECHAT_MP_APPID"]


def _verified(account: str) -> None:
    token, _, _ = _credentials(account)
    args = request.args
    try:
        verify_oa_push(token, args.get("signature", ""), args.get("timestamp", ""), args.get("nonce", ""),
                       now=time.time())
    except PushRejected as exc:
        raise Forbidden("推送校验失败", error="push_rejected") from exc


def _echo(account: str) -> Response:
    _verified(account)
    return Response(request.args.get("echostr", ""), mimetype="text/plain")


def _receive(account: str):
    """The checked, decrypted, parsed push — or None when it is a re-send we already took."""
    if (request.content_length or 0) > MAX_PUSH_BYTES:
        raise DomainError("推送内容过大", error="push_too_large", status_code=413)
    _verified(account)
    raw = request.get_data(cache=False)
    if len(raw) > MAX_PUSH_BYTES:
        raise DomainError("推送内容过大", error="push_too_large", status_code=413)
    token, aes_key, appid = _credentials(account)
    args = request.args
    try:
        if args.get("encrypt_type") == "aes":
            raw = decrypt_oa_push(raw, token=token, aes_key=aes_key, appid=appid,
                                  msg_signature=args.get("msg_signature", ""),
                                  timestamp=args.get("timestamp", ""), nonce=args.get("nonce", ""))
        event = parse_push(raw, json_format=raw.lstrip().startswith(b"{"))
    except PushRejected as exc:
        raise Forbidden("推送校验失败", error="push_rejected") from exc
    replay_key = f"wxpush:{account}:{args.get('nonce', '')}:{args.get('timestamp', '')}"
    if not kv().set(replay_key, "1", ex=600, nx=True):
        return None
    if not kv().set(f"wxpush:{account}:{event.dedupe_key}", "1", ex=600, nx=True):
        return None
    return {"event": event.event, "openid": event.openid, "scene": event.scene,
            "create_time": event.create_time, "dedupe_key": event.dedupe_key,
            "subscribes": [dict(s) for s in event.subscribes]}


def _success() -> Response:
    return Response("success", mimetype="text/plain")


@blp.route("/oa/push")
class OfficialAccountPush(MethodView):
    @public
    @blp.doc(**_DOC)
    @blp.errors(403, "push_rejected")
    def get(self):
        """公众号服务器地址校验（echostr）"""
        return _echo("oa")

    @public
    @blp.doc(**_DOC)
    @blp.errors(403, "push_rejected")
    @blp.errors(413, "push_too_large")
    def post(self):
        """公众号事件推送：关注/取关/扫码绑定"""
        event = _receive("oa")
        if event is not None and event["event"] in ("subscribe", "unsubscribe", "scan"):
            handle_oa_event.delay(event)
        return _success()


@blp.route("/mp/push")
class MiniProgramPush(MethodView):
    @public
    @blp.doc(**_DOC)
    @blp.errors(403, "push_rejected")
    def get(self):
        """小程序消息推送地址校验（echostr）"""
        return _echo("mp")

    @public
    @blp.doc(**_DOC)
    @blp.errors(403, "push_rejected")
    def post(self):
        """小程序消息推送：订阅消息弹窗结果（subscribe_msg_popup_event）"""
        event = _receive("mp")
        if event is not None and event["event"] == "subscribe_msg_popup_event":
            handle_mp_event.delay(event)
        return _success()
