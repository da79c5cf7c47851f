"""Every answer says nosniff, and no-store unless the view chose its own caching: errors, 401s, the OA echo."""
from __future__ import annotations

import re
import time

from fakewechat.push import sign
from tests.factories import auth, make_admin, token_for

SAMPLES = {"quarter": "2026Q1", "region_code": "440106", "kind": "team"}
# The only answers that choose their own caching: Swagger UI's static files (public, a day), the console's
# hashed assets (public, a year) and its page shells (no-cache: revalidated on every load, no personal data).
SELF_CACHED = ("/api/v1/docs/static/", "/ui/assets/", "/console/", "/site/")


def _requests(app):
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: SAMPLES.get(m[1], "1"), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path


def _assert_headers(response, method, path):
    assert response.headers.get("X-Content-Type-Options") == "nosniff", (method, path)
    if not path.startswith(SELF_CACHED):
        # Exports say "private, no-store" themselves.
        assert "no-store" in response.headers.get("Cache-Control", ""), (method, path, response.status_code)


def test_every_route_anonymous_and_signed_in_says_nosniff_and_no_store(client, app_ctx):
    headers = auth(token_for(make_admin()))
    requests = sorted(set(_requests(app_ctx)))
    assert len(requests) > 100
    statuses = set()
    for method, path in requests:
        for who in ({}, headers):
            response = client.open(path, method=method, headers=who)
            statuses.add(response.status_code)
            _assert_headers(response, method, path)
    # The walk met the answers that matter: successes, refusals, validation errors and missing things.
    assert {200, 401, 404, 422} <= statuses


def test_flask_errors_and_the_echo_carry_the_headers(client, app_ctx):
    for response in (client.get("/api/v1/no-such-thing"), client.delete("/api/v1/auth/mp/login"),
                     client.get("/api/v1/me")):
        _assert_headers(response, "GET", "/")
    ts, nonce = str(int(time.time())), "n1"
    echo = client.get("/api/v1/wechat/oa/push", query_string={
        "signature": sign(app_ctx.config["WECHAT_OA_TOKEN"], ts, nonce), "timestamp": ts, "nonce": nonce,
        "echostr": "<script>1</script>"})
    assert echo.status_code == 200 and echo.mimetype == "text/plain"
    _assert_headers(echo, "GET", "/api/v1/wechat/oa/push")


def test_answers_that_choose_their_caching_keep_it(client):
    asset = client.get("/api/v1/docs/static/swagger-ui-bundle.js")
    assert asset.headers["X-Content-Type-Options"] == "nosniff"
    assert "public" in asset.headers["Cache-Control"] and "max-age=86400" in asset.headers["Cache-Control"]
