"""A community office's day in the console (seed 004, issue 16): approve a volunteer's application, take
attendance for a held activity's whole sign-up sheet with the keyboard, and read the statistics chart."""
from __future__ import annotations

from datetime import datetime, timedelta

import requests
from playwright.sync_api import expect

from app.core.id_cards import with_check_character
from app.core.timeutil import SHANGHAI
from tests.e2e.conftest import screenshot, sign_in
from tests.uploads.helpers import image_bytes

HELD = "重阳节探访社区长者"
# The statistics screen loads ECharts (its own chunk) and a region-wide query: on a busy machine more than
# the default five seconds.
SLOW = 20000  # the demo's held activity: three signed up, two came (2 h each), one did not


def _volunteer_token(live: str, code: str) -> str:
    answer = requests.post(f"{live}/api/v1/auth/mp/login", json={"code": code}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def _apply(live: str, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    communities = requests.get(f"{live}/api/v1/community/communities", params={"name": "华农"}, timeout=10).json()
    community_id = communities["items"][0]["id"]
    answer = requests.post(f"{live}/api/v1/community/applications", headers=headers, timeout=10, json={
        "community_id": community_id, "real_name": "林晓峰",
        "id_card_number": with_check_character("11010119900307123"),
        "work_unit": "徐州市第一人民医院", "is_party_member": True})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_community_office_journey(page, live):
    token = _volunteer_token(live, "dev-h8-lin-xiaofeng")
    application_id = _apply(live, token)

    sign_in(page, "hn-community", "Demo2026")
    page.wait_for_url("**/console/")

    # 申请审核: the new application waits among the pending ones; approving it makes him a volunteer here.
    page.get_by_role("menuitem", name="申请审核").click()
    page.wait_for_url("**/console/community/applications")
    row = page.locator(".el-table__row", has_text="林晓峰")
    expect(row).to_contain_text("徐州市第一人民医院")
    expect(row).to_contain_text("110***")  # the ID number comes masked
    screenshot(page, "community-applications")
    page.get_by_test_id(f"approve-{application_id}").first.click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("已通过")).to_be_visible()
    expect(page.locator(".el-table__row", has_text="林晓峰")).to_have_count(0)
    membership = requests.get(f"{live}/api/v1/community/membership", timeout=10,
                              headers={"Authorization": f"Bearer {token}"}).json()
    assert membership["is_volunteer"] is True
    assert membership["community"]["name"] == "五山街道华农社区居委会"

    # 活动: publish one through the form, then cancel it (a reason, then a confirmation).
    page.get_by_role("menuitem", name="活动").click()
    page.wait_for_url("**/console/community/activities")
    page.get_by_test_id("publish").click()
    form = page.get_by_test_id("activity-form")
    form.locator(".el-form-item", has_text="活动标题").locator("input").fill("社区环境清洁日")
    form.locator(".el-form-item", has_text="活动类别").locator(".el-select").click()
    page.locator(".el-select-dropdown__item:visible").first.click()
    form.locator(".el-form-item", has_text="活动地点").locator("input").fill("华农社区中心广场")
    start, end = _next_month_times()
    form.get_by_placeholder("开始时间").fill(start)
    form.get_by_placeholder("结束时间").fill(end)
    form.get_by_placeholder("结束时间").press("Enter")
    form.locator(".el-form-item", has_text="活动内容").locator("textarea").fill("清理楼道杂物，宣传垃圾分类。")
    form.get_by_role("button", name="发布").click()
    expect(page.locator(".el-message", has_text="活动已发布")).to_be_visible()
    fresh = page.locator(".el-table__row", has_text="社区环境清洁日")
    expect(fresh).to_contain_text("进行中")
    expect(fresh).to_contain_text(start[:-3])  # the time as typed, Beijing time, whatever the browser's zone
    _quiet(page)
    screenshot(page, "community-activities")
    fresh.get_by_role("button", name="取消活动").click()
    prompt = page.get_by_role("dialog", name="取消活动“社区环境清洁日”")
    prompt.locator("textarea").fill("场地临时改作他用")
    prompt.get_by_role("button", name="确定").click()
    page.get_by_role("dialog", name="请确认").get_by_role("button", name="确定").click()
    expect(page.locator(".el-message", has_text="活动已取消")).to_be_visible()
    expect(fresh).to_contain_text("已取消")
    expect(fresh).to_contain_text("场地临时改作他用")

    # 活动 → 确认与反馈: the whole sheet, by keyboard: Tab between hour inputs, typing marks 已到, Enter saves.
    page.locator(".el-table__row", has_text=HELD).get_by_role("button", name="确认与反馈").first.click()
    page.wait_for_url("**/console/community/activities/*/attendance")
    sheet = page.get_by_test_id("attendance-sheet")
    expect(page.get_by_test_id("attended-count")).to_have_text("2")
    inputs = sheet.locator("input.hours")
    expect(inputs).to_have_count(3)
    inputs.nth(0).click()
    inputs.nth(0).fill("2")
    page.keyboard.press("Tab")
    expect(inputs.nth(1)).to_be_focused()
    page.keyboard.press("Tab")
    expect(inputs.nth(2)).to_be_focused()
    page.keyboard.type("1.5")  # the one who had been marked 未到 did come after all
    page.keyboard.press("Enter")
    expect(page.get_by_text("确认名单已保存")).to_be_visible()
    expect(page.get_by_test_id("attended-count")).to_have_text("3")
    expect(page.get_by_test_id("total-hours")).to_have_text("5.5")
    _quiet(page)
    screenshot(page, "community-attendance")

    # An impossible number stays on its row and nothing is sent.
    inputs.nth(0).fill("1.3")
    page.keyboard.press("Enter")
    expect(sheet.get_by_role("alert")).to_have_text("服务时长应以 0.5 小时为单位")
    expect(page.get_by_test_id("total-hours")).to_have_text("5.5")

    # The feedback, with an on-site photo, goes to the website.
    page.get_by_test_id("feedback-summary").fill("探访长者 12 位，三位志愿者全部到场。")
    page.get_by_test_id("photo-input").set_input_files(
        files=[{"name": "现场.png", "mimeType": "image/png", "buffer": image_bytes(size=(64, 48))}])
    expect(page.get_by_role("img", name="现场图片")).to_have_count(1)
    page.get_by_test_id("save-feedback").click()
    expect(page.get_by_text("活动反馈已保存")).to_be_visible()
    activity_id = page.url.rstrip("/").split("/")[-2]
    public = requests.get(f"{live}/api/v1/activities/{activity_id}/feedback", timeout=10).json()
    assert public["summary"] == "探访长者 12 位，三位志愿者全部到场。"
    assert len(public["photo_upload_ids"]) == 1

    # 志愿者上报: approve the pending plan and publish it to the website column, then take it down again.
    page.get_by_role("menuitem", name="志愿者上报").click()
    page.wait_for_url("**/console/community/reports")
    plan = page.locator(".el-table__row", has_text="下月垃圾分类宣传计划")
    plan.get_by_role("button", name="通过并发布").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("已通过并发布")).to_be_visible()
    expect(plan).to_have_count(0)
    assert "下月垃圾分类宣传计划" in _public_report_titles(live)
    _choose(page, "审核状态", "审核通过")
    expect(plan).to_contain_text("（已发布）")
    _quiet(page)
    screenshot(page, "community-reports")
    plan.get_by_role("button", name="撤下").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("已撤下")).to_be_visible()
    expect(plan.get_by_role("button", name="发布到网站")).to_be_visible()
    assert "下月垃圾分类宣传计划" not in _public_report_titles(live)

    # 公众求助: assign the waiting request to a volunteer found by name, then close it with a summary.
    page.get_by_role("menuitem", name="公众求助").click()
    page.wait_for_url("**/console/community/help-requests")
    request = page.locator(".el-table__row", has_text="希望有人陪伴老人就医")
    request.get_by_role("button", name="安排志愿者").click()
    dialog = page.get_by_role("dialog", name="安排志愿者")
    dialog.locator(".el-select").click()
    page.keyboard.type("刘芳")
    page.locator(".el-select-dropdown__item", has_text="刘芳").click()
    dialog.locator(".el-dialog__title").click()  # a multiple select stays open after a pick
    dialog.get_by_role("button", name="确定安排").click()
    expect(page.get_by_text("已安排，志愿者和求助人会收到通知")).to_be_visible()
    expect(request).to_contain_text("已安排")
    expect(request).to_contain_text("刘芳")
    request.get_by_role("button", name="办结").click()
    closing = page.get_by_role("dialog", name="办结求助")
    closing.locator("textarea").fill("志愿者陪同老人到区人民医院复诊，顺利就医。")
    closing.get_by_role("button", name="办结").click()
    page.get_by_role("button", name="确定").click()
    expect(page.locator(".el-message", has_text="已办结")).to_be_visible()
    expect(request).to_contain_text("办理情况：志愿者陪同老人到区人民医院复诊")
    _quiet(page)
    screenshot(page, "community-help-requests")

    # 志愿者名册: the volunteer approved this morning is on the roster, found by name.
    page.get_by_role("menuitem", name="志愿者名册").click()
    page.wait_for_url("**/console/community/volunteers")
    page.get_by_label("姓名").fill("林晓峰")
    page.get_by_test_id("search").click()
    expect(page.locator(".el-table__row")).to_have_count(1)
    expect(page.locator(".el-table__row")).to_contain_text("徐州市第一人民医院")
    _quiet(page)
    screenshot(page, "community-volunteers")

    # 统计: the figures and the chart, drawn by ECharts on a canvas.
    page.get_by_role("menuitem", name="统计").click()
    page.wait_for_url("**/console/community/statistics")
    expect(page.get_by_test_id("figures")).to_contain_text("志愿者人数", timeout=SLOW)
    expect(page.get_by_test_id("unit-chart").locator("canvas")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("region-chart")).to_have_count(0)  # a community has no sub-regions to chart


def test_city_statistics_drill_down_to_the_community(page):
    """The city's association reads the statistics of its region: city → district → street → community."""
    sign_in(page, "gz-association", "Demo2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="统计").click()
    page.wait_for_url("**/console/community/statistics")
    trail = page.get_by_test_id("trail")
    steps = trail.locator(".el-breadcrumb__inner")
    expect(steps).to_have_text(["广州市"], timeout=SLOW)
    expect(page.get_by_test_id("region-chart").locator("canvas")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("unit-chart").locator("canvas")).to_be_visible(timeout=SLOW)
    screenshot(page, "community-statistics")
    path = ["广州市"]
    for name in ["天河区", "五山街道", "华农社区"]:
        page.locator(".el-table__row").get_by_role("button", name=name).click()
        path.append(name)
        expect(steps).to_have_text(path, timeout=SLOW)
    # eleven of the twelve demo volunteers were approved into 华农社区 (the last one still waits)
    expect(page.locator(".el-statistic", has_text="志愿者人数")).to_contain_text("11")
    trail.get_by_role("button", name="天河区").click()  # back up by the breadcrumb
    expect(steps).to_have_text(["广州市", "天河区"], timeout=SLOW)
    page.get_by_test_id("export").click()  # an export job: progress, then the download
    dialog = page.get_by_test_id("export-dialog")
    expect(dialog.get_by_test_id("export-download")).to_be_visible(timeout=SLOW)
    with page.expect_download() as download:
        dialog.get_by_test_id("export-download").click()
    assert download.value.suggested_filename.endswith(".xlsx") and "统计" in download.value.suggested_filename
    with open(download.value.path(), "rb") as sheet:
        assert sheet.read(2) == b"PK"  # an .xlsx is a zip


def _next_month_times() -> tuple[str, str]:
    day = (datetime.now(SHANGHAI) + timedelta(days=30)).strftime("%Y-%m-%d")
    return f"{day} 09:00:00", f"{day} 11:00:00"


def _public_report_titles(live: str) -> list[str]:
    return [item["title"] for item in requests.get(f"{live}/api/v1/reports", timeout=10).json()["items"]]


def _choose(page, label: str, option: str) -> None:
    """Pick an option of an Element Plus select in the filters and search."""
    page.locator(".el-form-item", has_text=label).locator(".el-select").click()
    page.locator(".el-select-dropdown__item:visible", has_text=option).click()
    page.get_by_test_id("search").click()


def _quiet(page) -> None:
    """Let the success messages and the loading mask fade so the screenshot shows the screen."""
    expect(page.locator(".el-message")).to_have_count(0, timeout=10000)
    expect(page.locator(".el-loading-mask")).to_have_count(0, timeout=10000)
