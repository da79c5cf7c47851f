"""The association's desk: final review of the orders the stations first-approved, in bulk, and the
certifications review list."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import Api, screenshot, sign_in


def test_final_review_in_bulk_opens_the_orders(page, live):
    station = Api.password(live, "ws-station", "Demo2026")
    pending = station.call("GET", "/orders", params={"tab": "pending"})["items"]
    assert pending, "the demo city has an order waiting for the station's first review"
    for order in pending:
        station.call("POST", f"/orders/{order['id']}/first-approve")

    association = Api.password(live, "gz-association", "Demo2026")
    waiting = association.call("GET", "/orders", params={"tab": "first_approved"})
    assert waiting["total"] > len(pending) - 1

    sign_in(page, "gz-association", "Demo2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="订单终审").click()
    rows = page.locator(".el-table__body tr")
    expect(rows).to_have_count(waiting["total"])
    screenshot(page, "association-final-review")
    page.locator(".el-table__header .el-checkbox").click()  # select the whole page
    page.get_by_test_id("bulk").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text(f"已处理 {waiting['total']} 项")).to_be_visible()
    expect(page.get_by_text("暂无数据")).to_be_visible()
    opened = {o["id"]: o["status"] for o in association.call("GET", "/orders", params={"page_size": 100})["items"]}
    assert all(opened[o["id"]] == "open" for o in waiting["items"])

    page.get_by_role("menuitem", name="认证审核").click()
    expect(page.locator(".el-table__header")).to_contain_text("总时数")
