"""A youth league's first day at the desk: the initial password is changed first, a need is published,
a volunteer-service organisation claims it, the league confirms the claim."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import Api, screenshot, sign_in


def test_first_login_publish_a_need_and_accept_a_claim(page, live):
    sign_in(page, "th-league", "000000")
    page.wait_for_url("**/console/change-password")
    page.get_by_label("原密码").fill("000000")
    page.get_by_label("新密码", exact=True).fill("League2026x")
    page.get_by_label("再次输入新密码").fill("League2026x")
    page.get_by_role("button", name="确认修改").click()
    page.wait_for_url("**/console/")

    page.get_by_role("menuitem", name="我的需求").click()
    page.get_by_test_id("publish-need").click()
    dialog = page.get_by_role("dialog", name="发布需求")
    dialog.get_by_label("需求标题").fill("寒假社区图书角整理")
    dialog.get_by_label("需求内容").fill("整理社区图书角，给小朋友讲故事")
    dialog.get_by_role("combobox", name="服务区域").click()
    page.get_by_role("option", name="五山街道").click()
    dialog.get_by_placeholder("开始").fill("2027-01-20 09:00:00")
    dialog.get_by_placeholder("结束").fill("2027-01-20 12:00:00")
    dialog.get_by_placeholder("结束").press("Enter")
    dialog.get_by_label("负责人", exact=True).fill("林老师")
    dialog.get_by_label("负责人手机").fill("13900001111")
    screenshot(page, "league-publish-need")
    dialog.get_by_role("button", name="发布").click()
    expect(page.get_by_text("需求已发布")).to_be_visible()
    row = page.locator(".el-table__body tr").filter(has_text="寒假社区图书角整理")
    expect(row).to_contain_text("待认领")

    volunteers = Api.password(live, "th-volunteers", "Demo2026")
    need = next(n for n in volunteers.call("GET", "/needs", params={"keyword": "图书角"})["items"])
    assert need["leader_mobile"] is None  # hidden from claimers until the league accepts
    volunteers.call("POST", f"/needs/{need['id']}/claims", expect=201,
                    json={"message": "我们有 8 名大学生志愿者", "organisation_id": None})

    page.reload()
    row = page.locator(".el-table__body tr").filter(has_text="寒假社区图书角整理")
    row.get_by_role("button", name="认领管理").click()
    drawer = page.get_by_role("dialog", name="认领管理：寒假社区图书角整理")
    expect(drawer).to_contain_text("天河青年志愿服务队")
    screenshot(page, "league-claims")
    drawer.get_by_role("button", name="认领通过").click()
    page.get_by_role("button", name="确定").click()
    expect(page.get_by_text("已确认认领")).to_be_visible()
    expect(drawer).to_contain_text("评分")
    detail = volunteers.call("GET", f"/needs/{need['id']}")
    assert detail["status"] == "claimed" and detail["leader_mobile"]
