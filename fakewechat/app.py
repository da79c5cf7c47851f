"""The fake's Flask app: records every request, applies injected faults, checks access tokens,
then hands over to the endpoint modules."""
from __future__ import annotations

import time

from flask import Flask, Response, request

from fakewechat import routes_control, routes_mp, routes_oa, routes_oauth
from fakewechat.common import STATE_KEY, TOKEN_OWNER, TOKENLESS, account_appid, json_body, state, wx_error
from fakewechat.state import FakeState


def create_app(fake_state: FakeState) -> Flask:
    app = Flask("fakewechat")
    app.extensions[STATE_KEY] = fake_state
    app.before_request(_intercept)
    for module in (routes_mp, routes_oa, routes_oauth, routes_control):
        app.register_blueprint(module.bp)
    return app


def _intercept():
    if request.path.startswith("/_fake/"):
        return None
    st = state()
    st.record(request.method, request.path, request.args.to_dict(), json_body())
    fault = st.take_fault(request.path)
    if fault is not None:
        if fault.delay:
            time.sleep(fault.delay)
        if fault.http_status != 200:
            return Response(f"injected HTTP {fault.http_status}", status=fault.http_status,
                            mimetype="text/plain")
        if fault.errcode is not None:
            return wx_error(fault.errcode, fault.errmsg)
    return _check_token()


def _check_token():
    path = request.path
    if not path.startswith(("/cgi-bin/", "/wxa/")) or path in TOKENLESS:
        return None
    st = state()
    appid = st.token_appid(request.args.get("access_token"))
    if appid is None:
        return wx_error(40001, "invalid credential, access_token is invalid or not latest")
    owner = TOKEN_OWNER.get(path)
    if owner is not None and appid != account_appid(owner):
        return wx_error(48001, f"api unauthorized: {path} needs the {owner.upper()} access token")
    return None
