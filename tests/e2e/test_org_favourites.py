"""A volunteer-service organisation keeps a need from the hall among its favourites and lets it go."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_keep_a_need_then_let_it_go(page):
    sign_in(page, "th-volunteers", "Demo2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="需求大厅").click()
    first = page.locator(".el-table__body tr").first
    title = first.locator("td").first.inner_text().strip()
    first.get_by_role("button", name="收藏").click()
    expect(page.get_by_text("已收藏")).to_be_visible()
    page.get_by_role("menuitem", name="我的收藏").click()
    row = page.get_by_test_id("favourites").locator("tr").filter(has_text=title)
    expect(row).to_be_visible()
    row.get_by_role("button", name="取消收藏").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("还没有收藏")).to_be_visible()
