"""Property-based API tests: schemathesis over the OpenAPI document the app generates (GUIDE §7).

Every operation in /api/v1/openapi.json is called through the WSGI app (no server, no network) with
generated valid and invalid input, anonymously and as a signed-in platform admin. Each response must
not be a 5xx and must match the spec: a documented status code, its content type, headers and body
schema. A failure is reported per operation and mode (pytest subtests), with the request as curl.

Bounded and repeatable: derandomized (the same cases on every run), no example database, no shrinking.
Budget per operation, by the view's policy marker (@public / @signed_in / @requires, read off the view):
a public operation gets 25 valid + 10 invalid cases anonymously and 3 + 3 with a token; a guarded one
25 + 10 as the platform admin and 3 + 3 anonymously (the 401 envelope, whatever the input).
TIMEBANK_FUZZ_EXAMPLES scales the 25 (and the 10 with it) for a deeper run, e.g.
`TIMEBANK_FUZZ_EXAMPLES=200 make test-python ARGS=tests/api/test_schemathesis.py`.

Why not `schemathesis.pytest.from_fixture(...).parametrize()`: schemathesis 4.32.5 reads
`request.node._nodeid`, which pytest 9.2 no longer has (AttributeError on every lazy-schema test).
This module drives the same public pieces (`get_all_operations`, `as_strategy`, `call_and_validate`)
with Hypothesis directly.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.accounts.models import User
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.factories import auth, make_admin, token_for

OPENAPI_PATH = "/api/v1/openapi.json"
FULL = {GenerationMode.POSITIVE: int(os.environ.get("TIMEBANK_FUZZ_EXAMPLES", "25"))}
FULL[GenerationMode.NEGATIVE] = max(1, FULL[GenerationMode.POSITIVE] * 2 // 5)
GLANCE = {GenerationMode.POSITIVE: 3, GenerationMode.NEGATIVE: 3}

# "No 5xx, and every response conforms to the spec". Not `negative_data_rejection` (invalid input must
# get a 4xx) or `positive_data_acceptance`: add them here once the API is complete enough to hold them.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

BOUNDED = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def api_schema(app):
    # An explicit, empty config: a stray schemathesis.toml must not change what CI runs.
    return schemathesis.openapi.from_wsgi(OPENAPI_PATH, app, config=schemathesis.Config())


@pytest.fixture(scope="module")
def public_operations(app) -> set[tuple[str, str]]:
    """(METHOD, OpenAPI path) of every view marked @public (app/api/security.py)."""
    public = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            func = getattr(view_class, method.lower(), None) if view_class else view
            if getattr(func, "policy", None) == "public":
                public.add((method, path))
    return public


def _fuzz(subtests, api_schema, call: Callable, budget: Callable) -> None:
    """Run `call(case)` on generated cases for every operation and mode, one subtest each."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # Guards against passing vacuously on an empty spec.
    assert operations, "the OpenAPI document lists no operations"
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            with subtests.test(msg=f"{operation.label} [{mode.value}]"):

                @settings(BOUNDED, max_examples=budget(operation, mode))
                @given(case=operation.as_strategy(generation_mode=mode))
                def run(case):
                    call(case)

                try:
                    run()
                except Unsatisfiable:
                    # Nothing in this operation can be made invalid (no parameters, or only ones every
                    # value of which is valid): there is no negative case to send.
                    if mode is not GenerationMode.NEGATIVE:
                        raise
                    pytest.skip("no invalid input can be generated for this operation")


def test_api_anonymous(subtests, api_schema, public_operations):
    """No token at all (schemathesis may still send a generated, invalid one)."""

    def budget(operation, mode):
        is_public = (operation.method.upper(), operation.path) in public_operations
        return (FULL if is_public else GLANCE)[mode]

    _fuzz(subtests, api_schema, lambda case: case.call_and_validate(checks=CHECKS), budget)


# --- token hook ---------------------------------------------------------------------------------------
# Signed-in calls use the real session code through tests/factories.py (make_admin, token_for). A platform
# admin passes every permission gate, so generated input reaches the services. To fuzz as another role,
# add a fixture like `platform_admin` that builds that user (membership, organisation) and a test like
# `test_api_as_platform_admin` that takes it.


class _SignedIn:
    """Hands out a fresh token per generated case. A case may log the user out, disable them or start a
    password change (their id is small, so generated ids hit it); each case starts signed in again."""

    def __init__(self, app, user_id: int):
        self.app = app
        self.user_id = user_id
        self.replaced = 0

    def headers(self) -> dict:
        with self.app.app_context():
            with unit_of_work():
                user = db.session.get(User, self.user_id)
                if user is not None:
                    user.is_active = True
                    user.must_change_password = False
            if user is None:  # removed by a generated case: sign in as a new admin
                self.replaced += 1
                self.user_id = make_admin(username=f"st-admin-{self.replaced}")
            return auth(token_for(self.user_id))


@pytest.fixture
def platform_admin(app):
    with app.app_context():
        return _SignedIn(app, make_admin(username="st-admin"))


def test_api_as_platform_admin(subtests, api_schema, public_operations, platform_admin):
    def budget(operation, mode):
        is_public = (operation.method.upper(), operation.path) in public_operations
        return (GLANCE if is_public else FULL)[mode]

    _fuzz(subtests, api_schema,
          lambda case: case.call_and_validate(headers=platform_admin.headers(), checks=CHECKS), budget)
