"""Every page a notification opens is a page of the mini-program (miniprogram/app.json), so tapping a
message or a WeChat notification never lands on 页面不存在."""
from __future__ import annotations

import json
from pathlib import Path

from app.notify.routing import ROUTES
from app.timebank.sweep_expire import SUMMARY_PAGE

APP_JSON = Path(__file__).resolve().parents[2] / "miniprogram" / "app.json"


def _client_pages() -> set[str]:
    app = json.loads(APP_JSON.read_text("utf-8"))
    pages = set(app["pages"])
    for package in app["subPackages"]:
        pages |= {f"{package['root']}/{page}" for page in package["pages"]}
    return pages


def test_every_notification_page_exists_in_the_mini_program():
    pages = _client_pages()
    used = {kind: route.page for kind, route in ROUTES.items() if route.page} | {"expiry summary": SUMMARY_PAGE}
    missing = {kind: page for kind, page in used.items() if page.split("?")[0] not in pages}
    assert missing == {}
    assert len(used) > 40


def test_staff_and_volunteers_open_orders_on_their_own_pages():
    assert ROUTES["take.requested"].page.startswith("packages/station/order/index")
    assert ROUTES["take.reviewed"].page.startswith("packages/volunteer/order/index")
    assert ROUTES["help_request.assigned"].page.startswith("packages/volunteer/help/index")
    assert ROUTES["help_request.submitted"].page.startswith("packages/community/help-request/index")
