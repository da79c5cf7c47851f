"""Official-account web OAuth round trip: our redirect, the fake WeChat's authorize page, our callback,
the one-time ticket exchange. Each hop is real HTTP or the real WSGI app."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

from tests.factories import auth


def start(client, next_path="/h5/needs"):
    response = client.get("/api/v1/auth/oa/authorize", query_string={"next": next_path})
    assert response.status_code == 302, response.json
    return response.headers["Location"]


def through_wechat(authorize_url: str, who: str) -> tuple[str, str]:
    """Let the fake WeChat play the user's browser at the consent step: it redirects back to us."""
    answer = requests.get(authorize_url.split("#")[0] + f"&as={who}", allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    return query["code"][0], query["state"][0]


def test_round_trip_gives_tokens_through_a_one_time_ticket(client, app_ctx, fake_wechat):
    url = start(client)
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert url.startswith(fake_wechat.base_url + "/connect/oauth2/authorize")
    assert url.endswith("#wechat_redirect")
    assert query["appid"] == [app_ctx.config["WECHAT_OA_APPID"]]
    assert query["scope"] == ["snsapi_base"]
    assert query["redirect_uri"][0].endswith("/api/v1/auth/oa/callback")

    code, state = through_wechat(url, "lily")
    back = client.get("/api/v1/auth/oa/callback", query_string={"code": code, "state": state})
    assert back.status_code == 302
    target, _, fragment = back.headers["Location"].partition("#")
    assert target == "/h5/needs"
    ticket = parse_qs(fragment)["ticket"][0]

    tokens = client.post("/api/v1/auth/oa/exchange", json={"ticket": ticket})
    assert tokens.status_code == 200
    me = client.get("/api/v1/me", headers=auth(tokens.json["access_token"]))
    assert me.status_code == 200
    again = client.post("/api/v1/auth/oa/exchange", json={"ticket": ticket})
    assert again.status_code == 404 and again.json["error"] == "invalid_ticket"

    replayed = client.get("/api/v1/auth/oa/callback", query_string={"code": code, "state": state})
    assert replayed.status_code == 400 and replayed.json["error"] == "invalid_state"


def test_oa_and_mini_program_identities_meet_on_unionid(client):
    code, state = through_wechat(start(client), "mike")
    fragment = client.get("/api/v1/auth/oa/callback", query_string={"code": code, "state": state}) \
        .headers["Location"].partition("#")[2]
    oa_user = client.post("/api/v1/auth/oa/exchange", json={"ticket": parse_qs(fragment)["ticket"][0]}).json
    mp_user = client.post("/api/v1/auth/mp/login", json={"code": "dev-mike"}).json
    assert oa_user["user"]["id"] == mp_user["user"]["id"]


def test_snapshot_mode_visitor_is_refused(client):
    url = start(client)
    state = parse_qs(urlsplit(url).query)["state"][0]
    response = client.get("/api/v1/auth/oa/callback", query_string={"code": "oa-snapshot-nina", "state": state})
    assert response.status_code == 403
    assert response.json["error"] == "snapshot_user"


def test_invalid_code_and_unknown_state(client):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    bad = client.get("/api/v1/auth/oa/callback", query_string={"code": "garbage", "state": state})
    assert bad.status_code == 400 and bad.json["error"] == "invalid_code"
    unknown = client.get("/api/v1/auth/oa/callback", query_string={"code": "oa-olga", "state": "forged-state"})
    assert unknown.status_code == 400 and unknown.json["error"] == "invalid_state"
    missing = client.get("/api/v1/auth/oa/callback")
    assert missing.status_code == 422 and set(missing.json["errors"]) == {"code", "state"}


def test_next_must_stay_on_our_site(client):
    for evil in ("//evil.example.com/x", "https://evil.example.com/", "javascript:alert(1)", "\\\\evil"):
        response = client.get("/api/v1/auth/oa/authorize", query_string={"next": evil})
        assert response.status_code == 422, evil
        assert response.json["error"] == "invalid_next"
