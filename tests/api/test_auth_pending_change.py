"""A session that must still replace its initial password is refused everywhere but the change itself,
`GET /me` and logout — public endpoints included, which would otherwise serve it what they show staff."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.accounts.models import MemberRole, OrgKind, User
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.factories import PASSWORD, auth, load_regions, make_account, make_org, token_for

PENDING = ("password_change_required", 403)


def pending(user_id: int) -> dict:
    """The user must replace their password from now on; a token of a session opened before the flag."""
    headers = auth(token_for(user_id))
    with unit_of_work():
        db.session.get(User, user_id).must_change_password = True
    return headers


def refused(response) -> bool:
    return ((response.get_json(silent=True) or {}).get("error"), response.status_code) == PENDING


def test_a_beneficiarys_proof_image_is_not_served_to_a_pending_session(client, app_ctx):
    from tests.timebank.factories_beneficiaries import make_beneficiary

    load_regions()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    staff = make_account(station, "bf-staff", MemberRole.STAFF)
    admin = make_account(station, "st-admin")
    beneficiary = make_beneficiary(station, user_id=staff)
    record = client.get(f"/api/v1/beneficiaries/{beneficiary}", headers=auth(token_for(admin))).json
    content = f"/api/v1/uploads/{record['proof_images'][0]['id']}/content"
    assert client.get(content, headers=auth(token_for(admin))).status_code == 200

    response = client.get(content, headers=pending(admin))
    assert refused(response)


def test_a_help_requests_clear_phone_is_not_served_to_a_pending_session(client, app_ctx):
    from tests.activities.factories_activities import make_volunteer
    from tests.community.factories_help import help_world

    world = help_world()
    requester = auth(token_for(make_volunteer("求助人", phone="13600001111")))
    created = client.post("/api/v1/help-requests", headers=requester, json={
        "community_id": world["community"], "title": "老人需要代买药品", "content": "独居老人行动不便，需要帮忙买药。",
        "place": "五山路 3 号", "wanted_at": (utcnow() + timedelta(days=2)).replace(microsecond=0).isoformat(),
        "contact_name": "李阿姨", "contact_phone": "13912345678"})
    assert created.status_code == 201, created.json
    path = f"/api/v1/help-requests/{created.json['id']}"
    assert client.get(path, headers=auth(token_for(world["community_admin"]))).json["contact_phone"] == "13912345678"

    assert refused(client.get(path, headers=pending(world["community_admin"])))


def test_a_needs_clear_leader_phone_is_not_served_to_a_pending_session(client, app_ctx):
    from tests.needs.factories_scoring import make_need, needs_world

    world = needs_world()
    need = make_need(world)
    path = f"/api/v1/needs/{need}"
    assert "13800001111" in str(client.get(path, headers=auth(token_for(world["league_admin"]))).json)

    assert refused(client.get(path, headers=pending(world["league_admin"])))


def test_only_the_change_get_me_and_logout_are_open_to_a_pending_session(client, app_ctx):
    load_regions()
    account = make_account(make_org(OrgKind.STATION, "440106001"), "ws-fresh")
    headers = pending(account)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert refused(client.patch("/api/v1/me", headers=headers, json={"work_unit": "某单位"}))
    assert refused(client.get("/api/v1/needs", headers=headers))
    # A stale header never stops anyone signing in afresh.
    again = client.post("/api/v1/auth/password/login", headers=headers,
                        json={"username": "ws-fresh", "password": PASSWORD})
    assert again.status_code == 200
    changed = client.post("/api/v1/auth/password/change", headers=headers,
                          json={"old_password": PASSWORD, "new_password": "Better2026"})
    assert changed.status_code == 200 and changed.json["must_change_password"] is False
    assert client.get("/api/v1/needs", headers=headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204


def _public_views(app):
    """(method, concrete path) of every public API view that does not let a pending session through."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            func = getattr(view.view_class, method.lower()) if hasattr(view, "view_class") else view
            if getattr(func, "policy", None) != "public" or getattr(func, "password_pending_ok", False):
                continue
            if rule.rule.startswith("/api/v1/docs/"):
                continue  # the interactive docs page's own files
            yield method, re.sub(r"<(?:int[^:>]*:)[^>]+>", "1", re.sub(r"<(?:string:)?[^:>]+>", "x", rule.rule))


def test_every_public_view_refuses_a_pending_session(client, app_ctx):
    load_regions()
    headers = pending(make_account(make_org(OrgKind.STATION, "440106001"), "ws-fresh"))
    views = list(_public_views(app_ctx))
    assert len(views) > 20  # the walk found the public views
    answered = {(method, path): client.open(path, method=method, headers=headers, json={}) for method, path in views}
    assert {key: r.status_code for key, r in answered.items() if not refused(r)} == {}


@pytest.mark.parametrize("path", ["/api/v1/auth/refresh", "/api/v1/auth/oa/exchange"])
def test_sign_in_endpoints_ignore_a_pending_header(client, app_ctx, path):
    load_regions()
    headers = pending(make_account(make_org(OrgKind.STATION, "440106001"), "ws-fresh"))
    response = client.post(path, headers=headers, json={"refresh_token": "x" * 20} if "refresh" in path
                           else {"ticket": "x" * 20})
    assert response.status_code in (401, 404) and not refused(response)
