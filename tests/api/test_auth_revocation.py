"""A new password ends every other holder of the old one: a password change keeps only the session that
made it, an administrator's reset keeps none; either ends the WeChat bindings made with the old password."""
from __future__ import annotations

from app.accounts.models import MemberRole, OrgKind
from tests.factories import PASSWORD, auth, load_regions, make_account, make_admin, make_org, make_user, token_for

CHANGE = "/api/v1/auth/password/change"


def login(client, username, password):
    return client.post("/api/v1/auth/password/login", json={"username": username, "password": password})


def bind(client, person: str, username: str, password: str) -> dict:
    token = client.post("/api/v1/auth/mp/login", json={"code": f"dev-{person}"}).json["access_token"]
    bound = client.post("/api/v1/me/bindings", headers=auth(token), json={"username": username, "password": password})
    assert bound.status_code == 200, bound.json
    return auth(token)


def test_a_change_of_the_initial_password_ends_the_other_session_opened_with_it(client, app_ctx):
    load_regions()
    make_account(make_org(OrgKind.LEAGUE, "440106"), "th-league", must_change=True)
    intruder = login(client, "th-league", PASSWORD).json  # someone else who knows the initial password
    owner = login(client, "th-league", PASSWORD).json

    changed = client.post(CHANGE, headers=auth(owner["access_token"]),
                          json={"old_password": PASSWORD, "new_password": "Better2026"})
    assert changed.status_code == 200, changed.json
    assert (changed.json["other_sessions_ended"], changed.json["bindings_ended"]) == (1, 0)
    assert changed.json["must_change_password"] is False and changed.json["username"] == "th-league"

    # The intruder's session is not promoted by the owner's change: it is gone, refresh token and all.
    me = client.get("/api/v1/me", headers=auth(intruder["access_token"]))
    assert me.status_code == 401 and me.json["error"] == "session_revoked"
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": intruder["refresh_token"]})
    assert refreshed.status_code == 401
    # The owner's own session goes on, now unrestricted.
    assert client.get("/api/v1/organisations", headers=auth(owner["access_token"])).status_code == 200
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": owner["refresh_token"]}).status_code == 200


def test_a_change_ends_the_wechat_bindings_made_with_the_old_password(client, app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001")
    make_account(station, "ws-staff", MemberRole.STAFF)
    staff = bind(client, "zhang", "ws-staff", PASSWORD)
    assert client.get(f"/api/v1/organisations/{station}", headers=staff).status_code == 200
    owner = login(client, "ws-staff", PASSWORD).json

    changed = client.post(CHANGE, headers=auth(owner["access_token"]),
                          json={"old_password": PASSWORD, "new_password": "Better2026"})
    assert (changed.json["other_sessions_ended"], changed.json["bindings_ended"]) == (0, 1)
    assert client.get(f"/api/v1/organisations/{station}", headers=staff).status_code == 403
    assert client.get("/api/v1/me", headers=staff).json["memberships"] == []  # their own WeChat session goes on
    bind(client, "zhang", "ws-staff", "Better2026")  # and binds again with the new password
    assert client.get(f"/api/v1/organisations/{station}", headers=staff).status_code == 200


def test_an_admins_reset_ends_every_session_and_binding_and_sets_a_new_initial_password(client, app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001")
    admin = auth(token_for(make_account(station, "st-admin")))
    staff_id = make_account(station, "ws-staff", MemberRole.STAFF)
    session = login(client, "ws-staff", PASSWORD).json
    bound = bind(client, "zhang", "ws-staff", PASSWORD)

    reset = client.post(f"/api/v1/users/{staff_id}/password-reset", headers=admin, json={})
    assert reset.status_code == 200, reset.json
    body = reset.json
    assert (body["user_id"], body["username"], body["sessions_ended"], body["bindings_ended"]) == (
        staff_id, "ws-staff", 1, 1)
    assert client.get("/api/v1/me", headers=auth(session["access_token"])).status_code == 401
    assert client.get(f"/api/v1/organisations/{station}", headers=bound).status_code == 403
    assert login(client, "ws-staff", PASSWORD).status_code == 401
    fresh = login(client, "ws-staff", body["initial_password"])
    assert fresh.status_code == 200 and fresh.json["user"]["must_change_password"] is True

    chosen = client.post(f"/api/v1/users/{staff_id}/password-reset", headers=admin,
                         json={"initial_password": "Chosen2026"})
    assert chosen.json["initial_password"] == "Chosen2026" and chosen.json["sessions_ended"] == 1
    weak = client.post(f"/api/v1/users/{staff_id}/password-reset", headers=admin, json={"initial_password": "123456"})
    assert weak.status_code == 422 and weak.json["error"] == "weak_password"


def test_a_reset_lifts_the_lockout(client, app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001")
    admin = auth(token_for(make_account(station, "st-admin")))
    staff_id = make_account(station, "ws-staff", MemberRole.STAFF)
    for _ in range(app_ctx.config["LOGIN_MAX_FAILURES"] + 1):
        login(client, "ws-staff", "Wrong2026x")
    assert login(client, "ws-staff", PASSWORD).json["error"] == "account_locked"
    reset = client.post(f"/api/v1/users/{staff_id}/password-reset", headers=admin, json={})
    assert login(client, "ws-staff", reset.json["initial_password"]).status_code == 200


def test_a_reset_is_refused_for_oneself_and_for_people_without_a_password(client, app_ctx):
    admin_id = make_admin()
    admin = auth(token_for(admin_id))
    volunteer = make_user(mp_openid="o-volunteer")
    own = client.post(f"/api/v1/users/{admin_id}/password-reset", headers=admin, json={})
    assert own.status_code == 409 and own.json["error"] == "cannot_reset_self"
    none = client.post(f"/api/v1/users/{volunteer}/password-reset", headers=admin, json={})
    assert none.status_code == 409 and none.json["error"] == "no_password"
