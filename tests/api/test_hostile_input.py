"""Hostile input is a 4xx envelope, never a 500: nesting, lone surrogates, overflowing times, odd digits,
control characters. One test per reproduction from issue 15; the walk over every JSON endpoint is in
test_hostile_input_walk.py."""
from __future__ import annotations

import base64
import json

import pytest

from app.api.blueprint import MAX_JSON_DEPTH
from fakewechat.push import mp_popup_event
from tests.factories import auth, make_user, token_for

ENVELOPE = {"code", "status", "error", "message", "errors"}


def _cursor(payload: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_deeply_nested_json_is_a_400_envelope(client):
    response = client.post("/api/v1/auth/refresh", data="[" * 5000 + "]" * 5000, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"] == "bad_request" and set(response.json) == ENVELOPE


def test_nesting_just_past_the_limit_inside_a_field_is_a_400(client):
    # Shallow enough for Python's decoder, deep enough to exhaust the stack in the recursive checks after it.
    deep = "[" * 900 + "]" * 900
    response = client.post("/api/v1/auth/mp/login", data='{"code": ' + deep + '}', content_type="application/json")
    assert response.status_code == 400 and response.json["error"] == "bad_request"
    at_limit = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    allowed = client.post("/api/v1/auth/mp/login", data='{"code": ' + at_limit + '}', content_type="application/json")
    assert allowed.status_code == 422 and allowed.json["errors"] == {"code": ["应为文本"]}


def test_a_lone_surrogate_is_a_field_error_on_sign_in(client):
    response = client.post("/api/v1/auth/mp/login", data='{"code": "\\ud800"}', content_type="application/json")
    assert response.status_code == 422
    assert response.json["errors"] == {"code": ["文本编码无效"]}


def test_a_lone_surrogate_is_a_field_error_on_the_profile(client, app_ctx):
    headers = auth(token_for(make_user()))
    response = client.patch("/api/v1/me", data='{"work_unit": "x\\udfff"}', content_type="application/json",
                            headers=headers)
    assert response.status_code == 422
    assert response.json["errors"] == {"work_unit": ["文本编码无效"]}


def test_a_lone_surrogate_in_a_field_name_is_refused_without_echoing_it(client):
    response = client.post("/api/v1/auth/mp/login", data='{"code": "x", "\\ud800": 1}',
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json["errors"] == {"_schema": ["字段名编码无效"]}


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_time_with_no_utc_form_is_a_field_error(client, app_ctx, moment):
    response = client.get("/api/v1/order-feed", query_string={"starts_from": moment},
                          headers=auth(token_for(make_user())))
    assert response.status_code == 422
    assert response.json["errors"] == {"starts_from": ["时间超出可用范围"]}


@pytest.mark.parametrize("path", ["/api/v1/help-requests/closed", "/api/v1/reports"])
def test_a_keyset_cursor_holding_an_overflowing_time_is_a_422(client, path):
    cursor = _cursor({"t": "0001-01-01T00:00:00+14:00", "i": 1})
    response = client.get(path, query_string={"cursor": cursor})
    assert response.status_code == 422 and set(response.json["errors"]) == {"cursor"}


def test_a_feed_cursor_holding_an_overflowing_time_is_a_422(client, app_ctx):
    cursor = _cursor({"s": "t", "v": "0001-01-01T00:00:00+14:00", "i": 1})
    response = client.get("/api/v1/order-feed", query_string={"cursor": cursor},
                          headers=auth(token_for(make_user())))
    assert response.status_code == 422


def test_a_superscript_digit_in_an_upload_signature_is_a_401(client):
    response = client.get("/api/v1/uploads/1/content?sig=%C2%B2.x")
    assert response.status_code == 401 and set(response.json) == ENVELOPE


@pytest.mark.parametrize("evil", ["/h5/needs\r\nSet-Cookie: a=b", "/h5/\nx", "/h5/\x7f"])
def test_control_characters_in_the_oauth_next_path_are_a_field_error(client, evil):
    response = client.get("/api/v1/auth/oa/authorize", query_string={"next": evil})
    assert response.status_code == 422
    assert response.json["errors"] == {"next": ["不能包含控制字符"]}


def test_a_signed_popup_push_with_a_superscript_scene_is_taken(client, app_ctx):
    query, body = mp_popup_event("o-sun", [("tmpl-1", "accept")], token=app_ctx.config["WECHAT_MP_PUSH_TOKEN"],
                                 popup_scene="²")
    response = client.post("/api/v1/wechat/mp/push", query_string=query, data=body, content_type="application/json")
    assert response.status_code == 200 and response.data == b"success"


def test_the_push_parser_reads_a_superscript_scene_as_none():
    from app.wechat.push import parse_push

    _, body = mp_popup_event("o-sun", [("tmpl-1", "accept")], token="t", popup_scene="²")
    assert parse_push(body, json_format=True).subscribes[0]["popup_scene"] is None
