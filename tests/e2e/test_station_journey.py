"""The station's journey through the console (seed 000, 社工站篇): 服务对象录入 with a proof image →
审核通过 → 为其发单 → 初审通过 in the console, 终审 by the association through the API → a volunteer
takes the order from the mini-program API → the station approves the taker in the console → the
service ends (the beat sweep, after moving the order's dates into the past) → 订单时数认证 in the console.
"""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

import requests
import sqlalchemy as sa
from PIL import Image
from playwright.sync_api import expect

from app.core.id_cards import full_age, with_check_character
from app.core.timeutil import SHANGHAI, utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.timebank.models import OrderTake, WishOrder
from app.timebank.sweeps import end_finished_services
from tests.e2e.conftest import screenshot, sign_in

BENEFICIARY_COLUMNS = ["姓名", "性别", "年龄", "身份证号", "户籍街道", "服务对象类别", "居住状态", "政治面貌",
                       "自理能力等级", "状态", "最后修改时间", "操作"]
BIRTH = date(1948, 6, 15)
ID_NUMBER = with_check_character(f"440104{BIRTH:%Y%m%d}357")  # 17th digit odd: a man


def _png(tmp_path, name: str) -> str:
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _field(page, test_id: str):
    """An el-input's or el-input-number's text box, wherever Element Plus put the attribute."""
    return page.locator(f'input[data-test="{test_id}"], textarea[data-test="{test_id}"], '
                        f'[data-test="{test_id}"] input, [data-test="{test_id}"] textarea').first


def _choose(page, test_id: str, option: str, *, typed: str | None = None) -> None:
    page.locator(f'[data-test="{test_id}"]').first.click()
    if typed:
        page.keyboard.type(typed)
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def _confirm(page) -> None:
    page.locator(".el-message-box").get_by_role("button", name="确定").click()


def _when(day: date, hour: int) -> str:
    return f"{day:%Y-%m-%d} {hour:02d}:00"


def _pick_time(page, label: str, text: str) -> None:
    box = page.locator(".el-form-item", has=page.locator("label", has_text=label)).locator("input").first
    box.click()
    box.fill(text)
    box.press("Enter")
    page.keyboard.press("Escape")


def test_station_enters_publishes_reviews_and_certifies(page, live, app, tmp_path):
    sign_in(page, "ws-station", "Demo2026")
    page.wait_for_url("**/console/")

    # 服务对象录入 (方式二: 后台), the proof image dropped on the upload
    page.get_by_role("menuitem", name="服务对象库").click()
    page.get_by_test_id("beneficiary-add").click()
    page.wait_for_url("**/console/beneficiaries/new")
    _field(page, "b-name").fill("欧阳伯")
    _field(page, "b-phone").fill("13800138123")
    _field(page, "b-id-card").fill(ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1"))
    _field(page, "b-phone").click()  # leaving the field shows the checksum hint
    expect(page.get_by_text("身份证号码校验位不正确，请核对")).to_be_visible()
    _field(page, "b-id-card").fill(ID_NUMBER)
    expect(page.get_by_text("身份证号码校验位不正确，请核对")).to_have_count(0)
    today = utcnow().astimezone(SHANGHAI).date()
    expect(_field(page, "b-age")).to_have_value(str(full_age(BIRTH, today)))  # read from the number
    _choose(page, "b-category", "长者")
    _choose(page, "b-political", "群众")
    _choose(page, "b-living", "独居")
    _choose(page, "b-self-care", "轻度依赖")
    _choose(page, "b-street", "五山街道", typed="五山")
    _field(page, "b-household-address").fill("五山路 8 号")
    _choose(page, "b-community", "华农社区")
    _field(page, "b-residential-address").fill("五山路 8 号 3 楼")
    page.locator('[data-test="b-proofs"] input[type="file"]').set_input_files(_png(tmp_path, "id-card.png"))
    expect(page.locator('[data-test="b-proofs"] .el-upload-list__item.is-success')).to_have_count(1)
    _field(page, "b-filler-name").fill("吴站长")
    _field(page, "b-filler-phone").fill("020-87654321")
    screenshot(page, "station-beneficiary-form")
    page.get_by_test_id("b-save").click()
    expect(page).to_have_url(re.compile(r".*/console/beneficiaries/\d+$"))
    expect(page.get_by_test_id("b-status")).to_have_text("待审核")
    expect(page.get_by_text("440104194806153")).to_be_visible()  # the owning station reads it in clear
    expect(page.locator(".proofs img")).to_have_count(1)

    # 服务对象审核: 审核通过 (the API: the street's station reviews)
    page.get_by_test_id("b-approve").click()
    _confirm(page)
    expect(page.get_by_test_id("b-status")).to_have_text("启用中")
    expect(page.get_by_test_id("b-events")).to_contain_text("审核通过")

    # 服务对象库: the seed's columns; the 启用中 tab holds the new beneficiary
    page.get_by_role("button", name="返回列表").click()
    headers = page.locator(".el-table__header th").all_inner_texts()
    assert [h.strip() for h in headers if h.strip()] == BENEFICIARY_COLUMNS
    page.get_by_role("tab", name="启用中").click()
    page.get_by_label("姓名").fill("欧阳")
    page.get_by_test_id("search").click()
    row = page.locator(".el-table__body tr", has_text="欧阳伯").first
    expect(row).to_contain_text("启用中")
    expect(row).to_contain_text("轻度依赖")
    expect(page.get_by_text("共 1 条")).to_be_visible()
    row.get_by_role("button", name="欧阳伯").click()

    # 我要发单 for this beneficiary
    page.get_by_role("button", name="为其发单").click()
    expect(page).to_have_url(re.compile(r".*/console/orders/new\?beneficiary=\d+$"))
    _field(page, "o-title").fill("陪欧阳伯去医院复诊")
    _choose(page, "o-item", "陪同就医")
    _choose(page, "o-type", "陪同外出")
    _field(page, "o-lat").fill("23.160500")
    _field(page, "o-lng").fill("113.350200")
    _field(page, "o-address").fill("五山路 8 号楼下")
    service_day = today + timedelta(days=20)
    _pick_time(page, "服务开始时间", _when(service_day, 9))
    _pick_time(page, "服务结束时间", _when(service_day, 11))
    _pick_time(page, "接单截止日期", _when(service_day - timedelta(days=1), 18))
    _field(page, "o-notes").fill("请提前十分钟到达")
    _field(page, "o-traffic").fill("地铁五山站 B 出口步行 5 分钟")
    _field(page, "o-content").fill("陪同长者到医院复诊、取药")
    expect(page.locator('[data-test="o-beneficiary"]').first).to_contain_text("欧阳伯")
    page.get_by_test_id("o-save").click()
    expect(page).to_have_url(re.compile(r".*/console/orders/\d+$"))
    order_id = int(page.url.rstrip("/").split("/")[-1])
    expect(page.get_by_test_id("order-status")).to_have_text("待审核")

    # 初审 in the console; 终审 by the association (its token from the live server)
    page.get_by_test_id("order-first_approve").click()
    _confirm(page)
    expect(page.get_by_test_id("order-status")).to_have_text("初审已通过")
    association = requests.post(f"{live}/api/v1/auth/password/login", timeout=10,
                                json={"username": "gz-association", "password": "Demo2026"}).json()["access_token"]
    answer = requests.post(f"{live}/api/v1/orders/{order_id}/final-approve", timeout=10,
                           headers={"Authorization": f"Bearer {association}"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "open"

    # A volunteer takes it from the mini-program
    volunteer = requests.post(f"{live}/api/v1/auth/mp/login", json={"code": "dev-volunteer01"},
                              timeout=10).json()["access_token"]
    take = requests.post(f"{live}/api/v1/orders/{order_id}/takes", json={}, timeout=10,
                         headers={"Authorization": f"Bearer {volunteer}"})
    assert take.status_code == 201, take.text

    # 接单人审核 in the console: recruiting one, the approval fills the order (进行中)
    page.reload()
    takers = page.get_by_test_id("takers")
    expect(takers).to_contain_text("陈晓明")
    expect(takers).to_contain_text("待审核")
    page.get_by_test_id("take-approve").click()
    _confirm(page)
    expect(takers).to_contain_text("审核通过")
    expect(page.get_by_test_id("order-status")).to_have_text("进行中")

    # Time passes: the service took place three weeks earlier than planned; the beat sweep ends it.
    shift = timedelta(days=21)
    with app.app_context():
        with unit_of_work():
            order = db.session.get(WishOrder, order_id)
            for row in [order, *db.session.scalars(sa.select(OrderTake).where(OrderTake.order_id == order_id))]:
                row.starts_at, row.ends_at = row.starts_at - shift, row.ends_at - shift
            order.take_deadline -= shift
        with unit_of_work():
            end_finished_services(utcnow())
        assert db.session.get(WishOrder, order_id).status == "to_evaluate"
        db.session.remove()

    # 订单时数认证 in the console: hours, counts, summaries, a photo, the six ratings
    page.reload()
    expect(page.get_by_test_id("order-status")).to_have_text("待评价")
    page.get_by_test_id("order-certify").click()
    expect(page).to_have_url(re.compile(rf".*/console/orders/{order_id}/certify$"))
    expect(page.get_by_test_id("c-hours")).to_contain_text("陈晓明")
    _field(page, "c-service-summary").fill("志愿者陪同长者复诊、取药，全程顺利")
    _field(page, "c-effect-summary").fill("长者按时复诊，对服务满意")
    page.locator('[data-test="c-photos"] input[type="file"]').set_input_files(_png(tmp_path, "service.png"))
    expect(page.locator('[data-test="c-photos"] .el-upload-list__item.is-success')).to_have_count(1)
    for key in ("overall", "arrangement", "effect", "attitude", "skill", "efficiency"):
        page.locator(f'[data-test="c-rating_{key}"] .el-rate__item').nth(4).click()
    screenshot(page, "station-certification-form")
    page.get_by_test_id("c-save").click()
    expect(page).to_have_url(re.compile(rf".*/console/orders/{order_id}$"))
    certification = page.get_by_test_id("order-certification")
    expect(certification).to_contain_text("待审核")
    expect(certification).to_contain_text("陈晓明 2 小时")
    expect(certification).to_contain_text("志愿者陪同长者复诊、取药，全程顺利")
    expect(certification.locator(".photo img")).to_have_count(1)

    # 订单跟踪: every step, who and when
    events = page.get_by_test_id("order-events")
    for step in ("发布订单", "初审通过", "终审通过", "接单", "审核通过", "服务结束", "提交时数认证"):
        expect(events).to_contain_text(step)
    expect(events).to_contain_text("周协会")
    screenshot(page, "station-order-timeline")


def _reason(page, text: str) -> None:
    prompt = page.locator(".el-message-box")
    prompt.locator("textarea").fill(text)
    prompt.get_by_role("button", name="确定").click()


def test_station_rejects_with_reasons_and_reads_them_back(page):
    sign_in(page, "ws-station", "Demo2026")
    page.wait_for_url("**/console/")

    # 服务对象审核: 审核不通过 from the list's 待审核 tab, with the reason the API requires
    page.goto("/console/beneficiaries")
    page.get_by_role("tab", name="待审核").click()
    expect(page.get_by_text("共 1 条")).to_be_visible()  # the demo keeps one beneficiary waiting
    row = page.locator(".el-table__body tr", has_text="待审核").first
    name = row.locator("td").first.inner_text().strip()
    row.get_by_test_id("b-reject").click()
    _reason(page, "证明材料不清晰，请重新上传")
    page.get_by_role("tab", name="审核不通过").click()
    expect(page.locator(".el-table__body tr", has_text=name)).to_contain_text("审核不通过")
    page.locator(".el-table__body tr", has_text=name).get_by_role("button", name=name).click()
    expect(page.get_by_text("审核不通过原因：证明材料不清晰，请重新上传")).to_be_visible()
    expect(page.get_by_test_id("b-events")).to_contain_text("证明材料不清晰，请重新上传")

    # 订单初审不通过 → 查看原因 → 重新提交
    page.goto("/console/orders")
    page.get_by_label("需求标题").fill("陪梁伯到医院复诊")
    page.get_by_test_id("search").click()
    page.locator(".el-table__body tr", has_text="陪梁伯到医院复诊").get_by_role("button", name="查看").first.click()
    expect(page.get_by_test_id("order-status")).to_have_text("待审核")
    page.get_by_test_id("order-first_reject").click()
    _reason(page, "服务时间与长者复诊时间不符")
    expect(page.get_by_test_id("order-status")).to_have_text("审核不通过")
    page.get_by_test_id("order-reason").click()
    expect(page.locator(".el-message-box")).to_contain_text("服务时间与长者复诊时间不符")
    page.locator(".el-message-box").get_by_role("button", name="知道了").click()
    expect(page.get_by_test_id("order-events")).to_contain_text("原因：服务时间与长者复诊时间不符")

    # 修改 while rejected: the form comes back filled in; the times survive the round trip unchanged
    starts = page.locator(".el-descriptions__cell", has_text="服务开始时间").locator("xpath=following-sibling::*[1]")
    before = starts.inner_text()
    page.get_by_test_id("order-edit").click()
    expect(page).to_have_url(re.compile(r".*/console/orders/\d+/edit$"))
    expect(_field(page, "o-title")).to_have_value("陪梁伯到医院复诊")
    expect(page.locator('[data-test="o-beneficiary"]').first).to_contain_text("梁伯")
    _field(page, "o-title").fill("陪梁伯到医院复诊（改期）")
    page.get_by_test_id("o-save").click()
    expect(page).to_have_url(re.compile(r".*/console/orders/\d+$"))
    expect(page.get_by_text("陪梁伯到医院复诊（改期）")).to_be_visible()
    assert starts.inner_text() == before
    page.get_by_test_id("order-resubmit").click()
    _confirm(page)
    expect(page.get_by_test_id("order-status")).to_have_text("待审核")
    expect(page.get_by_test_id("order-reason")).to_have_count(0)
