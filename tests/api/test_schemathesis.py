"""Property-based API tests: schemathesis over the OpenAPI document the app generates (GUIDE §7).

Every operation in /api/v1/openapi.json is called through the WSGI app (no server, no network) with
generated valid and invalid input, against a database holding the demo city (app/demo.py: generated ids
hit real organisations, orders, needs, activities), anonymously and as each demo role: the platform admin,
the association, station staff, the league, the volunteer-service organisation, the community admin and a
volunteer. Each response must not be a 5xx, must match the spec (a documented status code, its content
type, headers and body schema, the `error` ids it documents included), and invalid input must be refused
with a 4xx (`negative_data_rejection`). A failure is reported per role, operation and mode (pytest
subtests), with the request as curl.

Bounded and repeatable: derandomized (the same cases on every run), no example database, no shrinking.
Budget per operation and mode (valid / invalid cases), by the view's policy marker (@public / @signed_in /
@requires, read off the view):

    role                    public ops   guarded ops
    anonymous               10 / 4       1 / 1   (the 401 envelope, whatever the input)
    platform admin           1 / 1      10 / 4   (passes every gate: input reaches the services)
    each of the 6 others     1 / 1       2 / 1   (mostly the permission gate's 403, and own data)

With 176 operations (32 public) that is at most about 5,800 cases; the budget is about 3 minutes on one
worker (measured: 1 min 54 s of CPU, 4 min 49 s wall on a loaded, shared 2-core machine). Add a role or
raise a count only with the run time in view.
TIMEBANK_FUZZ_EXAMPLES scales the 10 (and the 4 and the per-role 2 / 1 with it) for a deeper run, e.g.
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
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.accounts.models import User
from app.core.unit_of_work import unit_of_work
from app.demo import ADMIN, VOLUNTEERS, load_demo
from app.extensions import db
from tests.factories import auth, token_for

OPENAPI_PATH = "/api/v1/openapi.json"
_SCALE = int(os.environ.get("TIMEBANK_FUZZ_EXAMPLES", "10"))
FULL = {GenerationMode.POSITIVE: _SCALE, GenerationMode.NEGATIVE: max(1, _SCALE * 2 // 5)}
ROLE = {GenerationMode.POSITIVE: max(1, _SCALE // 5), GenerationMode.NEGATIVE: max(1, _SCALE // 10)}
GLANCE = {GenerationMode.POSITIVE: 1, GenerationMode.NEGATIVE: 1}

# No 5xx, every response conforms to the spec, invalid input gets a 4xx. Not `positive_data_acceptance`
# (valid input must get a 2xx): generated valid input still meets business rules (a full order, a
# finished activity) whose 409 is the right answer.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

BOUNDED = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

# The demo accounts each role signs in as (app/demo.py); None is anonymous.
ROLES = {
    "anonymous": None,
    "platform_admin": ADMIN[0],
    "association": "gz-association",
    "station_staff": "ws-staff",
    "league": "th-league",
    "volunteer_org": "th-volunteers",
    "community_admin": "hn-community",
    "volunteer": VOLUNTEERS[0][0],  # signs in with WeChat: found by real name
}


@pytest.fixture(scope="module")
def api_schemas(app) -> dict[bool, object]:
    """The schema to generate from, anonymous (False) or signed in (True). An explicit config: a stray
    schemathesis.toml must not change what CI runs. Signed in, the Authorization header is ours, so it
    is not generated: an invalid case whose only fault was a missing or mangled token would reach the
    API with a good one and be reported as accepted invalid input."""
    signed = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
    return {False: schemathesis.openapi.from_wsgi(OPENAPI_PATH, app, config=schemathesis.Config()),
            True: schemathesis.openapi.from_wsgi(OPENAPI_PATH, app, config=signed)}


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


class _SignedIn:
    """Hands out a fresh token per generated case. A case may log the user out, disable them or start a
    password change (generated ids hit real rows); each case starts signed in again."""

    def __init__(self, app, user_id: int):
        self.app = app
        self.user_id = user_id

    def headers(self) -> dict:
        with self.app.app_context():
            with unit_of_work():
                user = db.session.get(User, self.user_id)
                assert user is not None, "a generated case removed the signed-in user"
                user.is_active = True
                user.must_change_password = False  # the league's demo account starts with one pending
            return auth(token_for(self.user_id))


def _demo_user(account: str) -> int:
    by_name = sa.or_(User.username == account, User.real_name == account)
    return db.session.scalars(sa.select(User.id).where(by_name).order_by(User.id)).first()


@pytest.mark.parametrize("role", list(ROLES))
def test_api_as_each_demo_role(subtests, app, api_schemas, public_operations, role):
    with app.app_context():
        with unit_of_work():
            load_demo(app.config["WECHAT_MP_APPID"])
        signed_in = _SignedIn(app, _demo_user(ROLES[role])) if ROLES[role] else None

    def budget(operation, mode):
        is_public = (operation.method.upper(), operation.path) in public_operations
        if signed_in is None:
            return (FULL if is_public else GLANCE)[mode]
        if is_public:
            return GLANCE[mode]
        return (FULL if role == "platform_admin" else ROLE)[mode]

    def call(case):
        headers = signed_in.headers() if signed_in else None
        case.call_and_validate(headers=headers, checks=CHECKS)

    _fuzz(subtests, api_schemas[signed_in is not None], call, budget)
