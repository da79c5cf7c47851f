"""Layer rules that import-linter cannot express (it sees modules, not the names imported from them).

The `.importlinter` contract checks who imports whom inside `app`; this checks, on the source's syntax
tree, that HTTP request state stays at the HTTP edge (GUIDE §1 rule 1) and that the application never
depends on test-only code. No database, no app: it reads files.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# Per-request HTTP state. Only the HTTP edge (app/api) may touch it: services take ids, plain values
# and the acting user, so the same service runs from a route, a task or the CLI.
REQUEST_STATE = {"request", "g", "session"}
HTTP_EDGE = APP / "api"

# Packages that exist only for tests and local runs; production code must not need them.
TEST_ONLY = {"tests", "fakewechat"}
# The demo data loader (`flask demo load`) builds identities the fake WeChat recognises, on purpose.
TEST_ONLY_ALLOWED = {APP / "demo.py"}


def _modules() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def _rel(path: Path) -> str:
    return str(path.relative_to(APP.parent))


def _request_state_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """`from flask import request|g|session` (any alias), `from flask.globals import ...`, and
    `flask.request` / `flask.g` / `flask.session` through any alias of `import flask`."""
    found: list[tuple[int, str]] = []
    flask_aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("flask", "flask.globals") and node.level == 0:
            found += [(node.lineno, f"from {node.module} import {a.name}")
                      for a in node.names if a.name in REQUEST_STATE or a.name == "*"]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "flask":
                    flask_aliases.add(alias.asname or "flask")
                elif alias.name == "flask.globals":
                    found.append((node.lineno, "import flask.globals"))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr in REQUEST_STATE
                and isinstance(node.value, ast.Name) and node.value.id in flask_aliases):
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
    return found


def _test_only_imports(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names
                      if a.name.split(".")[0] in TEST_ONLY]
        elif (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
              and node.module.split(".")[0] in TEST_ONLY):
            found.append((node.lineno, f"from {node.module} import ..."))
    return found


def _parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_the_app_package_is_found():
    assert (APP / "__init__.py").is_file()
    assert len(_modules()) > 5


def test_request_state_stays_at_the_http_edge():
    offenders = [
        f"{_rel(path)}:{line}: {what}"
        for path in _modules() if HTTP_EDGE not in path.parents
        for line, what in _request_state_uses(_parse(path))
    ]
    assert not offenders, (
        "Only app/api may read flask.request / flask.g / flask.session; pass plain values and the "
        "acting user to services instead:\n" + "\n".join(offenders))


def test_the_app_does_not_import_test_only_code():
    offenders = [
        f"{_rel(path)}:{line}: {what}"
        for path in _modules() if path not in TEST_ONLY_ALLOWED
        for line, what in _test_only_imports(_parse(path))
    ]
    assert not offenders, "app/ must not depend on tests/ or fakewechat/:\n" + "\n".join(offenders)


@pytest.mark.parametrize(("source", "expected"), [
    ("from flask import request", 1),
    ("from flask import g as ctx, current_app", 1),
    ("from flask.globals import request", 1),
    ("import flask\nflask.g.user = 1", 1),
    ("import flask as f\nx = f.request.args", 1),
    ("from flask import current_app, jsonify", 0),
    ("from app.extensions import db\ndb.session.flush()", 0),
])
def test_the_request_state_check_itself(source, expected):
    assert len(_request_state_uses(ast.parse(source))) == expected
