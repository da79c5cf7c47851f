"""Organisation password accounts: login, forced change of the initial password, lockout, rate limit."""
from __future__ import annotations

import pytest

from app.accounts.models import MemberRole, OrgKind
from app.extensions import limiter
from tests.factories import PASSWORD, auth, load_regions, make_account, make_org


@pytest.fixture
def league_account(app_ctx):
    load_regions()
    org_id = make_org(OrgKind.LEAGUE, "440106")
    from app.accounts.models import Organisation
    from app.accounts.organisations import create_account
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db

    with unit_of_work():
        user, password = create_account(db.session.get(Organisation, org_id), "th-league", MemberRole.ADMIN)
    assert password == "000000"
    return org_id


def login(client, username, password):
    return client.post("/api/v1/auth/password/login", json={"username": username, "password": password})


def test_league_account_must_replace_000000_before_anything_else(client, league_account):
    response = login(client, "th-league", "000000")
    assert response.status_code == 200
    body = response.json
    assert body["user"]["must_change_password"] is True
    token = body["access_token"]

    blocked = client.get("/api/v1/organisations", headers=auth(token))
    assert blocked.status_code == 403
    assert blocked.json["error"] == "password_change_required"
    assert client.get("/api/v1/me", headers=auth(token)).status_code == 200

    weak = client.post("/api/v1/auth/password/change", headers=auth(token),
                       json={"old_password": "000000", "new_password": "12345678"})
    assert weak.status_code == 422
    assert weak.json["error"] == "weak_password"
    assert "new_password" in weak.json["errors"]

    wrong_old = client.post("/api/v1/auth/password/change", headers=auth(token),
                            json={"old_password": "111111", "new_password": "Better2026"})
    assert wrong_old.status_code == 422
    assert wrong_old.json["errors"] == {"old_password": ["原密码不正确"]}

    changed = client.post("/api/v1/auth/password/change", headers=auth(token),
                          json={"old_password": "000000", "new_password": "Better2026"})
    assert changed.status_code == 200
    assert changed.json["must_change_password"] is False
    listed = client.get("/api/v1/organisations", headers=auth(token))
    assert listed.status_code == 200
    assert [o["id"] for o in listed.json] == [league_account]

    assert login(client, "th-league", "000000").status_code == 401
    assert login(client, "th-league", "Better2026").status_code == 200


def test_wrong_password_locks_the_account_name_even_for_the_right_password(client, app_ctx):
    load_regions()
    make_account(make_org(OrgKind.STATION, "440106001"), "ws-station")
    for _ in range(app_ctx.config["LOGIN_MAX_FAILURES"]):
        wrong = login(client, "ws-station", "not-the-password1")
        assert wrong.status_code == 401
        assert wrong.json["error"] == "invalid_credentials"
    locked = login(client, "WS-Station", PASSWORD)
    assert locked.status_code == 429
    assert locked.json["error"] == "account_locked"
    assert "分钟后再试" in locked.json["message"]


def test_unknown_account_and_wrong_password_answer_alike(client, app_ctx):
    load_regions()
    make_account(make_org(OrgKind.STATION, "440106001"), "ws-station")
    unknown = login(client, "nobody", PASSWORD).json
    wrong = login(client, "ws-station", "Wrong2026x").json
    assert unknown == wrong


def test_login_rate_limit_answers_with_the_envelope(client, app_ctx):
    app_ctx.config["RATELIMIT_LOGIN"] = "5 per minute"
    try:
        limiter.reset()
        # A different name each time, so the per-account lockout plays no part.
        codes = [login(client, f"nobody{i}", "x").status_code for i in range(7)]
        limited = login(client, "nobody-last", "x")
    finally:
        app_ctx.config["RATELIMIT_LOGIN"] = "10000 per minute"
        limiter.reset()
    assert codes[:5] == [401] * 5
    assert codes[5:] == [429, 429]
    assert limited.json["error"] == "too_many_requests"
    assert limited.json["message"] == "操作太频繁，请稍后再试"
    assert login(client, "nobody-after", "x").status_code == 401


def test_disabled_account_cannot_log_in(client, app_ctx):
    from tests.factories import make_admin, token_for

    load_regions()
    user_id = make_account(make_org(OrgKind.STATION, "440106001"), "ws-station")
    admin = token_for(make_admin())
    assert client.post(f"/api/v1/users/{user_id}/disable", headers=auth(admin)).status_code == 200
    response = login(client, "ws-station", PASSWORD)
    assert response.status_code == 401
    assert response.json["error"] == "account_disabled"
