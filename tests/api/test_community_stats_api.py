"""Statistics, the roster and my totals over HTTP, by the seed's roles: a community admin and the association
read their region's figures and export them; the district office narrows to a community; a volunteer reads
their own totals across modules."""
from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from app.community import statistics
from app.core.timeutil import SHANGHAI
from app.ledger.models import Cause
from tests.community.factories_showcase import COMMUNITIES, TIANHE, credit, member_of, star_world
from tests.factories import auth, make_account, make_org, token_for

NOW = datetime.now(SHANGHAI)


@pytest.fixture
def world(app_ctx):
    from app.accounts.models import OrgKind

    world = star_world()
    world["district"] = make_org(OrgKind.COMMUNITY, TIANHE, "天河区社区办")
    world["district_admin"] = make_account(world["district"], "th-office")
    world["members"] = [member_of(world["华农"], "王小明", party=True),
                        member_of(world["华农"], "李佳怡", party=False),
                        member_of(world["惠新"], "陈晓明", party=True)]
    credit(world["members"][0], 2, at=NOW, cause=Cause.ATTENDANCE)
    credit(world["members"][0], 3, at=NOW, cause=Cause.CERTIFICATION)
    return world


def _as(world, who):
    return auth(token_for(world[who]))


def test_a_community_admin_reads_and_exports_their_figures(client, world):
    headers = _as(world, "华农_admin")
    stats = client.get("/api/v1/community/stats", headers=headers)
    assert stats.status_code == 200, stats.json
    totals = stats.json["totals"]
    assert stats.json["region"]["code"] == COMMUNITIES["华农"]
    assert (totals["volunteers"], totals["party_members"], totals["services"], totals["hours"]) == (2, 1, 2, "5.0")
    assert [u["work_unit"] for u in stats.json["work_units"]] == ["测试单位"]
    export = client.get("/api/v1/community/stats/export", headers=headers)
    assert export.status_code == 200 and export.headers["Cache-Control"] == "private, no-store"
    assert "statistics.xlsx" in export.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(export.data), read_only=True)
    assert book.sheetnames == ["总计", "下级区域", "工作单位"]
    rows = list(book["总计"].iter_rows(values_only=True))
    assert rows[0][:6] == ("区域", "志愿者人数", "党员人数", "本月新增", "服务次数", "服务时长（小时）")
    assert rows[1][1:3] == (2, 1) and rows[1][5] == 5.0
    units = list(book["工作单位"].iter_rows(values_only=True))
    assert units[1][:2] == ("测试单位", 2)


def test_regions_outside_reach_look_missing_and_bad_codes_are_refused(client, world):
    headers = _as(world, "华农_admin")
    outside = client.get(f"/api/v1/community/stats?region_code={COMMUNITIES['惠新']}", headers=headers)
    assert outside.status_code == 404 and outside.json["error"] == "region_not_found"
    bad = client.get("/api/v1/community/stats?region_code=abc", headers=headers)
    assert bad.status_code == 422 and "region_code" in bad.json["errors"]
    district = client.get(f"/api/v1/community/stats?region_code={COMMUNITIES['华农']}",
                          headers=_as(world, "district_admin"))
    assert district.status_code == 200 and district.json["totals"]["volunteers"] == 2
    city = client.get("/api/v1/community/stats", headers=_as(world, "association_admin")).json
    assert city["region"]["code"] == "440100" and city["totals"]["volunteers"] == 3
    assert {c["code"]: c["volunteers"] for c in city["children"]}[TIANHE] == 2


def test_the_roster_shows_masked_people_and_their_activities(client, world):
    headers = _as(world, "district_admin")
    page = client.get("/api/v1/community/volunteers?party_member=true", headers=headers).json
    assert [row["real_name"] for row in page["items"]] == ["王小明"]
    assert page["items"][0]["hours"] == "5.0" and page["next_before_id"] is None
    detail = client.get(f"/api/v1/community/volunteers/{world['members'][0]}", headers=headers)
    assert detail.status_code == 200 and detail.json["activities"] == []
    far = client.get(f"/api/v1/community/volunteers/{world['members'][2]}", headers=headers)
    assert far.status_code == 404 and far.json["error"] == "volunteer_not_found"


def test_the_roster_narrows_to_one_community_in_reach(client, world):
    member_of(world["茶山"], "周敏")
    url = "/api/v1/community/volunteers?organisation_id="

    def names(who, community):
        response = client.get(f"{url}{world[community]}", headers=_as(world, who))
        assert response.status_code == 200, response.json
        return sorted(row["real_name"] for row in response.json["items"])

    assert names("华农_admin", "华农") == ["李佳怡", "王小明"]
    assert names("district_admin", "华农") == ["李佳怡", "王小明"]
    assert names("district_admin", "茶山") == ["周敏"]
    assert names("association_admin", "惠新") == ["陈晓明"]
    both = client.get(f"{url}{world['华农']}&region_code={COMMUNITIES['华农']}&party_member=true",
                      headers=_as(world, "district_admin")).json["items"]
    assert [row["real_name"] for row in both] == ["王小明"]
    # Another community, a community of another district, an organisation that is no community, or no
    # organisation at all: all answer alike, so ids tell nothing.
    for who, target in (("华农_admin", world["茶山"]), ("华农_admin", world["惠新"]),
                        ("district_admin", world["惠新"]), ("华农_admin", world["provider"]),
                        ("association_admin", world["provider"]), ("华农_admin", 999999)):
        response = client.get(f"{url}{target}", headers=_as(world, who))
        assert response.status_code == 404 and response.json["error"] == "community_not_found", (who, target)
        assert response.json["message"] == "社区不存在"
    bad = client.get(f"{url}0", headers=_as(world, "华农_admin"))
    assert bad.status_code == 422 and "organisation_id" in bad.json["errors"]
    volunteer = client.get(f"{url}{world['华农']}", headers=auth(token_for(world["members"][0])))
    assert volunteer.status_code == 403 and volunteer.json["error"] == "forbidden"


def test_a_volunteer_reads_their_totals_across_modules(client, world):
    totals = client.get("/api/v1/community/me/totals", headers=auth(token_for(world["members"][0]))).json
    assert (totals["services"], totals["hours"], totals["balance"]) == (2, "5.0", 5)
    assert {s["label"]: s["hours"] for s in totals["by_source"]} == {"时间银行订单": "3.0", "社区活动": "2.0"}


def test_new_this_month_counts_beijing_calendar_months():
    late = datetime(2026, 11, 30, 20, 0, tzinfo=SHANGHAI)
    assert statistics.month_start(late) == datetime(2026, 11, 1, tzinfo=SHANGHAI)
    assert statistics.month_start(datetime(2026, 11, 30, 17, 0, tzinfo=statistics.SHANGHAI)).month == 11


def test_a_work_unit_narrows_every_figure(client, world):
    """Crosses community (volunteers) and activities (sign-ups): with work_unit, the totals, the children,
    the work units and the activities and help requests count only that unit's volunteers."""
    import sqlalchemy as sa

    from app.community.models import CommunityVolunteer
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from tests.activities.factories_activities import make_activity, sign

    tax_officer = world["members"][1]  # 李佳怡 of 华农, not a party member, no credits
    with unit_of_work():
        db.session.execute(sa.update(CommunityVolunteer).where(CommunityVolunteer.user_id == tax_officer)
                           .values(work_unit="天河区税务局"))
    publisher = {"community": world["华农"], "community_admin": world["华农_admin"]}
    joined = make_activity(publisher, region_code=COMMUNITIES["华农"])
    make_activity(publisher, region_code=COMMUNITIES["华农"])  # nobody of the unit signed up
    sign(tax_officer, joined)

    everyone = client.get("/api/v1/community/stats", headers=_as(world, "华农_admin")).json
    assert everyone["work_unit"] is None
    assert (everyone["totals"]["volunteers"], everyone["totals"]["activities"]["total"]) == (2, 2)

    narrowed = client.get("/api/v1/community/stats?work_unit=税务", headers=_as(world, "华农_admin"))
    assert narrowed.status_code == 200, narrowed.json
    body = narrowed.json
    totals = body["totals"]
    assert body["work_unit"] == "税务"
    assert (totals["volunteers"], totals["party_members"], totals["services"], totals["hours"]) == (1, 0, 0, "0")
    assert (totals["activities"]["total"], totals["help_requests"]["total"]) == (1, 0)
    assert [u["work_unit"] for u in body["work_units"]] == ["天河区税务局"]

    district = client.get("/api/v1/community/stats?work_unit=税务", headers=_as(world, "district_admin")).json
    by_child = {c["name"]: (c["volunteers"], c["activities"]) for c in district["children"]}
    assert district["totals"]["volunteers"] == 1
    assert sum(v for v, _ in by_child.values()) == 1 and sum(a for _, a in by_child.values()) == 1
    assert len(by_child) == len(client.get("/api/v1/community/stats", headers=_as(world, "district_admin"))
                                .json["children"])  # children without the unit still listed, at zero
