"""The public directory of volunteer-service organisations (seed 002: 首页可以查看志愿服务组织介绍): only
active ones with a completed profile, filtered by name and region, with their average score; no phone."""
from __future__ import annotations

from app.accounts.models import Organisation, OrgKind
from app.core.timeutil import utcnow
from app.extensions import db
from app.needs.models import OrganisationProfile
from tests.factories import load_regions, make_org

DIRECTORY = "/api/v1/org-pages"


def _org(kind, region, name, *, complete=True, active=True):
    org_id = make_org(kind, region, name)
    db.session.add(OrganisationProfile(organisation_id=org_id, contact_name="联系人", service_areas=["助老"],
                                       introduction=f"{name}的简介", completed_at=utcnow() if complete else None))
    db.session.get(Organisation, org_id).is_active = active
    db.session.commit()
    return org_id


def test_lists_only_active_volunteer_orgs_with_a_completed_profile(client, app_ctx):
    load_regions()
    shown = _org(OrgKind.VOLUNTEER_ORG, "440106", "天河青年志愿服务队")
    _org(OrgKind.VOLUNTEER_ORG, "440106", "资料未完善的队伍", complete=False)
    _org(OrgKind.VOLUNTEER_ORG, "440106", "已停用的队伍", active=False)
    _org(OrgKind.LEAGUE, "440106", "天河团区委")
    answer = client.get(DIRECTORY)
    assert answer.status_code == 200, answer.json
    assert [row["id"] for row in answer.json["items"]] == [shown] and answer.json["total"] == 1
    row = answer.json["items"][0]
    assert row["introduction"] == "天河青年志愿服务队的简介" and row["service_areas"] == ["助老"]
    assert row["score_average"] is None and row["score_count"] == 0
    assert "contact_phone" not in row


def test_filters_by_name_and_region_and_pages(client, app_ctx):
    load_regions()
    tianhe = _org(OrgKind.VOLUNTEER_ORG, "440106", "天河助老服务队")
    yuexiu = _org(OrgKind.VOLUNTEER_ORG, "440104", "越秀助老服务队")
    assert [r["id"] for r in client.get(DIRECTORY, query_string={"region": "440104"}).json["items"]] == [yuexiu]
    assert [r["id"] for r in client.get(DIRECTORY, query_string={"name": "天河"}).json["items"]] == [tianhe]
    assert client.get(DIRECTORY, query_string={"name": "%"}).json["items"] == []  # a wildcard is a character
    first = client.get(DIRECTORY, query_string={"page_size": 1}).json
    assert (first["total"], [r["id"] for r in first["items"]]) == (2, [yuexiu])
    assert client.get(DIRECTORY, query_string={"region": "44x"}).status_code == 422
