"""积分调整 at the association's desk: book points for an organisation, see it on top of the audit list,
and have a deduction below zero refused in place with the API's Chinese message."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import Api, screenshot, sign_in


def _volunteers(live: str) -> tuple[Api, int]:
    """th-volunteers' own organisation (the volunteer-service organisation of the demo city) and its id."""
    volunteers = Api.password(live, "th-volunteers", "Demo2026")
    own = [o for o in volunteers.call("GET", "/organisations") if o["kind"] == "volunteer_org"]
    assert len(own) == 1, own
    return volunteers, own[0]["id"]


def _book(page, org_id: int, points: int, reason: str, take: bool = False) -> None:
    page.get_by_test_id("adjust-new").click()
    dialog = page.get_by_test_id("adjust-dialog")
    expect(dialog.get_by_text("组织 ID")).to_be_visible()
    dialog.get_by_test_id("adjust-account-id").locator("input").fill(str(org_id))
    if take:
        dialog.get_by_text("扣减", exact=True).click()
    dialog.get_by_test_id("adjust-points").locator("input").fill(str(points))
    dialog.locator("textarea").fill(reason)  # ElInput puts data-test on the textarea itself
    dialog.get_by_test_id("adjust-submit").click()
    sign = "−" if take else "+"
    box = page.locator(".el-message-box")
    expect(box).to_contain_text(f"确定为 组织 #{org_id} 调整 {sign}{points} 积分？")
    box.get_by_role("button", name="确定").click()


def test_association_adjusts_an_organisations_points(page, live):
    volunteers, org_id = _volunteers(live)
    before = volunteers.call("GET", "/org-workspace/points", params={"organisation_id": org_id})["balance"]

    sign_in(page, "gz-association", "Demo2026")
    page.wait_for_url("**/console/")
    page.get_by_role("menuitem", name="积分调整").click()
    page.wait_for_url("**/console/points/adjustments")

    _book(page, org_id, 5, "线下活动补录积分")
    expect(page.get_by_text(f"已调整，当前余额 {before + 5} 积分")).to_be_visible()
    expect(page.get_by_test_id("adjust-dialog")).to_be_hidden()
    top = page.locator(".el-table__body tr").first
    expect(top).to_contain_text("线下活动补录积分")
    expect(top).to_contain_text(f"#{org_id}")
    expect(top.get_by_test_id("adjust-amount")).to_have_text("+5")
    expect(top).to_contain_text("组织")
    screenshot(page, "association-adjustments")
    after = volunteers.call("GET", "/org-workspace/points", params={"organisation_id": org_id})["balance"]
    assert after == before + 5

    _book(page, org_id, 100000, "多发积分冲正", take=True)
    amount_item = page.get_by_test_id("adjust-dialog").locator(".el-form-item").filter(has_text="调整积分")
    expect(amount_item.locator(".el-form-item__error")).to_have_text(
        f"调减后积分余额不能小于 0：当前余额 {after} 积分，最多可调减 {after} 积分")
    expect(page.get_by_test_id("adjust-dialog")).to_be_visible()
    # Nothing was booked: the organisation keeps its points and the list its one new row.
    assert volunteers.call("GET", "/org-workspace/points", params={"organisation_id": org_id})["balance"] == after
    association = Api.password(live, "gz-association", "Demo2026")
    listed = association.call("GET", "/points/adjustments",
                              params={"account_type": "organisation", "account_id": org_id})["items"]
    assert [(row["amount"], row["reason"]) for row in listed][:1] == [(5, "线下活动补录积分")]
