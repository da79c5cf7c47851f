"""Signing in to the console: the refresh token never reaches the page's scripts, a reload keeps the
session through the HttpOnly cookie, a league's first sign-in must change the initial password."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in


def test_station_signs_in_sees_queues_and_survives_reload(page):
    page.goto("/console/")
    page.wait_for_url("**/console/login**")
    screenshot(page, "login")
    sign_in(page, "ws-station", "Demo2026")
    page.wait_for_url("**/console/")
    expect(page.get_by_test_id("who")).to_contain_text("五山街道社工站")
    expect(page.locator("[data-queue]").first).to_be_visible()
    screenshot(page, "station-workbench")

    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["tb_refresh"]["httpOnly"] is True
    assert cookies["tb_refresh"]["sameSite"] == "Strict"
    assert cookies["tb_refresh"]["path"] == "/api/v1/auth/web"
    assert page.evaluate("document.cookie") == ""  # nothing a script can read
    assert page.evaluate("Object.keys(localStorage).filter(k => k !== 'timebank.font')") == []

    page.reload()
    expect(page.get_by_test_id("who")).to_contain_text("五山街道社工站")


def test_wrong_password_is_said_in_place(page):
    sign_in(page, "ws-station", "not-the-password")
    expect(page.get_by_text("账号或密码错误")).to_be_visible()


def test_league_first_sign_in_must_change_the_initial_password(page):
    sign_in(page, "th-league", "000000")
    page.wait_for_url("**/console/change-password")
    expect(page.get_by_text("首次登录须修改初始密码")).to_be_visible()
    page.goto("/console/")  # the other screens stay closed until the change
    page.wait_for_url("**/console/change-password")
    page.get_by_label("原密码").fill("000000")
    page.get_by_label("新密码", exact=True).fill("League2026x")
    page.get_by_label("再次输入新密码").fill("League2026x")
    page.get_by_role("button", name="确认修改").click()
    page.wait_for_url("**/console/")
    expect(page.get_by_test_id("who")).to_contain_text("共青团")


def test_sign_out_ends_the_session(page):
    sign_in(page, "ws-station", "Demo2026")
    page.wait_for_url("**/console/")
    page.get_by_role("button", name="退出").click()
    page.get_by_role("button", name="确定").click()
    page.wait_for_url("**/console/login")
    page.goto("/console/orders")
    page.wait_for_url("**/console/login**")
