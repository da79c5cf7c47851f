"""The sign-in lockout: a wrong old password counts like a failed sign-in, a disabled account never
confirms a password, a lockout never shuts out a bound WeChat, and platform admins see and lift lockouts."""
from __future__ import annotations

from app.accounts.models import MemberRole, OrgKind
from tests.factories import PASSWORD, auth, load_regions, make_account, make_admin, make_org, token_for

LOCKOUTS = "/api/v1/admin/lockouts"


def login(client, username, password):
    return client.post("/api/v1/auth/password/login", json={"username": username, "password": password})


def lock(client, app, username, already: int = 0):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - already):
        assert login(client, username, "Wrong2026x").json["error"] == "invalid_credentials"


def test_wrong_old_passwords_on_a_change_lock_the_account(client, app_ctx):
    load_regions()
    make_account(make_org(OrgKind.STATION, "440106001"), "ws-station")
    headers = auth(login(client, "ws-station", PASSWORD).json["access_token"])

    def change(old):
        return client.post("/api/v1/auth/password/change", headers=headers,
                           json={"old_password": old, "new_password": "Better2026"})

    for _ in range(app_ctx.config["LOGIN_MAX_FAILURES"]):
        assert change("Guess2026x").json["error"] == "wrong_password"
    locked = change(PASSWORD)
    assert locked.status_code == 429 and locked.json["error"] == "account_locked"
    assert login(client, "ws-station", PASSWORD).json["error"] == "account_locked"


def test_a_right_old_password_clears_the_count(client, app_ctx):
    load_regions()
    make_account(make_org(OrgKind.STATION, "440106001"), "ws-station")
    for _ in range(app_ctx.config["LOGIN_MAX_FAILURES"] - 1):
        login(client, "ws-station", "Wrong2026x")
    headers = auth(login(client, "ws-station", PASSWORD).json["access_token"])
    for _ in range(app_ctx.config["LOGIN_MAX_FAILURES"] - 1):
        login(client, "ws-station", "Wrong2026x")
    assert client.post("/api/v1/auth/password/change", headers=headers,
                       json={"old_password": PASSWORD, "new_password": "Better2026"}).status_code == 200
    assert login(client, "ws-station", "Better2026").status_code == 200


def test_a_disabled_account_confirms_a_password_only_when_right_and_not_locked(client, app_ctx):
    load_regions()
    user_id = make_account(make_org(OrgKind.STATION, "440106001"), "ws-station")
    make_account(make_org(OrgKind.STATION, "440104001"), "ws-other")
    admin = auth(token_for(make_admin()))
    assert client.post(f"/api/v1/users/{user_id}/disable", headers=admin).status_code == 200

    assert login(client, "ws-station", "Wrong2026x").json == login(client, "nobody", "Wrong2026x").json
    assert login(client, "ws-station", PASSWORD).json["error"] == "account_disabled"
    lock(client, app_ctx, "ws-station")
    lock(client, app_ctx, "ws-other")
    # Locked: the right password of the disabled account answers exactly like any locked name's.
    assert login(client, "ws-station", PASSWORD).json == login(client, "ws-other", PASSWORD).json
    assert login(client, "ws-station", PASSWORD).json["error"] == "account_locked"


def test_a_locked_account_still_acts_through_a_bound_wechat(client, app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001")
    make_account(station, "ws-staff", MemberRole.STAFF)
    code = {"code": "dev-zhang"}
    token = client.post("/api/v1/auth/mp/login", json=code).json["access_token"]
    assert client.post("/api/v1/me/bindings", headers=auth(token),
                       json={"username": "ws-staff", "password": PASSWORD}).status_code == 200
    lock(client, app_ctx, "ws-staff")
    assert login(client, "ws-staff", PASSWORD).json["error"] == "account_locked"

    again = client.post("/api/v1/auth/mp/login", json=code)  # the staff member signs in from their phone
    assert again.status_code == 200
    assert client.get(f"/api/v1/organisations/{station}", headers=auth(again.json["access_token"])).status_code == 200


def test_platform_admins_see_and_lift_lockouts(client, app_ctx):
    load_regions()
    make_account(make_org(OrgKind.STATION, "440106001"), "WS-Station")
    admin = auth(token_for(make_admin()))
    assert client.get(LOCKOUTS, headers=admin).json == []
    login(client, "ws-station", "Wrong2026x")  # one failure is no lockout
    assert client.get(LOCKOUTS, headers=admin).json == []
    lock(client, app_ctx, "ws-station", already=1)

    [locked] = client.get(LOCKOUTS, headers=admin).json
    assert (locked["username"], locked["failures"]) == ("ws-station", app_ctx.config["LOGIN_MAX_FAILURES"])
    assert 0 < locked["unlocks_in_seconds"] <= app_ctx.config["LOGIN_LOCK_SECONDS"]

    assert client.delete(f"{LOCKOUTS}/WS-Station", headers=admin).status_code == 204
    assert client.get(LOCKOUTS, headers=admin).json == []
    assert login(client, "ws-station", PASSWORD).status_code == 200
    missing = client.delete(f"{LOCKOUTS}/ws-station", headers=admin)
    assert missing.status_code == 404 and missing.json["error"] == "lockout_not_found"
