"""GET /me as the mini-program reads it: each membership's organisation with its region and that region's parent
(a station's district, for the forms that start from it), at the same number of queries whatever the number of
memberships."""
from __future__ import annotations

from app.accounts.models import MemberRole, Membership, OrgKind
from app.core.unit_of_work import unit_of_work
from tests.api.test_activities_api import count_queries
from tests.factories import auth, load_regions, make_account, make_org, token_for


def join(user_id: int, org_id: int) -> None:
    with unit_of_work() as session:
        session.add(Membership(user_id=user_id, organisation_id=org_id, role=MemberRole.STAFF))


def regions_of(me: dict) -> dict:
    return {m["organisation"]["name"]: (m["organisation"]["region"]["code"], m["organisation"]["region"]["parent_code"])
            for m in me["memberships"]}


def test_each_organisation_region_names_its_parent_at_constant_queries(client, app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001", "五山社工站")
    user = make_account(station, "ws-admin")
    headers = auth(token_for(user))
    one, me = count_queries(client, "/api/v1/me", headers)
    assert regions_of(me) == {"五山社工站": ("440106001", "440106")}

    join(user, make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会"))
    join(user, make_org(OrgKind.COMMUNITY, "440106001001", "华农社区"))
    join(user, make_org(OrgKind.LEAGUE, "440106", "天河团区委"))
    many, me = count_queries(client, "/api/v1/me", headers)
    assert regions_of(me) == {"五山社工站": ("440106001", "440106"), "广州市志愿者协会": ("440100", None),
                              "华农社区": ("440106001001", "440106001"), "天河团区委": ("440106", "440100")}
    assert many == one


def test_the_region_picker_and_the_organisation_agree_on_the_parent(client, app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001", "五山社工站")
    headers = auth(token_for(make_account(station, "ws-admin")))
    organisation = client.get(f"/api/v1/organisations/{station}", headers=headers).json
    assert organisation["region"]["parent_code"] == client.get("/api/v1/regions/440106001").json["parent_code"]
    assert client.get("/api/v1/regions/440100").json["parent_code"] is None
