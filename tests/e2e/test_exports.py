"""导出 on V订单管理: the export job's progress dialog reaches 下载, the file the browser saves is the seed's
V订单记录 workbook for the list's filters, and 导出记录 lists the job. Tests run Celery eagerly, so the job
is finished when POST /exports answers: the dialog must then show 100% and 下载 straight away."""
from __future__ import annotations

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in

SEED_HEADER = ["订单号", "需求标题", "需求类型", "身份证号码", "服务项目", "所属街道", "服务开始时间", "服务结束时间",
               "收到捐赠积分", "订单状态", "创建人", "最后修改时间"]


def _total(page) -> int:
    return int(re.search(r"共 (\d+) 条", page.get_by_text("共 ").inner_text()).group(1))


def test_export_orders_with_progress_then_download(page, tmp_path):
    sign_in(page, "ws-station", "Demo2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="V订单管理").click()
    page.wait_for_url("**/console/orders")
    expect(page.locator(".el-table__body tr").first).to_be_visible()
    everything = _total(page)
    page.get_by_label("需求标题").fill("探访")  # the export takes the list's filters
    page.get_by_test_id("search").click()
    expect(page.get_by_text(f"共 {everything} 条")).to_be_hidden()
    total = _total(page)
    assert 0 < total < everything

    page.get_by_test_id("export").click()
    dialog = page.get_by_test_id("export-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("export-progress")).to_contain_text("100%")
    expect(dialog.get_by_test_id("export-status")).to_have_text(f"导出完成，共 {total} 行")
    download_button = dialog.get_by_test_id("export-download")
    expect(download_button).to_be_visible()
    screenshot(page, "export-progress")

    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert re.fullmatch(r"V订单记录_\d{14}\.xlsx", download.suggested_filename), download.suggested_filename
    saved = tmp_path / download.suggested_filename  # openpyxl goes by the file's extension
    download.save_as(saved)
    sheet = load_workbook(saved, read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "V订单记录"
    assert rows[0] == SEED_HEADER
    assert len(rows) - 1 == total  # the list's filters, the list's rows
    listed = page.locator(".el-table__body tr").first.locator("td").first.inner_text().strip()
    assert listed in {row[0] for row in rows[1:]}
    assert all("探访" in row[1] for row in rows[1:])

    dialog.get_by_role("button", name="关闭", exact=True).click()
    expect(dialog).to_be_hidden()
    page.get_by_role("menuitem", name="导出记录").click()
    page.wait_for_url("**/console/exports")
    record = page.get_by_test_id("export-records").locator(".el-table__body tr").first
    expect(record).to_contain_text("V订单记录")
    expect(record).to_contain_text("已完成")
    screenshot(page, "export-records")
    with page.expect_download() as again:
        record.get_by_test_id("record-download").click()
    assert again.value.suggested_filename == download.suggested_filename
