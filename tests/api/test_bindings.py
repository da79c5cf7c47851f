"""Staff bind their WeChat identity to an organisation account and then act from their phones."""
from __future__ import annotations

import pytest

from app.accounts.models import MemberRole, OrgKind
from tests.factories import PASSWORD, auth, load_regions, make_account, make_admin, make_org, token_for


def wechat_login(client, name):
    return client.post("/api/v1/auth/mp/login", json={"code": f"dev-{name}"}).json["access_token"]


def test_binding_lets_a_wechat_user_act_for_the_organisation_until_the_account_is_disabled(client, app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001")
    account = make_account(station, "ws-staff", MemberRole.STAFF)
    token = wechat_login(client, "zhang")
    assert client.get(f"/api/v1/organisations/{station}", headers=auth(token)).status_code == 403

    bound = client.post("/api/v1/me/bindings", headers=auth(token),
                        json={"username": "ws-staff", "password": PASSWORD})
    assert bound.status_code == 200, bound.json
    [membership] = bound.json["memberships"]
    assert membership["organisation"]["id"] == station
    assert membership["role"] == "staff" and membership["bound_via_account"] is True
    assert client.get(f"/api/v1/organisations/{station}", headers=auth(token)).status_code == 200

    admin = token_for(make_admin())
    assert client.post(f"/api/v1/users/{account}/disable", headers=auth(admin)).status_code == 200
    # The binding ends with the account, but the person's own WeChat session goes on.
    assert client.get("/api/v1/me", headers=auth(token)).json["memberships"] == []
    assert client.get(f"/api/v1/organisations/{station}", headers=auth(token)).status_code == 403


def test_binding_refuses_wrong_password_and_unchanged_initial_password(client, app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001")
    make_account(station, "fresh", MemberRole.STAFF, must_change=True)
    token = wechat_login(client, "li")
    wrong = client.post("/api/v1/me/bindings", headers=auth(token), json={"username": "fresh", "password": "nope1234"})
    assert wrong.status_code == 401 and wrong.json["error"] == "invalid_credentials"
    pending = client.post("/api/v1/me/bindings", headers=auth(token), json={"username": "fresh", "password": PASSWORD})
    assert pending.status_code == 409 and pending.json["error"] == "password_change_required"


def test_a_password_session_cannot_bind(client, app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001")
    make_account(station, "a1")
    make_account(station, "a2")
    login = client.post("/api/v1/auth/password/login", json={"username": "a1", "password": PASSWORD}).json
    response = client.post("/api/v1/me/bindings", headers=auth(login["access_token"]),
                           json={"username": "a2", "password": PASSWORD})
    assert response.status_code == 403 and response.json["error"] == "wechat_login_required"


def test_profile_update_validates_every_field(client, app_ctx):
    token = wechat_login(client, "wang")
    ok = client.patch("/api/v1/me", headers=auth(token), json={
        "real_name": "王小明", "gender": "male", "is_party_member": True, "work_unit": "华南农业大学"})
    assert ok.status_code == 200, ok.json
    assert ok.json["work_unit"] == "华南农业大学" and ok.json["is_party_member"] is True
    bad = client.patch("/api/v1/me", headers=auth(token), json={
        "real_name": "1", "gender": "robot", "is_platform_admin": True})
    assert bad.status_code == 422
    assert set(bad.json["errors"]) == {"real_name", "gender", "is_platform_admin"}
    assert client.get("/api/v1/me", headers=auth(token)).json["real_name"] == "王小明"


@pytest.mark.parametrize("value", ["community", None, "x"])
def test_service_community_changes_only_by_an_approved_application(client, app_ctx, value):
    load_regions()
    token = wechat_login(client, "wang")
    from app.accounts.regions import get_region

    sent = get_region("440106001001").id if value == "community" else value
    refused = client.patch("/api/v1/me", headers=auth(token),
                           json={"service_community_id": sent, "work_unit": "某单位"})
    assert refused.status_code == 422
    assert refused.json["errors"] == {
        "service_community_id": ["服务社区须通过“申请加入社区”变更，社区审核通过后自动更新"]}
    me = client.get("/api/v1/me", headers=auth(token)).json
    assert me["service_community"] is None and me["work_unit"] is None  # nothing of the refused change stuck


def test_profile_service_refuses_the_service_community_too(app_ctx):
    from app.accounts.models import User
    from app.accounts.profile import update_profile
    from app.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        update_profile(User(), {"service_community_id": 1})
    assert "申请加入社区" in refused.value.errors["service_community_id"][0]

