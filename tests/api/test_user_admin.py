"""Disabling and re-enabling: a platform admin blocks the person everywhere; an organisation's admin only
ends (or restores) the person's membership of their own organisation."""
from __future__ import annotations

from app.accounts.models import MemberRole, Membership, OrgKind
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.factories import PASSWORD, auth, load_regions, make_account, make_admin, make_org, token_for


def login(client, username, password=PASSWORD):
    return client.post("/api/v1/auth/password/login", json={"username": username, "password": password})


def two_stations(app_ctx):
    load_regions()
    station, other = make_org(OrgKind.STATION, "440106001"), make_org(OrgKind.STATION, "440104001")
    staff = make_account(station, "ws-staff", MemberRole.STAFF)
    with unit_of_work():  # the same person also works for the other station
        db.session.add(Membership(user_id=staff, organisation_id=other, role=MemberRole.STAFF))
    return station, other, staff, auth(token_for(make_account(station, "st-admin")))


def test_an_organisation_admin_ends_only_the_membership_of_their_organisation(client, app_ctx):
    station, other, staff, admin = two_stations(app_ctx)
    session = auth(login(client, "ws-staff").json["access_token"])
    bound = client.post("/api/v1/auth/mp/login", json={"code": "dev-zhang"}).json["access_token"]
    assert client.post("/api/v1/me/bindings", headers=auth(bound),
                       json={"username": "ws-staff", "password": PASSWORD}).status_code == 200

    ended = client.post(f"/api/v1/users/{staff}/disable", headers=admin)
    assert ended.status_code == 200, ended.json
    assert ended.json == {"id": staff, "is_active": True, "organisation_ids": [station]}
    # Out of this station (and so is the WeChat bound through the account to it) ...
    assert client.get(f"/api/v1/organisations/{station}", headers=session).status_code == 404
    assert client.get(f"/api/v1/organisations/{station}", headers=auth(bound)).status_code == 404
    # ... but the person is not blocked: the other station, the session and signing in go on.
    assert client.get(f"/api/v1/organisations/{other}", headers=session).status_code == 200
    assert client.get(f"/api/v1/organisations/{other}", headers=auth(bound)).status_code == 200
    assert login(client, "ws-staff").status_code == 200

    # No active membership left here: a second disable finds no such member.
    again = client.post(f"/api/v1/users/{staff}/disable", headers=admin)
    assert again.status_code == 404 and again.json["error"] == "user_not_found"

    restored = client.post(f"/api/v1/users/{staff}/enable", headers=admin)
    assert restored.json == {"id": staff, "is_active": True, "organisation_ids": [station]}
    assert client.get(f"/api/v1/organisations/{station}", headers=session).status_code == 200
    assert client.get(f"/api/v1/organisations/{station}", headers=auth(bound)).status_code == 404  # binds again


def test_an_organisation_admin_cannot_reach_people_outside_nor_lift_a_platform_block(client, app_ctx):
    station, other, staff, admin = two_stations(app_ctx)
    outsider = make_account(other, "other-staff", MemberRole.STAFF)
    assert client.post(f"/api/v1/users/{outsider}/disable", headers=admin).status_code == 404
    assert client.post(f"/api/v1/users/{outsider}/enable", headers=admin).status_code == 404

    platform = auth(token_for(make_admin()))
    blocked = client.post(f"/api/v1/users/{staff}/disable", headers=platform)
    assert blocked.json == {"id": staff, "is_active": False, "organisation_ids": []}
    assert client.post(f"/api/v1/users/{staff}/enable", headers=admin).json["is_active"] is False
    assert login(client, "ws-staff").json["error"] == "account_disabled"
    assert client.post(f"/api/v1/users/{staff}/enable", headers=platform).json["is_active"] is True
    assert login(client, "ws-staff").status_code == 200
