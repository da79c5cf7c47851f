"""One error envelope for everything, Flask's own errors included; the spec and docs are served."""
from __future__ import annotations

ENVELOPE = {"code", "status", "error", "message", "errors"}


def test_flask_404_and_405_use_the_envelope(client):
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.json == {"code": 404, "status": "Not Found", "error": "not_found",
                            "message": "请求的地址不存在", "errors": {}}
    wrong_method = client.delete("/api/v1/auth/mp/login")
    assert wrong_method.status_code == 405
    assert set(wrong_method.json) == ENVELOPE and wrong_method.json["message"] == "不支持该请求方法"
    assert "POST" in wrong_method.headers["Allow"]


def test_validation_errors_are_422_with_chinese_field_messages(client):
    response = client.post("/api/v1/auth/password/login", json={"username": "", "extra": 1})
    assert response.status_code == 422
    body = response.json
    assert body["error"] == "validation_error" and body["message"] == "提交的内容有误，请检查后重试"
    assert body["errors"] == {"username": ["长度应在 1 到 50 之间"], "password": ["该字段为必填项"],
                              "extra": ["不允许的字段"]}


def test_malformed_bodies_never_500(client):
    for data, content_type in [("{not json", "application/json"), ("[]", "application/json"),
                               ("null", "application/json"), ("code=x", "application/x-www-form-urlencoded"),
                               ("\xff\xfe", "application/json")]:
        response = client.post("/api/v1/auth/mp/login", data=data, content_type=content_type)
        assert 400 <= response.status_code < 500, (data, response.status_code)
        assert set(response.json) == ENVELOPE


def test_out_of_range_ids_are_404_not_500(client):
    response = client.get("/api/v1/organisations/99999999999")
    assert response.status_code == 404
    assert set(response.json) == ENVELOPE


def test_openapi_spec_and_docs_page(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    assert spec.json["openapi"].startswith("3.")
    paths = spec.json["paths"]
    for path in ("/api/v1/auth/mp/login", "/api/v1/auth/mp/phone", "/api/v1/auth/password/login",
                 "/api/v1/auth/refresh", "/api/v1/auth/oa/callback", "/api/v1/me", "/healthz"):
        assert path in paths, path
    assert paths["/api/v1/auth/mp/login"]["post"]["summary"] == "小程序登录：wx.login 的 code 换取本平台令牌"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.data
    asset = client.get("/api/v1/docs/static/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.data) > 100_000


def test_health_reports_database_and_redis(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"
    assert response.json["redis"] == ("ok" if app.config["REDIS_URL"] else "not_configured")


def test_health_is_503_when_redis_is_unreachable(client, app):
    from app.core.kv import RedisKV

    store = app.extensions["timebank.kv"]
    import redis

    app.extensions["timebank.kv"] = RedisKV(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.extensions["timebank.kv"] = store
        app.config["REDIS_URL"] = saved
    assert response.status_code == 503
    assert response.json["redis"] == "error" and response.json["status"] == "degraded"


def test_nul_bytes_are_a_field_error_not_a_database_error(client):
    response = client.post("/api/v1/auth/password/login", json={"username": "a\x00b", "password": "x"})
    assert response.status_code == 422
    assert response.json["errors"] == {"username": ["不能包含空字符"]}
    query = client.get("/api/v1/regions", query_string={"parent_code": "44\x000"})
    assert query.status_code == 422
    assert client.get("/api/v1/regions/44%000").status_code == 404
