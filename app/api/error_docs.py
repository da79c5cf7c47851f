"""The `error` ids of the error envelope, as the OpenAPI spec documents them.

Generic ids can come from any operation (the token check, argument validation, Flask's routing, the rate
limiter): they are documented once, here and on the ErrorEnvelope schema. Each operation declares its own
domain ids with `@blp.errors(status, "id", ...)` (app/api/blueprint.py); the spec then lists, per declared
status, every id that status can carry as a JSON-schema `enum` on the envelope's `error` (and as
`x-error-codes`), so a client or code generator can switch on them. A test run records every (operation,
status, error) the API answers and fails when one is not documented (tests/openapi_error_codes.py).
"""
from __future__ import annotations

from http import HTTPStatus

GENERIC_ERRORS: dict[int, tuple[str, ...]] = {
    400: ("bad_request",),
    401: ("unauthorized", "invalid_token", "token_expired", "session_revoked", "account_disabled"),
    403: ("forbidden", "password_change_required"),
    404: ("not_found",),
    405: ("method_not_allowed",),
    406: ("not_acceptable",),
    409: ("conflict",),
    413: ("payload_too_large",),
    415: ("unsupported_media_type",),
    422: ("validation_error",),
    429: ("too_many_requests",),
    500: ("internal_error",),
    503: ("service_unavailable",),
}

ENVELOPE_REF = "#/components/schemas/ErrorEnvelope"


def generic_description() -> str:
    listed = "；".join(f"{code}: {', '.join(ids)}" for code, ids in GENERIC_ERRORS.items())
    return f"稳定的机器可读错误标识，如 order_full。任何接口都可能返回的通用标识（按状态码）：{listed}"


def error_response(status: int, declared, description: str | None = None) -> dict:
    """The documented response of one status: the envelope, its `error` limited to the declared ids
    plus the generic ones of that status."""
    codes = sorted(set(declared) | set(GENERIC_ERRORS.get(status, ())))
    return {
        "description": description or HTTPStatus(status).phrase,
        "content": {"application/json": {"schema": {"allOf": [
            {"$ref": ENVELOPE_REF},
            {"type": "object", "properties": {"error": {"type": "string", "enum": codes}}},
        ]}}},
        "x-error-codes": sorted(set(declared)),
    }


def document_generic(spec) -> None:
    """List the generic ids on the envelope's `error` property (once per spec)."""
    schema = spec.components.schemas.get("ErrorEnvelope")
    if schema is not None:
        schema["properties"]["error"]["description"] = generic_description()
