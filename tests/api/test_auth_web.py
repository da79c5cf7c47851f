"""Browser sign-in (console and website): the refresh token lives only in an HttpOnly, SameSite=Strict
cookie scoped to /api/v1/auth/web — never in a JSON body a script could read — and rotates on every
refresh like the mini-program's; a replayed cookie ends the session; logout ends it server-side."""
from __future__ import annotations

from app.accounts.models import OrgKind
from tests.factories import PASSWORD, auth, load_regions, make_account, make_org

LOGIN, REFRESH, LOGOUT = "/api/v1/auth/web/login", "/api/v1/auth/web/refresh", "/api/v1/auth/web/logout"


def _station_account():
    load_regions()
    make_account(make_org(OrgKind.STATION, "440106001", "五山街道社工站"), "ws-station")


def _cookie_header(response) -> str:
    [header] = [v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("tb_refresh=")]
    return header


def _cookie_value(client) -> str:
    cookie = client.get_cookie("tb_refresh", path="/api/v1/auth/web")
    return cookie.value if cookie else ""


def test_login_sets_a_strict_http_only_cookie_and_no_refresh_token_in_the_body(client, app_ctx):
    _station_account()
    answer = client.post(LOGIN, json={"username": "ws-station", "password": PASSWORD})
    assert answer.status_code == 200, answer.json
    assert "refresh_token" not in answer.json
    assert answer.json["user"]["username"] == "ws-station" and answer.json["access_token"]
    header = _cookie_header(answer)
    for part in ("HttpOnly", "SameSite=Strict", "Path=/api/v1/auth/web", "Max-Age="):
        assert part in header
    assert "Secure" not in header  # http:// in tests; production's https:// base URL adds it (below)
    assert client.get("/api/v1/me", headers=auth(answer.json["access_token"])).status_code == 200


def test_the_cookie_is_secure_behind_https(app, client, app_ctx):
    _station_account()
    app.config["PUBLIC_BASE_URL"] = "https://timebank.example.cn"
    try:
        answer = client.post(LOGIN, json={"username": "ws-station", "password": PASSWORD})
    finally:
        app.config["PUBLIC_BASE_URL"] = "http://127.0.0.1:5000"
    assert "Secure" in _cookie_header(answer)


def test_refresh_rotates_the_cookie_and_a_replayed_one_ends_the_session(client, app_ctx):
    _station_account()
    client.post(LOGIN, json={"username": "ws-station", "password": PASSWORD})
    first = _cookie_value(client)
    refreshed = client.post(REFRESH)
    assert refreshed.status_code == 200, refreshed.json
    assert refreshed.json["user"]["username"] == "ws-station" and "refresh_token" not in refreshed.json
    second = _cookie_value(client)
    assert second and second != first

    # A copy of the old cookie used by someone else: the whole session ends, the current cookie with it.
    client.set_cookie("tb_refresh", first, path="/api/v1/auth/web")
    stolen = client.post(REFRESH)
    assert stolen.status_code == 401 and stolen.json["error"] == "invalid_refresh_token"
    client.set_cookie("tb_refresh", second, path="/api/v1/auth/web")
    assert client.post(REFRESH).status_code == 401


def test_refresh_without_or_with_a_garbage_cookie_is_a_plain_401(client, app_ctx):
    assert client.post(REFRESH).json["error"] == "invalid_refresh_token"
    client.set_cookie("tb_refresh", "x" * 1000, path="/api/v1/auth/web")
    assert client.post(REFRESH).status_code == 401


def test_logout_ends_the_session_and_clears_the_cookie(client, app_ctx):
    _station_account()
    access = client.post(LOGIN, json={"username": "ws-station", "password": PASSWORD}).json["access_token"]
    out = client.post(LOGOUT)
    assert out.status_code == 204
    assert "tb_refresh=;" in _cookie_header(out)
    assert client.get("/api/v1/me", headers=auth(access)).status_code == 401
    assert client.post(REFRESH).status_code == 401
    assert client.post(LOGOUT).status_code == 204  # idempotent, even without a cookie


def test_wrong_password_and_pending_change_behave_as_the_json_login(client, app_ctx):
    load_regions()
    make_account(make_org(OrgKind.LEAGUE, "440106"), "th-league", must_change=True)
    wrong = client.post(LOGIN, json={"username": "th-league", "password": "nope-nope"})
    assert wrong.status_code == 401 and wrong.json["error"] == "invalid_credentials"
    assert client.get_cookie("tb_refresh", path="/api/v1/auth/web") is None
    pending = client.post(LOGIN, json={"username": "th-league", "password": PASSWORD}).json
    assert pending["user"]["must_change_password"] is True
    assert client.get("/api/v1/organisations", headers=auth(pending["access_token"])).json["error"] == \
        "password_change_required"
