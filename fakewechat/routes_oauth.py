"""Official-account web OAuth (H5 pages): the authorize redirect and the /sns token endpoints.

Codes are ``oa-<name>`` or ``oa-<name>.<nonce>`` (what the authorize redirect hands out), each usable
once. ``oa-snapshot-<name>`` is a "snapshot page" virtual user: its own openid, no unionid and
``is_snapshotuser: 1``, as on the real platform.
"""
from __future__ import annotations

import secrets
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, request

from fakewechat import identities
from fakewechat.common import ok, plain, state, wx_error

bp = Blueprint("fake_oauth", __name__)

SCOPES = ("snsapi_base", "snsapi_userinfo")
DEFAULT_PERSON = "h5user"
SNAPSHOT = "snapshot-"


@bp.get("/connect/oauth2/authorize")
def authorize():
    """Stands in for WeChat's consent step so a person can do the whole round trip in a browser;
    `as=<name>` picks who is "logged in"."""
    st, args = state(), request.args
    if args.get("appid") != st.oa_appid:
        return Response("fake WeChat: invalid appid", status=400, mimetype="text/plain")
    redirect_uri = args.get("redirect_uri")
    if not redirect_uri or args.get("response_type") != "code" or args.get("scope") not in SCOPES:
        return Response("fake WeChat: redirect_uri, response_type=code and a valid scope are required",
                        status=400, mimetype="text/plain")
    code = f"oa-{args.get('as') or DEFAULT_PERSON}.{secrets.token_hex(6)}"
    st.note_oauth_code(code, args["scope"])
    separator = "&" if "?" in redirect_uri else "?"
    return redirect(f"{redirect_uri}{separator}{urlencode({'code': code, 'state': args.get('state', '')})}",
                    code=302)


@bp.get("/sns/oauth2/access_token")
def access_token():
    st, args = state(), request.args
    if args.get("appid") != st.oa_appid:
        return wx_error(40013, "invalid appid")
    if not args.get("secret"):
        return wx_error(40125, "invalid appsecret")
    if args.get("grant_type") != "authorization_code":
        return wx_error(40002, "invalid grant_type")
    code = args.get("code") or ""
    name = code.removeprefix("oa-").split(".", 1)[0] if code.startswith("oa-") else ""
    if not name or name == SNAPSHOT:
        return wx_error(40029, "invalid code")
    if not st.use_code(code):
        return wx_error(40163, "code been used")
    snapshot = name.startswith(SNAPSHOT)
    grant = st.issue_oauth_grant(name, st.oauth_code_scope(code) or "snsapi_base", snapshot)
    result = _grant_payload(grant)
    if snapshot:
        result["is_snapshotuser"] = 1
    else:
        st.remember_person(name)
    return plain(**result)


@bp.get("/sns/oauth2/refresh_token")
def refresh_token():
    st, args = state(), request.args
    if args.get("appid") != st.oa_appid:
        return wx_error(40013, "invalid appid")
    if args.get("grant_type") != "refresh_token":
        return wx_error(40002, "invalid grant_type")
    grant = st.refresh_oauth_grant(args.get("refresh_token") or "")
    if grant is None:
        return wx_error(40030, "invalid refresh_token")
    result = _grant_payload(grant)
    result.pop("unionid", None)
    return plain(**result)


@bp.get("/sns/userinfo")
def userinfo():
    grant = state().oauth_grant(request.args.get("access_token"))
    if grant is None:
        return wx_error(40001, "invalid credential, access_token is invalid or not latest")
    if request.args.get("openid") != grant["openid"]:
        return wx_error(40003, "invalid openid")
    if grant["scope"] != "snsapi_userinfo":
        return wx_error(48001, "api unauthorized, scope is snsapi_base")
    info = {"openid": grant["openid"], "nickname": grant["name"], "sex": 0, "province": "", "city": "",
            "country": "", "headimgurl": "", "privilege": []}
    if not grant["snapshot"]:
        info["unionid"] = identities.unionid_for(grant["name"])
    return plain(**info)


@bp.get("/sns/auth")
def auth():
    grant = state().oauth_grant(request.args.get("access_token"))
    if grant is None:
        return wx_error(40001, "invalid credential, access_token is invalid or not latest")
    if request.args.get("openid") != grant["openid"]:
        return wx_error(40003, "invalid openid")
    return ok()


def _grant_payload(grant: dict) -> dict:
    result = {"access_token": grant["access_token"], "expires_in": 7200,
              "refresh_token": grant["refresh_token"], "openid": grant["openid"], "scope": grant["scope"]}
    if not grant["snapshot"]:
        result["unionid"] = identities.unionid_for(grant["name"])
    return result
