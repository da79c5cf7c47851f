"""Pytest plugin: every `error` id the API answers with during the run must be in the OpenAPI spec.

Each error response an API view sends (Flask's `request_finished` signal, so no app code is involved) is
recorded as (METHOD, OpenAPI path, status, error). At the end of the session the records are compared
with the spec the app generates: an id must be one of that status's generic ids
(app/api/error_docs.GENERIC_ERRORS) or be listed in the operation's documented response for that status
(declared with `@blp.errors(...)`). An undocumented one fails the run, naming the operation and the line
to add. Under pytest-xdist each worker sends its records to the controller (`workeroutput`), which checks
the union. Registered from tests/conftest.py.
"""
from __future__ import annotations

import json
import re

import flask
import pytest
from flask import request

from app.api.error_docs import GENERIC_ERRORS

_RECORDED: set[tuple[str, str, int, str]] = set()
_PATH_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def openapi_path(rule: str) -> str:
    return _PATH_PARAM.sub(r"{\1}", rule)


def _record(sender, response, **extra) -> None:
    if response.status_code < 400 or request.url_rule is None or not response.is_json:
        return
    if response.is_streamed:
        return
    body = response.get_json(silent=True)
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        _RECORDED.add((request.method, openapi_path(request.url_rule.rule), response.status_code, body["error"]))


def undocumented(spec: dict, records) -> list[tuple[str, str, int, str]]:
    """The records whose `error` the spec does not document for that operation and status."""
    missing = []
    for method, path, status, error in sorted(records):
        operation = spec["paths"].get(path, {}).get(method.lower())
        if operation is None or error in GENERIC_ERRORS.get(status, ()):
            continue  # not an API operation of the spec (HTML pages, HEAD), or a generic id
        response = operation.get("responses", {}).get(str(status), {})
        if error not in response.get("x-error-codes", ()):
            missing.append((method, path, status, error))
    return missing


def _spec() -> dict:
    from app import create_app
    from app.extensions import api

    app = create_app("test")
    with app.app_context():
        return json.loads(json.dumps(api.spec.to_dict()))


# --- pytest hooks -------------------------------------------------------------------------------------

def pytest_configure(config):
    flask.request_finished.connect(_record)
    config._error_code_records = set()


@pytest.hookimpl(optionalhook=True)  # an xdist hook: absent when xdist is not loaded
def pytest_testnodedown(node, error):
    records = getattr(node, "workeroutput", {}).get("error_codes", [])
    node.config._error_code_records.update(tuple(r) for r in records)


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if hasattr(config, "workeroutput"):  # an xdist worker: hand the records to the controller
        config.workeroutput["error_codes"] = sorted(_RECORDED)
        return
    records = config._error_code_records | _RECORDED
    if not records:
        return
    missing = undocumented(_spec(), records)
    if not missing:
        return
    lines = [f"  {method} {path}: {status} {error!r}  -> @blp.errors({status}, {error!r})"
             for method, path, status, error in missing]
    config._error_code_report = lines
    session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = getattr(config, "_error_code_report", None)
    if lines:
        terminalreporter.section("error ids missing from the OpenAPI spec", sep="=", red=True)
        terminalreporter.write_line(
            "These operations answered with an `error` id their documented responses do not list:")
        for line in lines:
            terminalreporter.write_line(line)
