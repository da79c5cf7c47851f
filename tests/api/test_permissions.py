"""The permission matrix: role x endpoint x own/other organisation, table-driven.

Each expectation is a status, or (status, error): the envelope's `error` id. A bare 401 or 403 means the
plain refusal (DEFAULT_ERROR); every other 4xx names its id, so a 404 says *which* object is missing and a
refusal for a different reason (a 409 that asks for a real name, a 403 that asks for WeChat) is told apart.

Guards keep it honest as the API grows: every API view must carry a policy marker, every endpoint that is
not public must have rows here, every 4xx expectation names its error, and every 404 of a row answers
exactly like the same request for an object that does not exist.
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


# (method, path template, json body, {role: expected status or (status, error)}); {org_id} is the station,
# {other} the other station, {user_id} a staff account of the station.
DEFAULT_ERROR = {401: "unauthorized", 403: "forbidden"}
ORG_MISSING = (404, "organisation_not_found")
USER_MISSING = (404, "user_not_found")
UPLOAD_MISSING = (404, "upload_not_found")
ITEM_MISSING = (404, "inbox_item_not_found")
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
      "other_station_admin": ORG_MISSING, "league_admin": ORG_MISSING, "platform_admin": 200}),
    ("GET", "/api/v1/organisations/{org_id}/accounts", None,
     {"anonymous": 401, "volunteer": 403, "station_admin": 200, "station_staff": 403,
      "other_station_admin": ORG_MISSING, "league_admin": ORG_MISSING, "platform_admin": 200}),
    ("POST", "/api/v1/organisations/{org_id}/accounts", {"username": "new-staff", "role": "staff"},
     {"anonymous": 401, "volunteer": 403, "station_admin": 201, "station_staff": 403,
      "other_station_admin": ORG_MISSING, "league_admin": ORG_MISSING, "platform_admin": 201}),
    ("POST", "/api/v1/users/{user_id}/disable", None,
     {"anonymous": 401, "volunteer": 403, "station_admin": 200, "station_staff": 403,
      "other_station_admin": USER_MISSING, "league_admin": USER_MISSING, "platform_admin": 200}),
    ("POST", "/api/v1/users/{user_id}/enable", None,
     {"anonymous": 401, "volunteer": 403, "station_admin": 200, "station_staff": 403,
      "other_station_admin": USER_MISSING, "league_admin": USER_MISSING, "platform_admin": 200}),
    ("POST", "/api/v1/auth/logout", None, {r: 204 for r in ROLES if r != "anonymous"} | {"anonymous": 401}),
    ("POST", "/api/v1/auth/mp/phone", {"code": "phone-13812345678"},
     {r: 200 for r in ROLES if r != "anonymous"} | {"anonymous": 401}),
    ("POST", "/api/v1/auth/password/change", {"old_password": "x", "new_password": "Newpass2026"},
     # The matrix's volunteer signed in with WeChat and has no password to change.
     {r: (422, "wrong_password") for r in ROLES if r != "anonymous"}
     | {"anonymous": 401, "volunteer": (422, "no_password")}),
    # An unattached upload is its owner's (the station staff member's) alone.
    ("GET", "/api/v1/uploads/{upload_id}", None,
     {"anonymous": 401, "volunteer": UPLOAD_MISSING, "station_admin": UPLOAD_MISSING, "station_staff": 200,
      "other_station_admin": UPLOAD_MISSING, "league_admin": UPLOAD_MISSING, "platform_admin": 200}),
    ("GET", "/api/v1/uploads/{upload_id}/content", None,
     {"anonymous": 401, "volunteer": UPLOAD_MISSING, "station_admin": UPLOAD_MISSING, "station_staff": 200,
      "other_station_admin": UPLOAD_MISSING, "league_admin": UPLOAD_MISSING, "platform_admin": 200}),
    ("POST", "/api/v1/uploads", None,
     {r: (422, "validation_error") for r in ROLES if r != "anonymous"} | {"anonymous": 401}),
    ("POST", "/api/v1/me/oa-binding", None, ALL_SIGNED_IN),
    ("GET", "/api/v1/inbox", None, ALL_SIGNED_IN),
    ("GET", "/api/v1/inbox/unread-count", None, ALL_SIGNED_IN),
    ("POST", "/api/v1/inbox/read-all", None, ALL_SIGNED_IN),
    ("POST", "/api/v1/inbox/{item_id}/read", None,
     {"anonymous": 401, "volunteer": ITEM_MISSING, "station_admin": ITEM_MISSING, "station_staff": 200,
      "other_station_admin": ITEM_MISSING, "league_admin": ITEM_MISSING, "platform_admin": ITEM_MISSING}),
    ("GET", "/api/v1/subscriptions", None, ALL_SIGNED_IN),
    ("POST", "/api/v1/subscriptions", {"results": {"mp-tpl-todo": "accept"}}, ALL_SIGNED_IN),
    ("GET", "/api/v1/admin/deliveries", None,
     {r: 403 for r in ROLES if r not in ("anonymous", "platform_admin")} | {"anonymous": 401, "platform_admin": 200}),
    ("POST", "/api/v1/admin/deliveries/{delivery_id}/retry", None,
     {r: 403 for r in ROLES if r not in ("anonymous", "platform_admin")}
     | {"anonymous": 401, "platform_admin": (404, "delivery_not_found")}),
    # Binding is for a WeChat sign-in (the volunteer, whose password is then wrong); staff signed in with a
    # password are told to sign in with WeChat.
    ("POST", "/api/v1/me/bindings", {"username": "st-staff", "password": "wrong-pass1"},
     dict.fromkeys(ROLES, (403, "wechat_login_required"))
     | {"anonymous": 401, "volunteer": (401, "invalid_credentials")}),
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


def _expected(value) -> tuple[int, str | None]:
    """(status, error) from a row's entry: a bare status takes its DEFAULT_ERROR (None for 2xx)."""
    if isinstance(value, tuple):
        return value
    return value, DEFAULT_ERROR.get(value)


def _fill_missing(path: str, ids: dict) -> str:
    """The path with every id in it naming an object that does not exist (other placeholders, such as a
    favourite's kind, unchanged)."""
    return _fill(path, {key: 999999 if isinstance(value, int) else value for key, value in ids.items()})


def _send(client, tokens, role, method, path, body):
    headers = auth(tokens[role]) if role in tokens else {}
    return client.open(path, method=method, json=body, headers=headers)


@pytest.mark.parametrize("feature,method,path,body,expected", CASES, ids=[f"{m} {p}" for _, m, p, _, _ in CASES])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, app_ctx, feature, method, path, body, expected, role):
    ids, tokens = _world_for(feature)
    status, error = _expected(expected[role])
    response = _send(client, tokens, role, method, _fill(path, ids), body)
    assert response.status_code == status, response.json
    if status >= 400:
        assert set(response.json) == {"code", "status", "error", "message", "errors"}
        assert response.json["error"] == error, response.json


def test_every_4xx_expectation_names_its_error():
    unnamed = [(method, str(path), role) for method, path, _body, expected in MATRIX
               for role, value in expected.items()
               if _expected(value)[0] >= 400 and not _expected(value)[1]]
    assert unnamed == [], "name the error: (status, \"error_id\")"
    named_success = [(method, str(path), role) for method, path, _body, expected in MATRIX
                     for role, value in expected.items() if isinstance(value, tuple) and value[0] < 400]
    assert named_success == []


# One case per row that expects a 404 from someone: that role's first such answer.
HIDDEN = [(feature, method, path, body, next(role for role in ROLES if _expected(expected[role])[0] == 404))
          for feature, method, path, body, expected in CASES
          if any(_expected(value)[0] == 404 for value in expected.values())]


@pytest.mark.parametrize("feature,method,path,body,role", HIDDEN, ids=[f"{m} {p} {r}" for _, m, p, _, r in HIDDEN])
def test_a_404_answers_exactly_like_a_missing_object(client, app_ctx, feature, method, path, body, role):
    """Whoever is told an object is not there (another station's order, someone else's upload) gets the very
    answer a request for an id that exists nowhere gets: probing ids tells nothing apart."""
    ids, tokens = _world_for(feature)
    hidden = _send(client, tokens, role, method, _fill(path, ids), body)
    missing = _send(client, tokens, role, method, _fill_missing(path, ids), body)
    assert hidden.status_code == missing.status_code == 404, (hidden.json, missing.json)
    assert hidden.json == missing.json


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
