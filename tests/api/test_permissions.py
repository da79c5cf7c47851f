"""The permission matrix: role x endpoint x own/other organisation, table-driven.

Two guards keep it honest as the API grows: every API view must carry a policy marker, and every
endpoint that is not public must have rows here.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from tests import snapshot
from tests.api.permission_rows import FEATURES
from tests.factories import auth, load_regions, make_account, make_admin, make_org, make_user, token_for

# Flask-smorest's own spec and docs views, public by nature.
FRAMEWORK_PUBLIC = {"api-docs.openapi_json", "api-docs.openapi_swagger_ui", "static"}
ROLES = ["anonymous", "volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin",
         "association_admin", "provider_admin", "platform_admin", "other_league_admin", "other_provider_admin",
         "community_admin"]
# Roles added after a row was written answer like the league admin (an organisation with no rights here)
# unless the row names them.
LIKE_LEAGUE = ("association_admin", "provider_admin", "other_league_admin", "other_provider_admin", "community_admin")


_WORLDS: dict = {}


def _world_for(feature) -> tuple[dict, dict]:
    """The world a case starts from: the shared one plus its feature's objects (`prepare`). Each is built
    once, by the first case that needs it, and restored from its rows for every later case
    (tests/snapshot.py): building costs ~0.3 s, restoring a few milliseconds."""
    name = getattr(feature, "__name__", None)
    if name in _WORLDS:
        snapshot.restore(_WORLDS[name]["rows"])
        return dict(_WORLDS[name]["ids"]), _WORLDS[name]["tokens"]
    if None in _WORLDS:
        ids, tokens = _world_for(None)
    else:
        ids, tokens = _build_world()
    if feature is not None and hasattr(feature, "prepare"):
        ids = ids | feature.prepare(ids)
    _WORLDS[name] = {"rows": snapshot.take(), "ids": ids, "tokens": tokens}
    return dict(ids), tokens


@pytest.fixture
def world(app_ctx):
    return _world_for(None)


def _build_world():
    load_regions()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    other_station = make_org(OrgKind.STATION, "440104001", "北京街道社工站")
    league = make_org(OrgKind.LEAGUE, "440106", "天河团区委")
    association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    ids = {
        "station": station, "other_station": other_station,
        "station_admin": make_account(station, "st-admin"),
        "station_staff": make_account(station, "st-staff", MemberRole.STAFF),
        "other_station_admin": make_account(other_station, "other-admin"),
        "league_admin": make_account(league, "lg-admin"),
        "association": association, "provider": provider,
        "association_admin": make_account(association, "as-admin"),
        "provider_admin": make_account(provider, "pv-admin"),
        "volunteer": make_user(mp_openid="o-volunteer", real_name="志愿者"),
        "platform_admin": make_admin(),
    }
    # The needs and activities rows' second league and provider (another district) and a community.
    ids["league"], ids["other_league"] = league, make_org(OrgKind.LEAGUE, "440104", "越秀团区委")
    ids["other_provider"] = make_org(OrgKind.VOLUNTEER_ORG, "440104", "越秀志愿服务队")
    ids["community"] = make_org(OrgKind.COMMUNITY, "440106001001", "五山社区")
    ids["other_league_admin"] = make_account(ids["other_league"], "lg-other-admin")
    ids["other_provider_admin"] = make_account(ids["other_provider"], "pv-other-admin")
    ids["community_admin"] = make_account(ids["community"], "cm-admin")
    ids["other_staff"] = make_account(other_station, "other-staff", MemberRole.STAFF)
    ids["upload"] = _upload_owned_by(ids["station_staff"])
    ids["inbox_item"] = _inbox_item_for(ids["station_staff"])
    tokens = {role: token_for(ids[role]) for role in ROLES if role != "anonymous"}
    return ids, tokens


# (method, path template, json body, {role: expected status}); {org_id} is the station, {other} the other
# station, {user_id} a staff account of the station.
ALL_SIGNED_IN = {r: 200 for r in ROLES if r != "anonymous"} | {"anonymous": 401}
MATRIX = [
    ("GET", "/api/v1/me", None, ALL_SIGNED_IN),
    ("PATCH", "/api/v1/me", {"work_unit": "测试单位"}, ALL_SIGNED_IN),
    ("GET", "/api/v1/organisations", None, ALL_SIGNED_IN),
    ("POST", "/api/v1/organisations", {"name": "新社工站", "kind": "station", "region_code": "440106002"},
     {"anonymous": 401, "volunteer": 403, "station_admin": 403, "station_staff": 403,
      "other_station_admin": 403, "league_admin": 403, "platform_admin": 201}),
    ("GET", "/api/v1/organisations/{org_id}", None,
     {"anonymous": 401, "volunteer": 403, "station_admin": 200, "station_staff": 200,
      "other_station_admin": 404, "league_admin": 404, "platform_admin": 200}),
    ("GET", "/api/v1/organisations/{org_id}/accounts", None,
     {"anonymous": 401, "volunteer": 403, "station_admin": 200, "station_staff": 403,
      "other_station_admin": 404, "league_admin": 404, "platform_admin": 200}),
    ("POST", "/api/v1/organisations/{org_id}/accounts", {"username": "new-staff", "role": "staff"},
     {"anonymous": 401, "volunteer": 403, "station_admin": 201, "station_staff": 403,
      "other_station_admin": 404, "league_admin": 404, "platform_admin": 201}),
    ("POST", "/api/v1/users/{user_id}/disable", None,
     {"anonymous": 401, "volunteer": 403, "station_admin": 200, "station_staff": 403,
      "other_station_admin": 404, "league_admin": 404, "platform_admin": 200}),
    ("POST", "/api/v1/users/{user_id}/enable", None,
     {"anonymous": 401, "volunteer": 403, "station_admin": 200, "station_staff": 403,
      "other_station_admin": 404, "league_admin": 404, "platform_admin": 200}),
    ("POST", "/api/v1/auth/logout", None, {r: 204 for r in ROLES if r != "anonymous"} | {"anonymous": 401}),
    ("POST", "/api/v1/auth/mp/phone", {"code": "phone-13812345678"},
     {r: 200 for r in ROLES if r != "anonymous"} | {"anonymous": 401}),
    ("POST", "/api/v1/auth/password/change", {"old_password": "x", "new_password": "Newpass2026"},
     {r: 422 for r in ROLES if r != "anonymous"} | {"anonymous": 401}),
    # An unattached upload is its owner's (the station staff member's) alone.
    ("GET", "/api/v1/uploads/{upload_id}", None,
     {"anonymous": 401, "volunteer": 404, "station_admin": 404, "station_staff": 200,
      "other_station_admin": 404, "league_admin": 404, "platform_admin": 200}),
    ("GET", "/api/v1/uploads/{upload_id}/content", None,
     {"anonymous": 401, "volunteer": 404, "station_admin": 404, "station_staff": 200,
      "other_station_admin": 404, "league_admin": 404, "platform_admin": 200}),
    ("POST", "/api/v1/uploads", None, {r: 422 for r in ROLES if r != "anonymous"} | {"anonymous": 401}),
    ("POST", "/api/v1/me/oa-binding", None, ALL_SIGNED_IN),
    ("GET", "/api/v1/inbox", None, ALL_SIGNED_IN),
    ("GET", "/api/v1/inbox/unread-count", None, ALL_SIGNED_IN),
    ("POST", "/api/v1/inbox/read-all", None, ALL_SIGNED_IN),
    ("POST", "/api/v1/inbox/{item_id}/read", None,
     {"anonymous": 401, "volunteer": 404, "station_admin": 404, "station_staff": 200,
      "other_station_admin": 404, "league_admin": 404, "platform_admin": 404}),
    ("GET", "/api/v1/subscriptions", None, ALL_SIGNED_IN),
    ("POST", "/api/v1/subscriptions", {"results": {"mp-tpl-todo": "accept"}}, ALL_SIGNED_IN),
    ("GET", "/api/v1/admin/deliveries", None,
     {r: 403 for r in ROLES if r not in ("anonymous", "platform_admin")} | {"anonymous": 401, "platform_admin": 200}),
    ("POST", "/api/v1/admin/deliveries/{delivery_id}/retry", None,
     {r: 403 for r in ROLES if r not in ("anonymous", "platform_admin")} | {"anonymous": 401, "platform_admin": 404}),
    ("POST", "/api/v1/me/bindings", {"username": "st-staff", "password": "wrong-pass1"},
     {"anonymous": 401, "volunteer": 401, "station_admin": 403, "station_staff": 403,
      "other_station_admin": 403, "league_admin": 403, "platform_admin": 403}),
]


# Each case builds only its own feature's objects (a world with every feature's objects costs ~10x more).
CASES = [(None, *row) for row in MATRIX] + [(feature, *row) for feature in FEATURES for row in feature.ROWS]
MATRIX += [row for feature in FEATURES for row in feature.ROWS]
for _method, _path, _body, _expected in MATRIX:
    for _role in LIKE_LEAGUE:
        _expected.setdefault(_role, _expected["league_admin"])


def _upload_owned_by(user_id: int) -> int:
    import io

    from PIL import Image

    from app.core.unit_of_work import unit_of_work
    from app.uploads.services import store_upload

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    with unit_of_work():
        return store_upload(user_id, buffer.getvalue()).id


def _inbox_item_for(user_id: int) -> int:
    from app.core.unit_of_work import unit_of_work
    from app.notify.models import InboxItem
    from app.notify.publish import publish

    with unit_of_work():
        event_id = publish("points.credited", ("test", 1), {"user_ids": [user_id], "title": "测试", "points": 1})
    from app.extensions import db

    return db.session.scalar(sa.select(InboxItem.id).where(InboxItem.event_id == event_id))


def _fill(path: str, ids: dict) -> str:
    """Placeholders: the core ones below, plus whatever ids a feature's `prepare` added (by name)."""
    core = {"org_id": ids["station"], "user_id": ids["station_staff"], "upload_id": ids["upload"],
            "item_id": ids["inbox_item"], "delivery_id": 999999}
    return path.format_map(ids | core)


@pytest.mark.parametrize("feature,method,path,body,expected", CASES, ids=[f"{m} {p}" for _, m, p, _, _ in CASES])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, app_ctx, feature, method, path, body, expected, role):
    ids, tokens = _world_for(feature)
    headers = auth(tokens[role]) if role in tokens else {}
    response = client.open(_fill(path, ids), method=method, json=body, headers=headers)
    assert response.status_code == expected[role], response.json
    if response.status_code >= 400:
        assert set(response.json) == {"code", "status", "error", "message", "errors"}
    if response.status_code == 404:
        assert response.json["error"].endswith("not_found")


def test_another_organisation_looks_exactly_like_a_missing_one(client, world):
    ids, tokens = world
    headers = auth(tokens["other_station_admin"])
    other = client.get(f"/api/v1/organisations/{ids['station']}/accounts", headers=headers)
    missing = client.get("/api/v1/organisations/999999/accounts", headers=headers)
    assert other.status_code == missing.status_code == 404
    assert other.json == missing.json


def _api_views(app):
    """(endpoint, rule, method, view function) for every route the app serves."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            func = getattr(view.view_class, method.lower()) if hasattr(view, "view_class") else view
            yield rule.endpoint, rule.rule, method, func


def test_every_endpoint_declares_a_policy(app):
    missing = [(endpoint, method) for endpoint, _rule, method, func in _api_views(app)
               if endpoint not in FRAMEWORK_PUBLIC and not getattr(func, "policy", None)]
    assert missing == []


def test_every_guarded_endpoint_is_in_the_matrix(app):
    covered = {(method, path) for method, path, _, _ in MATRIX}
    guarded = set()
    for endpoint, rule, method, func in _api_views(app):
        if endpoint in FRAMEWORK_PUBLIC or getattr(func, "policy", "public") == "public":
            continue
        guarded.add((method, re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)))
    assert guarded - covered == set()
