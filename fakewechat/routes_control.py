"""The fake's own controls over HTTP, for the local run (tests use the FakeWeChat methods)."""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from fakewechat import identities
from fakewechat.common import json_body, state
from fakewechat.state import Fault

bp = Blueprint("fake_control", __name__, url_prefix="/_fake")


@bp.get("/requests")
def list_requests():
    """Every recorded request; `?path=/sns/jscode2session` filters by path."""
    records = state().requests()
    path = request.args.get("path")
    if path:
        records = [r for r in records if r["path"] == path]
    return jsonify(records)


@bp.get("/deliveries")
def list_deliveries():
    """Messages that reached a phone (template repeats with one client_msg_id count once); `?kind=`."""
    records = state().deliveries()
    kind = request.args.get("kind")
    if kind:
        records = [r for r in records if r["kind"] == kind]
    return jsonify(records)


@bp.post("/reset")
def reset():
    state().reset()
    return jsonify({"ok": True})


@bp.post("/faults")
def add_fault():
    """Body: {"path", "errcode"?, "errmsg"?, "times"? (null = forever), "delay"?, "http_status"?}."""
    body = json_body() or {}
    try:
        fault = make_fault(body.get("path"), errcode=body.get("errcode"),
                           errmsg=body.get("errmsg", "injected"), times=body.get("times", 1),
                           delay=body.get("delay", 0.0), http_status=body.get("http_status", 200))
    except (TypeError, ValueError) as exc:
        return jsonify({"ok": False, "error": str(exc)}), 400
    state().add_fault(fault)
    return jsonify({"ok": True})


@bp.post("/invalidate_tokens")
def invalidate_tokens():
    state().invalidate_tokens()
    return jsonify({"ok": True})


@bp.get("/identity")
def identity():
    """The ids the fake gives `?name=alice`, to line up a dev account with what the app stored."""
    st = state()
    name = request.args.get("name") or ""
    if not name:
        return jsonify({"ok": False, "error": "name is required"}), 400
    return jsonify({"name": name, "mp_openid": identities.openid_for(st.mp_appid, name),
                    "oa_openid": identities.openid_for(st.oa_appid, name),
                    "unionid": identities.unionid_for(name)})


def make_fault(path, errcode=None, errmsg="injected", times=1, delay=0.0, http_status=200) -> Fault:
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError("path must be an absolute path such as /sns/jscode2session")
    if times is not None and int(times) < 1:
        raise ValueError("times must be >= 1, or None for forever")
    return Fault(path=path, errcode=None if errcode is None else int(errcode), errmsg=str(errmsg),
                 remaining=None if times is None else int(times), delay=float(delay),
                 http_status=int(http_status))
