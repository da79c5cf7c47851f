"""The platform admin's 区域导入: preview a city's region file, import it, and a broken file that cannot be."""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from app.accounts.regions import XUZHOU_CSV
from tests.e2e.conftest import screenshot, sign_in


def _open_screen(page):
    sign_in(page, "admin", "Admin2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="区域导入").click()
    page.wait_for_url("**/console/admin/regions")


def test_admin_previews_and_imports_xuzhou_then_a_broken_file_is_refused(page, tmp_path: Path):
    _open_screen(page)
    tree = page.get_by_test_id("region-tree")
    expect(tree.get_by_text("广州市")).to_be_visible()
    expect(tree.get_by_text("徐州市")).to_have_count(0)

    regions = len(XUZHOU_CSV.read_text(encoding="utf-8").strip().splitlines()) - 1
    page.locator("[data-test=upload] input[type=file]").set_input_files(str(XUZHOU_CSV))
    page.get_by_test_id("preview-button").click()
    expect(page.get_by_test_id("preview-city")).to_have_text("徐州市")
    expect(page.get_by_test_id("count-created")).to_have_text(f"新增 {regions}")
    expect(page.get_by_test_id("count-deactivated")).to_have_text("停用 0")
    expect(page.get_by_test_id("commit")).to_be_enabled()
    page.get_by_role("button", name=f"新增（{regions}）").click()
    expect(page.get_by_test_id("list-created")).to_contain_text("鼓楼区")
    page.wait_for_timeout(500)  # the picture only: let the list finish unfolding
    screenshot(page, "admin-region-import-preview")

    page.get_by_test_id("commit").click()
    dialog = page.locator(".el-message-box")
    expect(dialog).to_contain_text("没有区域会被停用")
    dialog.get_by_role("button", name="确定").click()
    expect(page.locator(".el-message--success")).to_contain_text("导入成功")
    expect(page.get_by_test_id("preview")).to_have_count(0)
    expect(tree.get_by_text("徐州市")).to_be_visible()  # the tree reloads with the imported city

    broken = tmp_path / "broken.csv"
    broken.write_text("code,name,level,parent_code\n"
                      "320300,徐州市,city,\n"
                      "320302,鼓楼区,district,320300\n"
                      "320399001,无上级街道,street,320399\n", encoding="utf-8")
    page.locator("[data-test=upload] input[type=file]").set_input_files(str(broken))
    page.get_by_test_id("preview-button").click()
    errors = page.get_by_test_id("errors")
    row = errors.locator(".el-table__body tr").filter(has_text="320399001")
    expect(row.locator("td").first).to_have_text("4")
    expect(row).to_contain_text("上级代码 320399 不在文件中")
    expect(page.get_by_test_id("commit")).to_be_disabled()
