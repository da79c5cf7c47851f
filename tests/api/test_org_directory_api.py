"""The organisation directory (平台管理员): every organisation, filtered by kind, region (with everything
under it), name and state, paged, each with its count of password accounts."""
from __future__ import annotations

from app.accounts.models import MemberRole, Organisation, OrgKind, User
from app.accounts.organisations import bind_account
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.factories import PASSWORD, auth, load_regions, make_account, make_admin, make_org, make_user, token_for

URL = "/api/v1/admin/organisations"


def _world():
    load_regions()
    ids = {
        "tianhe_league": make_org(OrgKind.LEAGUE, "440106", "天河团区委"),
        "wushan_league": make_org(OrgKind.LEAGUE, "440106001", "五山街道团工委"),
        "yuexiu_league": make_org(OrgKind.LEAGUE, "440104", "越秀团区委"),
        "station": make_org(OrgKind.STATION, "440106001", "五山街道社工站"),
        "association": make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会_总会"),
    }
    make_account(ids["tianhe_league"], "th-admin")
    make_account(ids["tianhe_league"], "th-staff", MemberRole.STAFF)
    return ids


def _get(client, token, **query):
    response = client.get(URL, headers=auth(token), query_string=query)
    assert response.status_code == 200, response.json
    return response.json


def test_filters_combine_and_pages_count_the_whole_result(client, app_ctx):
    ids = _world()
    token = token_for(make_admin())
    everything = _get(client, token)
    assert everything["total"] == 5 and [o["id"] for o in everything["items"]] == sorted(ids.values(), reverse=True)

    leagues = _get(client, token, kind="league")
    assert {o["name"] for o in leagues["items"]} == {"天河团区委", "五山街道团工委", "越秀团区委"}
    # A district takes in its streets' organisations.
    tianhe = _get(client, token, kind="league", region_code="440106")
    assert {o["name"] for o in tianhe["items"]} == {"天河团区委", "五山街道团工委"}
    assert {o["name"] for o in _get(client, token, region_code="440106001")["items"]} == {"五山街道团工委",
                                                                                          "五山街道社工站"}
    assert {o["name"] for o in _get(client, token, name="五山")["items"]} == {"五山街道团工委", "五山街道社工站"}
    # LIKE wildcards in the search are plain characters.
    assert [o["name"] for o in _get(client, token, name="_")["items"]] == ["广州市志愿者协会_总会"]
    assert _get(client, token, name="%")["total"] == 0

    page = _get(client, token, kind="league", page=2, page_size=2)
    assert page["total"] == 3 and page["page"] == 2 and page["page_size"] == 2
    assert [o["id"] for o in page["items"]] == [ids["tianhe_league"]]
    counts = {o["name"]: o["account_count"] for o in everything["items"]}
    assert counts["天河团区委"] == 2 and counts["越秀团区委"] == 0


def test_accounts_count_leaves_out_staff_bound_by_wechat(client, app_ctx):
    ids = _world()
    person = make_user(mp_openid="o-bound", real_name="绑定人")
    with unit_of_work():
        bind_account(db.session.get(User, person), "th-admin", PASSWORD)
    token = token_for(make_admin())
    counts = {o["id"]: o["account_count"] for o in _get(client, token, kind="league")["items"]}
    assert counts[ids["tianhe_league"]] == 2


def test_disabled_filter_and_bad_filters(client, app_ctx):
    ids = _world()
    with unit_of_work():
        db.session.get(Organisation, ids["yuexiu_league"]).is_active = False
    token = token_for(make_admin())
    assert [o["name"] for o in _get(client, token, is_active="false")["items"]] == ["越秀团区委"]
    assert _get(client, token, is_active="true")["total"] == 4
    unknown = client.get(URL, headers=auth(token), query_string={"region_code": "999999"})
    assert unknown.status_code == 422 and unknown.json["errors"] == {"region_code": ["区域不存在"]}
    for query in ({"kind": "nope"}, {"page_size": 101}, {"page": 0}, {"region_code": "abc"}):
        assert client.get(URL, headers=auth(token), query_string=query).status_code == 422, query
