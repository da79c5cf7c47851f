"""The public website (网站前台), without sign-in: the columns read the demo city's public content; a member
of the public signs in through the official account's web authorisation, asks for help, and reads how
the community closed it — with no personal data on the public page."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import Api, screenshot


def test_columns_show_the_demo_citys_public_content(page):
    page.goto("/")
    page.wait_for_url("**/site/")
    expect(page.get_by_role("heading", name="最新志愿活动")).to_be_visible()
    screenshot(page, "site-home")
    page.get_by_role("link", name="志愿者上报").first.click()
    expect(page.get_by_test_id("report").first).to_be_visible()
    page.get_by_test_id("report").first.get_by_role("link").click()
    expect(page.locator("article h2")).to_be_visible()
    page.get_by_role("link", name="志愿服务组织").click()
    expect(page.get_by_test_id("org").first).to_contain_text("天河青年志愿服务队")
    screenshot(page, "site-orgs")
    page.get_by_role("link", name="志愿风采").click()
    expect(page.get_by_role("radio", name="专业志愿者")).to_be_visible()


def test_a_member_of_the_public_asks_for_help_and_reads_how_it_was_closed(page, live):
    page.goto("/site/help/new")
    page.get_by_test_id("oa-sign-in").click()  # fake WeChat consents and sends the browser back with a ticket
    page.wait_for_url("**/site/help/new")
    assert "ticket" not in page.url
    page.get_by_role("combobox", name="求助社区").click()
    page.get_by_role("option", name="华农社区").first.click()
    page.get_by_label("求助标题").fill("楼道灯坏了需要更换")
    page.get_by_label("需要的服务").fill("三楼楼道灯不亮，老人晚上出行不便")
    page.get_by_label("服务地点").fill("华农社区 5 栋")
    page.get_by_placeholder("选择时间").first.fill("2027-01-05 10:00:00")
    page.keyboard.press("Enter")
    page.get_by_label("联系人").fill("陈阿姨")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_role("button", name="提交求助").click()
    expect(page.get_by_text("求助已提交").first).to_be_visible()
    expect(page.get_by_role("cell", name="楼道灯坏了需要更换")).to_be_visible()

    community = Api.password(live, "hn-community", "Demo2026")
    queue = community.call("GET", "/help-requests/queue")["items"]
    [request] = [r for r in queue if r["title"] == "楼道灯坏了需要更换"]
    volunteer = community.call("GET", "/community/volunteers")["items"][0]
    community.call("POST", f"/help-requests/{request['id']}/assign", json={"volunteer_ids": [volunteer["user_id"]]})
    community.call("POST", f"/help-requests/{request['id']}/close", json={"summary": "志愿者已更换灯泡"})

    page.goto("/site/help")
    card = page.get_by_test_id("closed-help").filter(has_text="楼道灯坏了需要更换")
    expect(card).to_contain_text("志愿者已更换灯泡")
    assert "13812345678" not in page.content() and "陈阿姨" not in page.content()
    screenshot(page, "site-help-closed")
