"""End-to-end tests of the staff console and the public website in a real headless Chromium (Debian's
`chromium` package, driven by Playwright's Python client with `executable_path`: nothing downloads a
browser), against the platform served for real on PostgreSQL with the demo city loaded.

The built pages come from console/dist (`make console`; `make test` and `.ci/run` build it first). Each
main screen is saved as a PNG under console/e2e-screens/ for the README's pictures.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.demo import load_demo
from app.extensions import db

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENS = Path(__file__).resolve().parents[2] / "console" / "e2e-screens"
# Chromium's own background traffic is refused by a closed network, noisily; none of it is needed.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def _require(condition: bool, message: str) -> None:
    if not condition:
        pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def browser():
    _require(shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists(),
             f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        pw.selectors.set_test_id_attribute("data-test")
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live(app):
    """The platform on a real port with the demo city; yields its base URL."""
    dist = Path(app.config["WEB_DIST_DIR"])
    _require((dist / "console" / "index.html").is_file(),
             f"the console is not built ({dist}): run `make console` (make test does it)")
    with app.app_context():
        load_demo(app.config["WECHAT_MP_APPID"])
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base, before = f"http://127.0.0.1:{server.server_port}", app.config["PUBLIC_BASE_URL"]
    app.config["PUBLIC_BASE_URL"] = base  # where WeChat's OAuth sends the browser back to
    yield base
    app.config["PUBLIC_BASE_URL"] = before
    server.shutdown()
    thread.join(timeout=10)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


@pytest.fixture
def page(request, browser, live):
    context = browser.new_context(base_url=live, locale="zh-CN", viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    if getattr(request.node, "failed_call", False):  # what the browser showed when it failed
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"the page threw: {errors}"


def screenshot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def sign_in(page, username: str, password: str) -> None:
    page.goto("/console/login")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


class Api:
    """The JSON API over HTTP on the live server, as one account: what another person does meanwhile."""

    def __init__(self, base: str, token: str):
        import requests

        self.base, self.http = base, requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    @classmethod
    def password(cls, base: str, username: str, password: str) -> Api:
        import requests

        answer = requests.post(f"{base}/api/v1/auth/password/login", json={"username": username, "password": password},
                               timeout=30)
        assert answer.status_code == 200, answer.text
        return cls(base, answer.json()["access_token"])

    @classmethod
    def wechat(cls, base: str, person: str) -> Api:
        import requests

        answer = requests.post(f"{base}/api/v1/auth/mp/login", json={"code": f"dev-{person}"}, timeout=30)
        assert answer.status_code == 200, answer.text
        return cls(base, answer.json()["access_token"])

    def call(self, method: str, path: str, expect: int = 200, **kwargs):
        answer = self.http.request(method, f"{self.base}/api/v1{path}", timeout=30, **kwargs)
        assert answer.status_code == expect, f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json() if answer.content else None
