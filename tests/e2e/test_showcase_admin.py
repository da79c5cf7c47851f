"""The association's 展示管理: a new 服务基地 (with a photo dropped on the form) shows on the public website's
志愿风采 at once, and after 停用 (confirmed) it is gone from there."""
from __future__ import annotations

import struct
import zlib

from playwright.sync_api import expect

from tests.e2e.conftest import Api, screenshot, sign_in

NAME = "五山街道长者服务基地（测试）"


def _png() -> bytes:
    """A real 2×2 PNG: the uploads API reads the image, so it has to be one."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\xff\x80\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _public_bases(page) -> None:
    page.goto("/site/showcase")
    page.locator(".el-radio-button", has_text="服务基地").click()  # the page's tabs are radio buttons
    expect(page.get_by_test_id("entry").first).to_be_visible()


def test_a_new_service_base_shows_on_the_site_until_it_is_stopped(page, live):
    sign_in(page, "gz-association", "Demo2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="展示管理").click()
    expect(page.get_by_test_id("entries")).to_contain_text("陈律师")  # the demo city's professional volunteer
    expect(page.get_by_test_id("entries").locator(".el-loading-mask")).to_have_count(0)
    screenshot(page, "association-showcase")

    page.locator(".filters .el-radio-button", has_text="服务基地").click()
    expect(page.get_by_test_id("entries")).to_contain_text("五山街道党群服务中心")
    page.get_by_test_id("new-entry").click()
    form = page.get_by_test_id("entry-form")
    expect(form.get_by_role("radio", name="服务基地")).to_be_checked()
    form.get_by_role("combobox", name="所在区域").click()
    page.get_by_role("option", name="天河区").first.click()
    form.get_by_label("名称").fill(NAME)
    form.get_by_label("简介").fill("为辖区长者提供助餐、理发和健康咨询")
    form.get_by_label("地址").fill("天河区五山路 100 号")
    form.get_by_label("公开联系方式").fill("020-87654321")
    form.locator("[data-test=field-photos] input[type=file]").set_input_files(
        files=[{"name": "base.png", "mimeType": "image/png", "buffer": _png()}])
    expect(form.locator(".el-upload-list__item.is-success")).to_have_count(1)
    page.get_by_test_id("save-entry").click()
    expect(page.locator(".el-message", has_text="已新增")).to_be_visible()
    row = page.locator(".el-table__body tr", has_text=NAME)
    expect(row).to_contain_text("启用中")
    expect(row).to_contain_text("1 张")

    association = Api.password(live, "gz-association", "Demo2026")
    managed = association.call("GET", "/showcase/manage/entries", params={"kind": "base", "limit": 50})["items"]
    created = next(e for e in managed if e["name"] == NAME)
    assert (created["address"], created["contact"], created["region"]["code"]) == (
        "天河区五山路 100 号", "020-87654321", "440106")
    assert len(created["photo_upload_ids"]) == 1

    site = page.context.new_page()
    _public_bases(site)
    expect(site.get_by_test_id("entry").filter(has_text=NAME)).to_have_count(1)

    row.get_by_role("button", name="停用").click()
    page.get_by_role("button", name="确定").click()
    expect(page.locator(".el-message", has_text="已停用")).to_be_visible()
    expect(row).to_contain_text("已停用")

    _public_bases(site)
    expect(site.get_by_test_id("entry").filter(has_text="五山街道党群服务中心")).to_have_count(1)
    expect(site.get_by_test_id("entry").filter(has_text=NAME)).to_have_count(0)
    public = Api.wechat(live, "volunteer01").call("GET", "/showcase/entries", params={"kind": "base", "limit": 50})
    assert NAME not in [e["name"] for e in public["items"]]


def test_a_star_is_adjusted_with_a_citation_and_its_history_shows_who_and_why(page, live):
    sign_in(page, "gz-association", "Demo2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="季度之星").click()
    team = page.locator("[data-test=stars] .el-table__body tr", has_text="团队之星")
    expect(team).to_have_count(1)  # the demo city's last quarter has one team star in 天河区

    team.get_by_role("button", name="调整", exact=True).click()  # the candidate stays; the citation changes
    page.get_by_label("推荐理由").fill("服务时长领先，组织多次助老活动")
    page.get_by_role("button", name="确定调整").click()
    expect(page.locator(".el-message", has_text="已调整")).to_be_visible()
    expect(team).to_contain_text("协会调整")
    expect(team).to_contain_text("服务时长领先")

    team.get_by_role("button", name="记录").click()
    drawer = page.locator(".el-drawer")
    expect(drawer.locator(".el-timeline-item").filter(has_text="服务时长领先，组织多次助老活动")).to_contain_text("周协会")
    expect(drawer.locator(".el-loading-mask")).to_have_count(0)
    screenshot(page, "association-star-history")
    page.keyboard.press("Escape")

    team.get_by_role("button", name="撤销调整").click()
    page.get_by_role("button", name="确定").click()
    expect(page.locator(".el-message", has_text="已撤销调整")).to_be_visible()
    # The page shows the API's default quarter (the one just ended), as this call does.
    stars = Api.password(live, "gz-association", "Demo2026").call("GET", "/showcase/manage/stars")
    assert not any(s["kind"] == "team" and s["overridden"] for s in stars)
