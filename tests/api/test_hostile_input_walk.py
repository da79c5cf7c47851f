"""Every endpoint that takes a JSON body (from the OpenAPI spec), signed in as a platform admin, anonymous
ones included: a body nested thousands deep is a 400 envelope, a lone surrogate a 4xx envelope (422 on the
field wherever the body is parsed), never a 500."""
from __future__ import annotations

import re

from tests.factories import auth, make_admin, token_for

ENVELOPE = {"code", "status", "error", "message", "errors"}
# Path parameters whose converters take more than digits; every other one is an id.
SAMPLES = {"quarter": "2026Q1", "region_code": "440106", "kind": "team"}
DEEP = "[" * 5000 + "]" * 5000
SURROGATE = '{"x": "\\ud800"}'


def _json_operations(app):
    with app.test_request_context():
        from app.extensions import api

        paths = api.spec.to_dict()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method == "parameters":  # path-level parameters, not an operation
                continue
            content = (operation.get("requestBody") or {}).get("content") or {}
            if "application/json" in content:
                yield method.upper(), re.sub(r"\{([^}]+)\}", lambda m: SAMPLES.get(m[1], "1"), path)


def test_every_json_endpoint_answers_hostile_bodies_with_a_4xx_envelope(client, app_ctx):
    headers = auth(token_for(make_admin()))
    operations = sorted(set(_json_operations(app_ctx)))
    assert len(operations) > 40  # the walk reaches the API, not an empty spec
    for method, path in operations:
        deep = client.open(path, method=method, data=DEEP, content_type="application/json", headers=headers)
        assert 400 <= deep.status_code < 500 and set(deep.json) == ENVELOPE, (method, path, deep.status_code)
        odd = client.open(path, method=method, data=SURROGATE, content_type="application/json", headers=headers)
        assert 400 <= odd.status_code < 500 and set(odd.json) == ENVELOPE, (method, path, odd.status_code)
        anonymous = client.open(path, method=method, data=DEEP, content_type="application/json")
        assert 400 <= anonymous.status_code < 500 and set(anonymous.json) == ENVELOPE, (method, path)
        # Every one reads its body before anything else can refuse the call: the checks are really reached.
        assert deep.json["error"] == "bad_request", (method, path, deep.json)
        assert odd.status_code == 422 and odd.json["errors"] == {"x": ["文本编码无效"]}, (method, path, odd.json)
