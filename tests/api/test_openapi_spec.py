"""The OpenAPI document is valid OpenAPI 3, and each operation's `error` ids are in it.

Issue 15 item 10: the 401/403 answers pointed at `#/components/schemas/Error`, which did not exist, so
validators and code generators stopped on the document.
"""
from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from app.api.blueprint import Blueprint
from app.api.error_docs import GENERIC_ERRORS
from tests.openapi_error_codes import undocumented

OPENAPI_PATH = "/api/v1/openapi.json"


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get(OPENAPI_PATH).json


def test_the_served_document_is_valid_openapi(spec):
    validate(spec)  # raises, naming the first problem, e.g. an unresolvable $ref


def test_guarded_operations_document_401_and_403_with_the_envelope(spec):
    guarded = [op for item in spec["paths"].values() for op in item.values()
               if isinstance(op, dict) and op.get("security")]
    assert guarded
    for operation in guarded:
        for status in ("401", "403"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            refs = [schema.get("$ref")] + [part.get("$ref") for part in schema.get("allOf", [])]
            assert "#/components/schemas/ErrorEnvelope" in refs


def test_a_declared_error_id_is_an_enum_on_that_status_with_the_generic_ones(spec):
    take = spec["paths"]["/api/v1/orders/{order_id}/takes"]["post"]["responses"]["409"]
    assert "order_full" in take["x-error-codes"]
    error = take["content"]["application/json"]["schema"]["allOf"][1]["properties"]["error"]
    assert {"order_full", *GENERIC_ERRORS[409]} <= set(error["enum"])
    assert take["description"].startswith("已接过该订单")  # the route's own wording is kept
    envelope = spec["components"]["schemas"]["ErrorEnvelope"]["properties"]["error"]["description"]
    assert all(code in envelope for codes in GENERIC_ERRORS.values() for code in codes)


def test_errors_declared_on_a_guarded_401_or_403_replace_the_markers_plain_ones(spec):
    login = spec["paths"]["/api/v1/auth/password/login"]["post"]["responses"]["401"]
    assert "invalid_credentials" in login["x-error-codes"]


def test_errors_stack_per_status_and_leave_the_wrapped_function_alone():
    blp = Blueprint("probe", __name__)

    def view():
        """probe"""

    first = Blueprint.errors(409, "order_full")(view)
    doc_before = dict(first._apidoc)
    second = blp.errors(409, "time_conflict")(blp.errors(404, "order_not_found")(first))
    assert second._apidoc["errors"] == {409: {"order_full", "time_conflict"}, 404: {"order_not_found"}}
    assert doc_before["errors"] == {409: {"order_full"}}
    with pytest.raises(TypeError):
        Blueprint.errors(409)


def test_the_session_check_names_an_undocumented_error_and_accepts_documented_and_generic_ones(spec):
    records = {
        ("POST", "/api/v1/orders/{order_id}/takes", 409, "order_full"),      # declared
        ("POST", "/api/v1/orders/{order_id}/takes", 422, "validation_error"),  # generic
        ("GET", "/not/in/the/spec", 409, "whatever"),                          # not an API operation
        ("POST", "/api/v1/orders/{order_id}/takes", 409, "made_up_error"),
        ("POST", "/api/v1/orders/{order_id}/takes", 404, "order_full"),        # right id, wrong status
    }
    assert undocumented(spec, records) == [
        ("POST", "/api/v1/orders/{order_id}/takes", 404, "order_full"),
        ("POST", "/api/v1/orders/{order_id}/takes", 409, "made_up_error"),
    ]




def test_the_recorder_keeps_each_error_answer_of_an_api_operation(client):
    from tests import openapi_error_codes

    openapi_error_codes._RECORDED.discard(("POST", "/api/v1/orders/{order_id}/takes", 401, "unauthorized"))
    assert client.post("/api/v1/orders/999999/takes", json={}).status_code == 401
    assert client.get("/api/v1/no-such-page").status_code == 404  # no URL rule: nothing to document
    assert client.get(OPENAPI_PATH).status_code == 200
    recorded = openapi_error_codes._RECORDED
    assert ("POST", "/api/v1/orders/{order_id}/takes", 401, "unauthorized") in recorded
    assert not [r for r in recorded if r[1] in ("/api/v1/no-such-page", OPENAPI_PATH)]
