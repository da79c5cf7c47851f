"""The needs core over HTTP: publish, claim, accept through the API, and the leader's phones checked from
every role's point of view before and after the acceptance: hidden (null, not masked) until the league
accepts a claim (seed 002), then shown to the accepted claimer only."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from app.core.unit_of_work import unit_of_work
from app.uploads.services import store_upload
from tests.factories import auth, make_admin, make_user, token_for
from tests.needs.factories_needs import make_provider, need_fields, needs_core_world
from tests.uploads.links import content_path

PHONES = ("13800001111", "020-87654321")
HIDDEN = (None, None)


@pytest.fixture
def world(app_ctx):
    world = needs_core_world()
    world["pending"] = make_provider("候补志愿队", "pv-pending")
    world["returned"] = make_provider("被退回志愿队", "pv-returned")
    world["tokens"] = {
        "league": token_for(world["league_admin"]), "other_league": token_for(world["other_league_admin"]),
        "provider": token_for(world["provider"]["admin"]), "other_provider": token_for(world["provider2"]["admin"]),
        "pending": token_for(world["pending"]["admin"]), "returned": token_for(world["returned"]["admin"]),
        "volunteer": token_for(make_user(mp_openid="o-vol", real_name="志愿者")), "admin": token_for(make_admin()),
    }
    return world


def _body(world):
    fields = need_fields(zone_id=world["zone"], title="【七彩假期】招募志愿服务团队")
    return fields | {"starts_at": fields["starts_at"].isoformat(), "ends_at": fields["ends_at"].isoformat()}


def phones(client, need_id, token):
    response = client.get(f"/api/v1/needs/{need_id}", headers=auth(token) if token else {})
    body = response.json
    if body["leader_mobile"] is None:
        # hidden means no trace of the numbers anywhere in the answer: no masked form, no last digits
        assert not any(leak in response.text for leak in ("****", PHONES[0], "87654321")), response.text
        assert body["phones_visible"] is False
    return body["leader_mobile"], body["leader_landline"]


def test_publish_claim_accept_and_who_sees_the_phones(client, world):
    t = world["tokens"]
    created = client.post("/api/v1/needs", json=_body(world), headers=auth(t["league"]))
    assert created.status_code == 201, created.json
    need = created.json
    assert need["title"] == "【七彩假期】招募志愿服务团队" and need["status_label"] == "待认领"
    assert (need["leader_mobile"], need["leader_landline"]) == PHONES

    claims = {}
    for who in ("provider", "pending", "returned"):
        response = client.post(f"/api/v1/needs/{need['id']}/claims", json={"message": "我们可以"},
                               headers=auth(t[who]))
        assert response.status_code == 201 and response.json["status_label"] == "待确认", response.json
        claims[who] = response.json["id"]
    returned = client.post(f"/api/v1/claims/{claims['returned']}/return", json={"reason": "人手不足"},
                           headers=auth(t["league"]))
    assert returned.json["status_label"] == "认领失败" and returned.json["reason"] == "人手不足"

    before = {who: phones(client, need["id"], token) for who, token in t.items()} | {"public": phones(
        client, need["id"], None)}
    # public, volunteer, other league, an org without a claim, a pending claimer, a returned claimer: null
    assert before == {who: PHONES if who in ("league", "admin") else HIDDEN for who in before}

    listed = client.get(f"/api/v1/needs/{need['id']}/claims", headers=auth(t["league"])).json["items"]
    assert [c["status"] for c in listed] == ["pending", "pending", "returned"]
    accepted = client.post(f"/api/v1/claims/{claims['provider']}/accept", headers=auth(t["league"]))
    assert accepted.status_code == 200 and accepted.json["status_label"] == "认领成功"

    after = {who: phones(client, need["id"], token) for who, token in t.items()} | {"public": phones(
        client, need["id"], None)}
    # the accepted claimer sees them in clear; the pending claimer (now returned by the acceptance) does not
    assert after == {who: PHONES if who in ("league", "admin", "provider") else HIDDEN for who in after}
    listed = client.get("/api/v1/needs?keyword=志愿服务团队")
    assert listed.json["total"] == 1 and listed.json["items"][0]["leader_mobile"] is None
    assert listed.json["items"][0]["leader_landline"] is None and "****" not in listed.text
    mine = client.get("/api/v1/claims/mine", headers=auth(t["pending"])).json["items"]
    assert [(c["status_label"], c["reason"]) for c in mine] == [("认领失败", "需求已由其他组织认领")]
    posts = client.get("/api/v1/needs/mine", headers=auth(t["league"])).json["items"]
    assert [(p["status_label"], p["accepted_org_name"], p["claim_count"]) for p in posts] == [
        ("已认领", "天河志愿服务队", 3)]
    detail = client.get(f"/api/v1/needs/{need['id']}", headers=auth(t["league"])).json
    assert [e["action_label"] for e in detail["events"]][:2] == ["发布需求", "申请认领"]
    page = client.get(f"/api/v1/org-pages/{world['provider']['org']}").json
    assert page["works"][0]["need_id"] == need["id"] and page["contact_phone"] == "139****2222"


def test_bad_input_and_wrong_states_answer_with_the_envelope(client, world):
    t = world["tokens"]
    bad = client.post("/api/v1/needs", json=_body(world) | {"headcount": 0, "leader_mobile": "1380000"},
                      headers=auth(t["league"]))
    assert bad.status_code == 422 and set(bad.json["errors"]) >= {"headcount", "leader_mobile"}
    need_id = client.post("/api/v1/needs", json=_body(world), headers=auth(t["league"])).json["id"]
    unready = make_provider("未完善志愿队", "pv-unready", complete=False)
    refused = client.post(f"/api/v1/needs/{need_id}/claims", json={"message": "认领"},
                          headers=auth(token_for(unready["admin"])))
    assert refused.status_code == 409 and refused.json["error"] == "profile_incomplete"
    filled = client.put(f"/api/v1/org-profiles/{unready['org']}", headers=auth(token_for(unready["admin"])),
                        json={"registration_no": "X1", "contact_name": "王", "contact_phone": "13600001111",
                              "service_areas": ["助老"], "introduction": "新队伍"})
    assert filled.status_code == 200 and filled.json["complete"] is True
    withdrawn = client.post(f"/api/v1/needs/{need_id}/withdraw", json={"reason": "取消"}, headers=auth(t["league"]))
    assert withdrawn.json["status_label"] == "已撤回"
    assert client.get(f"/api/v1/needs/{need_id}").status_code == 404  # withdrawn needs are not public
    again = client.post(f"/api/v1/needs/{need_id}/complete", headers=auth(t["league"]))
    assert again.status_code == 409 and again.json["error"] == "invalid_transition"


def test_initial_needs_are_adopted_by_the_regions_league_and_never_public(client, world):
    t = world["tokens"]
    posted = client.post("/api/v1/initial-needs", headers=auth(t["volunteer"]), json={
        "title": "孩子暑期没人看", "content": "希望有志愿者陪伴", "region_code": "440106001",
        "contact_name": "张阿姨", "contact_phone": "13700003333"})
    assert posted.status_code == 201 and posted.json["status_label"] == "待处理"
    initial_id = posted.json["id"]
    assert client.get("/api/v1/initial-needs", headers=auth(t["other_league"])).json["items"] == []
    seen = client.get("/api/v1/initial-needs", headers=auth(t["league"])).json["items"]
    assert [i["id"] for i in seen] == [initial_id]
    assert client.get("/api/v1/needs").json["total"] == 0
    body = {k: v for k, v in _body(world).items() if k not in ("title", "content")}
    adopted = client.post(f"/api/v1/initial-needs/{initial_id}/adopt", json=body, headers=auth(t["league"]))
    assert adopted.status_code == 201 and adopted.json["title"] == "【七彩假期】孩子暑期没人看"
    mine = client.get("/api/v1/initial-needs/mine", headers=auth(t["volunteer"])).json["items"]
    assert [(i["status_label"], i["need_id"]) for i in mine] == [("已采纳", adopted.json["id"])]
    # The formal need names the initial need it came from, in its answer, the detail and the public list.
    assert adopted.json["origin_initial_need_id"] == initial_id
    assert client.get(f"/api/v1/needs/{adopted.json['id']}").json["origin_initial_need_id"] == initial_id
    assert [i["origin_initial_need_id"] for i in client.get("/api/v1/needs").json["items"]] == [initial_id]
    twice = client.post(f"/api/v1/initial-needs/{initial_id}/decline", json={"reason": "重复"},
                        headers=auth(t["league"]))
    assert twice.status_code == 409


def test_the_detail_names_the_region_code_for_the_default_activity_region(client, world):
    need_id = client.post("/api/v1/needs", json=_body(world), headers=auth(world["tokens"]["league"])).json["id"]
    public = client.get(f"/api/v1/needs/{need_id}").json
    assert (public["region_code"], public["is_favourite"], public["my_claim"]) == ("440106001", False, None)
    assert public["origin_initial_need_id"] is None  # published directly, not adopted
    assert client.get("/api/v1/needs").json["items"][0]["region_code"] == "440106001"


def test_the_profile_gives_a_signed_link_to_its_logo(client, world):
    org, admin = world["provider"]["org"], world["provider"]["admin"]
    headers = auth(token_for(admin))
    assert client.get(f"/api/v1/org-profiles/{org}", headers=headers).json["logo_url"] is None
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    with unit_of_work():
        logo = store_upload(admin, buffer.getvalue()).id
    body = {"registration_no": "X1", "contact_name": "王", "contact_phone": "13600001111",
            "service_areas": ["助老"], "introduction": "新队伍", "logo_upload_id": logo}
    saved = client.put(f"/api/v1/org-profiles/{org}", json=body, headers=headers)
    assert saved.status_code == 200 and content_path(saved.json["logo_url"]) == f"/api/v1/uploads/{logo}/content"
    read = client.get(f"/api/v1/org-profiles/{org}", headers=headers).json
    assert read["logo_upload_id"] == logo and content_path(read["logo_url"]) == f"/api/v1/uploads/{logo}/content"
    assert client.get(read["logo_url"]).status_code == 200  # the signature alone opens it, as <image src> needs
    other = client.get(f"/api/v1/org-profiles/{org}", headers=auth(world["tokens"]["other_provider"]))
    assert other.status_code == 404 and "logo_url" not in other.json


@pytest.mark.parametrize("method", ["get", "put"])
def test_org_profiles_of_others_answer_like_missing_ones(client, world, method):
    """No existence oracle: another organisation's profile, a station's id and a missing id all answer the
    same 404 envelope."""
    from app.accounts.models import OrgKind
    from tests.factories import make_org

    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    headers = auth(world["tokens"]["provider"])
    body = {"registration_no": "X1", "contact_name": "王", "contact_phone": "13600001111",
            "service_areas": ["助老"], "introduction": "别人的队伍"}

    def call(org_id):
        response = getattr(client, method)(f"/api/v1/org-profiles/{org_id}", headers=headers,
                                           **({"json": body} if method == "put" else {}))
        return response.status_code, response.json

    missing = call(2147483647)
    assert missing[0] == 404 and missing[1]["error"] == "organisation_not_found"
    assert call(world["provider2"]["org"]) == missing
    assert call(world["league"]) == missing
    assert call(station) == missing
    assert call(world["provider"]["org"])[0] == 200


def test_the_needs_list_refuses_an_unknown_region_code_naming_it(client, world):
    unknown = client.get("/api/v1/needs?region_code=440199")
    assert unknown.status_code == 422 and unknown.json["errors"] == {"region_code": ["区域不存在"]}
    known = client.get("/api/v1/needs?region_code=440104")  # a district with no need in it
    assert known.status_code == 200 and known.json["items"] == [] and known.json["total"] == 0
