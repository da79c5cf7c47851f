"""One error envelope for every 4xx/5xx, Flask's own 404/405 and validation errors included:

    {"code": 409, "status": "Conflict", "error": "order_full", "message": "该订单招募人数已满", "errors": {}}
"""
from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from app.core.errors import DomainError

log = logging.getLogger(__name__)

# Chinese messages and stable ids for errors raised by Flask/Werkzeug rather than by our services.
HTTP_MESSAGES = {
    400: ("bad_request", "请求格式有误"),
    401: ("unauthorized", "请先登录"),
    403: ("forbidden", "没有权限执行此操作"),
    404: ("not_found", "请求的地址不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    406: ("not_acceptable", "无法提供所需的响应格式"),
    409: ("conflict", "操作与当前状态冲突"),
    413: ("payload_too_large", "上传内容过大"),
    414: ("uri_too_long", "请求地址过长"),
    415: ("unsupported_media_type", "不支持的内容类型"),
    417: ("expectation_failed", "无法满足请求的 Expect 要求"),
    422: ("validation_error", "提交的内容有误，请检查后重试"),
    429: ("too_many_requests", "操作太频繁，请稍后再试"),
    431: ("request_header_fields_too_large", "请求头过大"),
    500: ("internal_error", "服务器内部错误，请稍后再试"),
    501: ("not_implemented", "服务器不支持该请求"),
    503: ("service_unavailable", "服务繁忙，请稍后再试"),
}


def envelope(code: int, error: str, message: str, errors: dict | None = None, headers=None):
    body = {"code": code, "status": HTTPStatus(code).phrase, "error": error,
            "message": message, "errors": errors or {}}
    response = jsonify(body)
    response.status_code = code
    if headers:
        response.headers.extend(headers)
    return response


def _flatten_validation(messages) -> dict:
    """webargs nests field errors by location ({"json": {...}, "query": {...}}); clients want fields."""
    if not isinstance(messages, dict):
        return {"_schema": messages}
    merged: dict = {}
    for location, fields in messages.items():
        if isinstance(fields, dict):
            merged.update(fields)
        else:
            merged[location] = fields
    return merged


def handle_domain_error(exc: DomainError):
    return envelope(exc.status_code, exc.error, exc.message, exc.errors)


def handle_http_exception(exc: HTTPException):
    code = exc.code or 500
    error, message = HTTP_MESSAGES.get(code, ("http_error", exc.description or "请求失败"))
    errors = {}
    data = getattr(exc, "data", None) or {}
    if code == 422 and "messages" in data:
        errors = _flatten_validation(data["messages"])
    elif code == 429:
        message = "操作太频繁，请稍后再试"
    headers = [(k, v) for k, v in (data.get("headers") or {}).items()] if isinstance(data, dict) else None
    if code == 405 and exc.get_response().headers.get("Allow"):
        headers = (headers or []) + [("Allow", exc.get_response().headers["Allow"])]
    return envelope(code, error, message, errors, headers)


def handle_unexpected(exc: Exception):
    log.exception("unhandled error")
    return envelope(500, *HTTP_MESSAGES[500])


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
    # Registered after flask-smorest's own handler, so ours wins.
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
