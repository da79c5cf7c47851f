"""The platform admin's journey (平台管理员): download the league import template, upload a file with a bad row
and see that row's error with 确认导入 disabled, upload a corrected file and commit it, find the new league in
the organisation directory, look at the scheduled jobs; the imported account's first sign-in on 000000 is
sent to change its password."""
from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from app.accounts.models import User
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.models import Channel, DeliveryStatus, NotificationEvent, OutboxMessage
from app.tasks.models import JobRun
from app.tasks.runs import run_ended, run_started
from app.tasks.schedule import BEAT_SCHEDULE
from tests.e2e.conftest import screenshot, sign_in

HEADER = ["组织名称", "账号", "所属区域代码", "联系人", "联系电话"]
GOOD = ["共青团天河区五山街道工作委员会", "th-wushan-league", "440106001", "李书记", "13800138000"]
BAD = ["共青团天河区错误代码工委", "th-bad-region", "440199999", "王书记", "13800138001"]


def _workbook(path, *rows) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def _upload(page, path: str) -> None:
    page.locator("input[type=file]").set_input_files(path)
    expect(page.get_by_test_id("import-preview")).to_be_visible()


def _record_runs(app) -> tuple[str, str]:
    """Two jobs ran as the worker records them: one succeeded just now; one failed with its error three days
    ago and has not run since (overdue: the worker is probably down)."""
    ok, broken = list(BEAT_SCHEDULE)[:2]
    with app.app_context():
        for job, outcome, error in ((ok, "succeeded", None), (broken, "failed", RuntimeError("微信接口超时"))):
            run_started(job, BEAT_SCHEDULE[job]["task"])
            run_ended(job, BEAT_SCHEDULE[job]["task"], outcome, error)
        then = utcnow() - timedelta(days=3)
        db.session.execute(sa.update(JobRun).where(JobRun.job == broken).values(started_at=then, finished_at=then))
        db.session.commit()
        db.session.remove()
    return ok, broken


def test_admin_imports_league_accounts_and_the_league_signs_in(app, page, tmp_path):
    ok_job, broken_job = _record_runs(app)
    sign_in(page, "admin", "Admin2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="团组织账号批量导入").click()
    page.wait_for_url("**/console/admin/league-import")

    with page.expect_download() as download:
        page.get_by_test_id("download-template").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    assert [c.value for c in next(load_workbook(template).active.iter_rows(max_row=1))] == HEADER

    # A file with a bad row: that row is highlighted with its error, the good one passes, nothing can be committed.
    _upload(page, _workbook(tmp_path / "团组织-有误.xlsx", GOOD, BAD))
    bad_row = page.locator(".el-table__body tr.row-invalid")
    expect(bad_row).to_have_count(1)
    expect(bad_row).to_contain_text("3")
    expect(bad_row).to_contain_text("th-bad-region")
    expect(bad_row.get_by_test_id("row-errors")).to_have_text("区域代码 440199999 不存在")
    expect(page.locator(".el-table__body tr").first).to_contain_text("可导入")
    expect(page.get_by_test_id("error-rows")).to_have_text("1")
    expect(page.get_by_test_id("commit")).to_be_disabled()
    screenshot(page, "admin-league-import-preview")

    # The corrected file: every row passes; the commit asks first, then reports what it created.
    page.get_by_role("button", name="重新选择文件").click()
    _upload(page, _workbook(tmp_path / "团组织.xlsx", GOOD))
    expect(page.locator(".el-table__body tr.row-invalid")).to_have_count(0)
    page.get_by_test_id("commit").click()
    dialog = page.get_by_role("dialog", name="确认导入")
    expect(dialog).to_contain_text("1 个团组织")
    dialog.get_by_role("button", name="确定").click()
    result = page.get_by_test_id("import-result")
    expect(result).to_contain_text("已从「团组织.xlsx」创建 1 个团组织")
    expect(page.locator(".el-table__body")).to_contain_text("th-wushan-league")

    # The new league is in the organisation directory, with its one account.
    result.get_by_role("button", name="查看机构列表").click()
    page.wait_for_url("**/console/admin/organisations")
    page.get_by_label("机构名称").fill("五山街道工作委员会")
    page.get_by_test_id("search").click()
    row = page.locator(".el-table__body tr").filter(has_text=GOOD[0])
    expect(row).to_have_count(1)
    expect(row).to_contain_text("团组织")
    expect(row).to_contain_text("五山街道")
    expect(page.get_by_text("共 1 条")).to_be_visible()
    page.get_by_role("button", name="重置").click()
    expect(page.locator(".el-table__body tr").first).to_be_visible()
    screenshot(page, "admin-organisations")

    # 定时任务: every job of the beat schedule, its cadence, its last run coloured by outcome, when it runs next.
    page.get_by_role("menuitem", name="定时任务").click()
    page.wait_for_url("**/console/admin/scheduled-jobs")
    jobs = page.get_by_test_id("scheduled-jobs").locator(".el-table__body tr")
    expect(jobs).to_have_count(len(BEAT_SCHEDULE))
    succeeded = jobs.filter(has_text=ok_job).locator("[data-outcome]")
    expect(succeeded).to_have_text("成功")
    expect(succeeded).to_have_class(re.compile(r"el-tag--success"))
    failed = jobs.filter(has_text=broken_job)
    expect(failed.locator("[data-outcome]")).to_have_text("失败")
    expect(failed.locator("[data-outcome]")).to_have_class(re.compile(r"el-tag--danger"))
    expect(failed).to_contain_text("RuntimeError: 微信接口超时")
    expect(failed.get_by_test_id("overdue")).to_have_text("逾期")
    expect(jobs.filter(has_text=ok_job).get_by_test_id("overdue")).to_have_count(0)
    never = jobs.filter(has_not_text=ok_job).filter(has_not_text=broken_job).first.locator("[data-outcome]")
    expect(never).to_have_attribute("data-outcome", "never")
    screenshot(page, "admin-scheduled-jobs")

    # The imported account signs in on the province's initial password and must replace it first.
    page.context.clear_cookies()
    sign_in(page, GOOD[1], "000000")
    page.wait_for_url("**/console/change-password")
    expect(page.get_by_text("首次登录须修改初始密码")).to_be_visible()


def _failed_delivery(app) -> None:
    """A 公众号 template message the relay gave up on, as it records one (WeChat answered 40037)."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "ws-station"))
        event = NotificationEvent(kind="take.requested", key="e2e-failed-delivery", subject_type="take", subject_id=1,
                                  title="有志愿者申请接单：助餐服务", body="请及时审核", payload={})
        db.session.add(event)
        db.session.flush()
        db.session.add(OutboxMessage(event_id=event.id, recipient_id=user.id, channel=Channel.OA_TEMPLATE,
                                     template_id="tpl-take", status=DeliveryStatus.FAILED, attempts=5,
                                     last_errcode=40037, last_error="invalid template_id"))
        db.session.commit()
        db.session.remove()


def test_admin_creates_an_organisation_manages_its_account_a_zone_and_a_lockout(app, page, live):
    import requests

    _failed_delivery(app)

    for _ in range(6):  # bj-station mistypes its password until it is locked out
        requests.post(f"{live}/api/v1/auth/password/login", json={"username": "bj-station", "password": "wrong-pw"},
                      timeout=30)
    sign_in(page, "admin", "Admin2026")
    page.wait_for_url("**/console/")

    # A new station: a district is the wrong level (the API's field error shows under the picker), a street is right.
    page.get_by_role("menuitem", name="机构管理").click()
    page.get_by_test_id("create-organisation").click()
    dialog = page.get_by_role("dialog", name="新建机构")
    dialog.get_by_test_id("org-name").fill("天河区五山街道第二社工站")
    dialog.get_by_test_id("org-kind").click()
    page.get_by_role("option", name="社工站").click()
    dialog.locator(".el-cascader").click()
    panel = page.locator(".el-cascader-panel:visible")
    panel.get_by_text("广州市", exact=True).click()
    panel.locator(".el-cascader-node", has_text="天河区").locator(".el-radio").click()
    dialog.get_by_role("button", name="创建").click()
    expect(dialog.get_by_text("请选择街道级区域")).to_be_visible()
    dialog.locator(".el-cascader").click()
    panel.get_by_text("天河区", exact=True).click()
    panel.locator(".el-cascader-node", has_text="五山街道").locator(".el-radio").click()
    dialog.get_by_role("button", name="创建").click()
    page.wait_for_url("**/console/admin/organisations/*")
    expect(page.get_by_test_id("org-title")).to_have_text("天河区五山街道第二社工站")

    # Its first account, with the initial password shown once; then a reset shows the new one once.
    page.get_by_test_id("account-username").fill("ws2-station")
    page.get_by_label("初始密码").fill("Start2026")
    page.get_by_test_id("create-account").click()
    shown = page.get_by_role("dialog", name="账号已创建")
    expect(shown.get_by_test_id("initial-password")).to_have_text("Start2026")
    shown.get_by_role("button", name="我已记下").click()
    row = page.locator(".el-table__body tr", has_text="ws2-station")
    row.get_by_role("button", name="重置密码").click()
    page.get_by_role("dialog", name="重置密码").get_by_role("button", name="确定").click()
    reset = page.get_by_role("dialog", name="密码已重置")
    fresh = reset.get_by_test_id("initial-password").inner_text()
    assert len(fresh) >= 6 and fresh != "Start2026"
    reset.get_by_role("button", name="我已记下").click()
    row.get_by_role("button", name="停用").click()
    page.get_by_role("dialog", name="停用账号").get_by_role("button", name="确定").click()
    expect(row).to_contain_text("已停用")
    answer = requests.post(f"{live}/api/v1/auth/password/login", json={"username": "ws2-station", "password": fresh},
                           timeout=30)
    assert answer.status_code in (401, 403), answer.text

    # 专区管理: a new zone, then renamed.
    page.get_by_role("menuitem", name="专区管理").click()
    page.get_by_test_id("create-zone").click()
    zone = page.get_by_role("dialog", name="新建专区")
    zone.get_by_label("专区名称").fill("寒假时光")
    zone.get_by_placeholder("开始日期").fill("2027-01-15")
    zone.get_by_placeholder("结束日期").fill("2027-02-20")
    zone.get_by_placeholder("结束日期").press("Enter")
    zone.get_by_role("button", name="保存").click()
    created = page.locator(".el-table__body tr", has_text="寒假时光")
    expect(created).to_contain_text("2027-01-15 至 2027-02-20")
    created.get_by_role("button", name="编辑").click()
    edit = page.get_by_role("dialog", name="编辑专区")
    edit.get_by_label("专区名称").fill("寒假七彩")
    edit.get_by_role("button", name="保存").click()
    expect(page.locator(".el-table__body tr", has_text="寒假七彩")).to_contain_text("【寒假七彩】")

    # 登录锁定: bj-station is listed; unlocking it lets it sign in again.
    page.get_by_role("menuitem", name="登录锁定").click()
    locked = page.locator(".el-table__body tr", has_text="bj-station")
    locked.get_by_role("button", name="解除锁定").click()
    page.get_by_role("dialog", name="解除锁定").get_by_role("button", name="确定").click()
    expect(page.locator(".el-table__body tr", has_text="bj-station")).to_have_count(0)
    answer = requests.post(f"{live}/api/v1/auth/password/login",
                           json={"username": "bj-station", "password": "Demo2026"}, timeout=30)
    assert answer.status_code == 200, answer.text

    # 消息推送记录: the failed delivery with WeChat's error; a retry (confirmed) puts it back in the queue.
    page.get_by_role("menuitem", name="消息推送记录").click()
    failed = page.locator(".el-table__body tr", has_text="有志愿者申请接单：助餐服务")
    expect(failed).to_contain_text("40037 invalid template_id")
    expect(failed).to_contain_text("公众号模板消息")
    failed.get_by_role("button", name="重试").click()
    page.get_by_role("dialog", name="重试投递").get_by_role("button", name="确定").click()
    expect(page.get_by_text("暂无数据")).to_be_visible()
    page.get_by_test_id("delivery-status").click()
    page.get_by_role("option", name="待发送").click()
    expect(page.locator(".el-table__body tr", has_text="有志愿者申请接单：助餐服务")).to_contain_text("待发送")
