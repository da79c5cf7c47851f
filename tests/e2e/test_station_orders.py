"""The station's V订单记录列表 as seed 000 shows it: the seed's columns, its filters, paging."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in

SEED_COLUMNS = ["订单号", "需求标题", "需求类型", "身份证号码", "服务项目", "所属街道", "服务开始时间", "服务结束时间",
                "收到捐赠积分", "订单状态", "创建人", "最后修改时间", "操作"]


def test_order_list_has_the_seed_columns_and_filters(page):
    sign_in(page, "ws-station", "Demo2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="V订单管理").click()
    page.wait_for_url("**/console/orders")
    headers = page.locator(".el-table__header th").all_inner_texts()
    assert [h.strip() for h in headers if h.strip()] == SEED_COLUMNS
    rows = page.locator(".el-table__body tr")
    expect(rows.first).to_be_visible()
    total = page.get_by_text("共 ").inner_text()
    screenshot(page, "station-orders")

    page.get_by_label("需求标题").fill("不存在的标题关键字")
    page.get_by_test_id("search").click()
    expect(page.get_by_text("暂无数据")).to_be_visible()
    expect(page.get_by_text("共 0 条")).to_be_visible()
    page.get_by_role("button", name="重置").click()
    expect(page.get_by_text(total)).to_be_visible()
