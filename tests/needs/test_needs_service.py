"""Zones, formal needs, initial needs, organisation profiles and the public reads, through the services:
each rule and each refusal (claims themselves: test_claims_service.py)."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from app.accounts.models import OrgKind
from app.accounts.policy import Actor
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.timeutil import SHANGHAI, utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs import initial_needs, need_queries, needs, profiles, zones
from app.needs.models import (
    Claim,
    ClaimScore,
    InitialNeed,
    InitialNeedStatus,
    Need,
    NeedStatus,
    OrganisationProfile,
    ScoreSide,
    Zone,
)
from app.notify.models import InboxItem, NotificationEvent
from app.uploads.models import Upload
from app.uploads.services import can_read, store_upload
from tests.factories import make_account, make_admin, make_org, make_user
from tests.needs.factories_needs import (
    PROFILE,
    accept,
    actor,
    claim,
    make_provider,
    need_fields,
    needs_core_world,
    publish,
)


@pytest.fixture
def world(app_ctx):
    return needs_core_world()


def row(model, key):
    db.session.expire_all()
    return db.session.get(model, key)


def refusal(exc_type, call):
    with pytest.raises(exc_type) as caught, unit_of_work():
        call()
    return caught.value


def heard(kind: str) -> list[tuple[int, str]]:
    """(recipient, body) of every inbox item of `kind`."""
    return sorted(db.session.execute(sa.select(InboxItem.user_id, NotificationEvent.body).join(NotificationEvent)
                                     .where(NotificationEvent.kind == kind)).all())


def admin_actor() -> Actor:
    return actor(make_admin())


# -- zones -----------------------------------------------------------------------------------------------
def set_period(zone_id: int, start_days: int, end_days: int) -> None:
    today = utcnow().astimezone(SHANGHAI).date()
    with unit_of_work():
        zone = db.session.get(Zone, zone_id)
        zone.starts_on, zone.ends_on = today + timedelta(days=start_days), today + timedelta(days=end_days)


@pytest.mark.parametrize(("start", "end", "open_"), [(1, 30, False), (-30, -1, False), (0, 0, True), (-5, 0, True)])
def test_a_zone_takes_needs_only_within_its_period_in_beijing_days(world, start, end, open_):
    set_period(world["zone"], start, end)
    if open_:
        assert row(Need, publish(world)).title.startswith("【七彩假期】")
    else:
        assert refusal(Conflict, lambda: publish(world)).error == "zone_closed"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Need)) == 0


def test_zone_edits_keep_names_unique_and_periods_ordered(world):
    admin = admin_actor()
    today = utcnow().astimezone(SHANGHAI).date()
    with unit_of_work():
        winter = zones.create_zone(admin, {"name": " 寒假专区 ", "starts_on": today, "ends_on": today}).id
    assert row(Zone, winter).name == "寒假专区" and row(Zone, winter).title_prefix == "【寒假专区】"
    assert refusal(Conflict, lambda: zones.update_zone(admin, winter, {"name": "七彩假期"})).error == "zone_exists"
    bad = refusal(InvalidInput, lambda: zones.update_zone(admin, winter, {"ends_on": today - timedelta(days=1)}))
    assert set(bad.errors) == {"ends_on"}
    assert refusal(NotFound, lambda: zones.update_zone(admin, 999999, {"is_active": False})).error == "zone_not_found"
    with unit_of_work():
        zones.update_zone(admin, winter, {"is_active": False, "description": "寒假期间的需求"})
    assert [z.name for z in zones.list_zones(active_only=True)] == ["七彩假期"]
    assert {z.name for z in zones.list_zones()} == {"七彩假期", "寒假专区"}
    assert refusal(Conflict, lambda: publish(world, zone_id=winter)).error == "zone_closed"


# -- publishing ------------------------------------------------------------------------------------------
def test_a_need_lies_inside_its_leagues_region_and_in_a_known_zone(world):
    league = actor(world["league_admin"])
    for code in ("440106", "440106001", "440106001001"):  # the district itself, a street, a community
        assert row(Need, publish(world, region_code=code)).region_path.startswith("/440100/440106/")
    for code, error in (("440104001", "区域须在本团组织"), ("440199", "区域不存在")):
        refused = refusal(InvalidInput, lambda c=code: needs.publish_need(league, need_fields(region_code=c)))
        assert error in refused.errors["region_code"][0]
    unknown = refusal(InvalidInput, lambda: needs.publish_need(league, need_fields(zone_id=999999)))
    assert set(unknown.errors) == {"zone_id"}
    past = utcnow() - timedelta(days=2)
    late = refusal(InvalidInput, lambda: needs.publish_need(league, need_fields(
        starts_at=past, ends_at=past + timedelta(hours=2))))
    assert late.errors["ends_at"] == ["服务时间已过，请重新选择"]


def test_only_the_leagues_own_staff_withdraw_and_complete(world):
    need_id = publish(world)
    hidden = refusal(NotFound, lambda: needs.withdraw_need(actor(world["other_league_admin"]), need_id))
    assert hidden.error == "need_not_found"
    refusal(Forbidden, lambda: needs.withdraw_need(actor(world["provider"]["admin"]), need_id))
    assert row(Need, need_id).status is NeedStatus.UNCLAIMED
    with unit_of_work():
        needs.withdraw_need(actor(world["league_admin"]), need_id, "活动取消")
    assert need_queries.need_events(need_id)[-1] | {"at": None} == {
        "action": "withdraw", "action_label": "撤回", "subject_type": "need", "from_status": "unclaimed",
        "to_status": "withdrawn", "reason": "活动取消", "at": None}


# -- public reads ----------------------------------------------------------------------------------------
def test_the_public_list_filters_by_zone_region_status_and_keyword_newest_first(world):
    a = publish(world, title="陪伴儿童", region_code="440106001")
    b = publish(world, zone_id=None, title="100%助老", content="敬老院", region_code="440106002001")
    c = publish(world, zone_id=None, title="100人助学", content="课后辅导")
    withdrawn = publish(world, title="已取消的需求")
    with unit_of_work():
        needs.withdraw_need(actor(world["league_admin"]), withdrawn)
    d = publish(world, title="社区义诊")
    accept(world, claim(world["provider"], d))
    other_league = make_account(world["other_league"], "lg-other-2")
    with unit_of_work():
        e = needs.publish_need(actor(other_league), need_fields(region_code="440104001", title="越秀助学")).id

    def ids(**filters):
        return [item["id"] for item in need_queries.public_needs(None, **filters)["items"]]

    assert ids() == [e, d, c, b, a]  # newest first, the withdrawn one never
    assert ids(zone_id=world["zone"]) == [d, a]
    assert ids(region_code="440106") == [d, c, b, a]
    assert ids(region_code="440106001") == [d, c, a]  # need_fields' default street is 五山街道
    assert ids(region_code="440106002") == [b]
    assert ids(region_code="440104") == [e]
    with pytest.raises(InvalidInput) as unknown:  # an unknown code is named, not an empty list
        ids(region_code="440199")
    assert unknown.value.errors == {"region_code": ["区域不存在"]}
    assert ids(status=NeedStatus.CLAIMED) == [d]
    assert ids(status=NeedStatus.WITHDRAWN) == []
    assert ids(keyword="100%") == [b]  # % is a character to find, not a wildcard
    assert ids(keyword="_") == []
    assert ids(keyword="敬老") == [b]  # content too
    assert ids(keyword="助学", region_code="440106") == [c]
    first = need_queries.public_needs(None, page=1, page_size=2)
    second = need_queries.public_needs(None, page=3, page_size=2)
    assert [i["id"] for i in first["items"]] == [e, d] and first["total"] == 5
    assert [i["id"] for i in second["items"]] == [a] and second["total"] == 5
    assert refusal(NotFound, lambda: need_queries.need_detail(None, withdrawn)).error == "need_not_found"
    assert need_queries.need_detail(actor(world["league_admin"]), withdrawn)["status_label"] == "已撤回"


def test_my_posts_show_each_needs_claims_and_history(world):
    quiet = publish(world, title="无人认领")
    busy = publish(world, title="多人认领")
    claim(world["provider"], busy)
    accept(world, claim(world["provider2"], busy))
    posts = need_queries.league_posts(actor(world["league_admin"]), [world["league"]])
    assert [(p["id"], p["claim_count"], p["pending_claim_count"], p["accepted_org_name"]) for p in posts] == [
        (busy, 2, 0, "五山青年志愿队"), (quiet, 0, 0, None)]
    assert [e["action_label"] for e in posts[0]["events"]] == [
        "发布需求", "申请认领", "申请认领", "同意认领", "认领成功", "认领未获同意"]
    assert posts[0]["events"][-1]["reason"] == "需求已由其他组织认领"
    assert [e["action"] for e in posts[1]["events"]] == ["publish"]
    assert need_queries.league_posts(actor(world["league_admin"]), [world["other_league"]]) == []


# -- initial needs ---------------------------------------------------------------------------------------
INITIAL = {"title": "小区孩子暑期托管", "content": "双职工家庭多", "region_code": "440106001001",
           "contact_name": "张阿姨", "contact_phone": "13700003333"}


def post_initial(poster: int, **changes) -> int:
    with unit_of_work():
        return initial_needs.post_initial_need(actor(poster), INITIAL | changes).id


def test_an_initial_need_checks_its_fields_and_tells_only_the_leagues_covering_it(world):
    poster = make_user(mp_openid="o-poster", real_name="张阿姨")
    bad = refusal(InvalidInput, lambda: initial_needs.post_initial_need(
        actor(poster), INITIAL | {"contact_phone": "12345", "region_code": "440199"}))
    assert set(bad.errors) == {"contact_phone", "region_code"}
    street_league = make_org(OrgKind.LEAGUE, "440106001", "五山街道团工委")
    street_admin = make_account(street_league, "lg-street")
    initial = post_initial(poster)
    assert "13700003333" not in row(InitialNeed, initial).contact_phone_enc
    assert [user for user, _ in heard("initial_need.submitted")] == sorted([world["league_admin"], street_admin])
    seen = initial_needs.list_for_leagues(actor(world["league_admin"]), None)
    assert [i.id for i in seen] == [initial]
    assert initial_needs.list_for_leagues(actor(world["other_league_admin"]), None) == []
    assert need_queries.public_needs(None)["total"] == 0  # never in the public list


def test_a_declined_initial_need_tells_its_poster_why_and_stays_declined(world):
    poster = make_user(mp_openid="o-poster", real_name="张阿姨")
    initial = post_initial(poster)
    league = actor(world["league_admin"])
    assert "reason" in refusal(InvalidInput, lambda: initial_needs.decline_initial_need(league, initial, " ")).errors
    hidden = refusal(NotFound, lambda: initial_needs.decline_initial_need(
        actor(world["other_league_admin"]), initial, "不在本区"))
    assert hidden.error == "initial_need_not_found"
    with unit_of_work():
        initial_needs.decline_initial_need(league, initial, "已有其他组织在服务")
    declined = row(InitialNeed, initial)
    assert (declined.status, declined.decision_reason, declined.decided_by_org_id) == (
        InitialNeedStatus.DECLINED, "已有其他组织在服务", world["league"])
    assert heard("initial_need.decided") == [(poster, "小区孩子暑期托管：未采纳。已有其他组织在服务")]
    late = refusal(Conflict, lambda: initial_needs.adopt_initial_need(league, initial, need_fields()))
    assert late.error == "invalid_transition"
    mine = need_queries.initial_need_views(initial_needs.list_mine(actor(poster)))
    assert [(i["status_label"], i["decision_reason"], i["need_id"]) for i in mine] == [
        ("未采纳", "已有其他组织在服务", None)]
    assert initial_needs.list_mine(actor(world["league_admin"])) == []


def test_adoption_takes_the_initial_needs_region_and_only_a_covering_league(world):
    poster = make_user(mp_openid="o-poster", real_name="张阿姨")
    initial = post_initial(poster)
    admin = admin_actor()
    adopt = {k: v for k, v in need_fields().items() if k not in ("title", "content", "region_code")}
    outside = refusal(NotFound, lambda: initial_needs.adopt_initial_need(
        admin, initial, adopt, organisation_id=world["other_league"]))
    assert outside.error == "initial_need_not_found"
    assert row(InitialNeed, initial).status is InitialNeedStatus.PENDING
    with unit_of_work():
        need_id = initial_needs.adopt_initial_need(admin, initial, adopt | {"content": "改写后的内容"},
                                                   organisation_id=world["league"]).id
    need = row(Need, need_id)
    assert (need.title, need.content, need.region_path, need.league_org_id, need.origin_initial_need_id) == (
        "小区孩子暑期托管", "改写后的内容", "/440100/440106/440106001/440106001001/", world["league"], initial)
    assert heard("initial_need.decided") == [(poster, "小区孩子暑期托管：已采纳。")]
    assert row(InitialNeed, initial).decided_by_org_id == world["league"]


def test_a_failed_adoption_leaves_the_initial_need_waiting(world):
    initial = post_initial(make_user(mp_openid="o-poster"))
    refused = refusal(InvalidInput, lambda: initial_needs.adopt_initial_need(
        actor(world["league_admin"]), initial, {k: v for k, v in need_fields(leader_mobile="1").items()
                                                if k not in ("title", "content")}))
    assert set(refused.errors) == {"leader_mobile"}
    assert row(InitialNeed, initial).status is InitialNeedStatus.PENDING
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Need)) == 0


# -- organisation profiles -------------------------------------------------------------------------------
def test_a_volunteer_org_profile_is_complete_only_with_every_required_field(world):
    fresh = make_provider("新成立志愿队", "pv-fresh", complete=False)
    who = actor(fresh["admin"])
    need_id = publish(world)
    for missing in ("registration_no", "contact_name", "contact_phone", "service_areas", "introduction"):
        partial = PROFILE | {missing: [] if missing == "service_areas" else "  "}
        with unit_of_work():
            profiles.save_profile(who, fresh["org"], partial)
        assert row(OrganisationProfile, fresh["org"]).completed_at is None, missing
        assert refusal(Conflict, lambda: claim(fresh, need_id)).error == "profile_incomplete"
    with unit_of_work():
        profiles.save_profile(who, fresh["org"], PROFILE | {"registered_with": None})  # optional
    completed = row(OrganisationProfile, fresh["org"]).completed_at
    assert completed is not None
    with unit_of_work():
        profiles.save_profile(who, fresh["org"], PROFILE | {"introduction": "更新的简介"})
    assert row(OrganisationProfile, fresh["org"]).completed_at == completed  # first completion is kept
    assert row(Claim, claim(fresh, need_id)).status == "pending"


def test_profile_fields_are_checked_cleaned_and_the_phone_encrypted(world):
    org, who = world["provider"]["org"], actor(world["provider"]["admin"])
    bad = refusal(InvalidInput, lambda: profiles.save_profile(who, org, PROFILE | {"contact_phone": "12ab"}))
    assert set(bad.errors) == {"contact_phone"}
    with unit_of_work():
        profiles.save_profile(who, org, PROFILE | {"service_areas": [" 助学 ", "助学", "", "助老"]})
    saved = row(OrganisationProfile, org)
    assert saved.service_areas == ["助学", "助老"] and "13900002222" not in saved.contact_phone_enc
    assert profiles.contact_phone(saved) == "13900002222"
    other = world["provider2"]["org"]
    # Another organisation's profile answers exactly like a missing one (the permission matrix checks it too).
    assert refusal(NotFound, lambda: profiles.save_profile(who, other, PROFILE)).error == "organisation_not_found"
    assert refusal(NotFound, lambda: profiles.save_profile(who, 999999, PROFILE)).error == "organisation_not_found"


def test_a_league_profile_is_optional_and_never_gates_anything(world):
    with unit_of_work():
        profiles.save_profile(actor(world["league_admin"]), world["league"], PROFILE)
    assert row(OrganisationProfile, world["league"]).completed_at is None
    assert row(Need, publish(world)).status is NeedStatus.UNCLAIMED


def png(user_id: int) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    with unit_of_work():
        return store_upload(user_id, buffer.getvalue()).id


def test_the_logo_is_the_callers_own_upload_and_readable_by_anyone_signed_in(world):
    org, admin = world["provider"]["org"], world["provider"]["admin"]
    who = actor(admin)
    for foreign in (png(world["provider2"]["admin"]), 999999):
        refused = refusal(InvalidInput, lambda f=foreign: profiles.save_profile(who, org, PROFILE | {
            "logo_upload_id": f}))
        assert set(refused.errors) == {"logo_upload_id"}
    first, second = png(admin), png(admin)
    with unit_of_work():
        profiles.save_profile(who, org, PROFILE | {"logo_upload_id": first})
    assert (row(Upload, first).attached_kind, row(Upload, first).attached_id) == ("organisation_logo", org)
    stranger = actor(make_user(mp_openid="o-stranger"))
    assert can_read(stranger, row(Upload, first)) and not can_read(None, row(Upload, first))
    with unit_of_work():
        profiles.save_profile(who, org, PROFILE | {"logo_upload_id": second})
    assert row(Upload, first).attached_kind is None and not can_read(stranger, row(Upload, first))
    assert row(OrganisationProfile, org).logo_upload_id == second
    assert need_queries.organisation_page(org)["logo_upload_id"] == second


def test_the_organisation_page_shows_claims_or_needs_and_score_averages(world):
    provider = world["provider"]
    won, lost = publish(world, title="义诊"), publish(world, title="助学")
    won_claim = claim(provider, won)
    accept(world, won_claim)
    lost_claim = claim(world["provider2"], lost)
    claim(provider, lost)
    accept(world, lost_claim)
    withdrawn = publish(world, title="撤回的需求")
    with unit_of_work():
        needs.withdraw_need(actor(world["league_admin"]), withdrawn)
        for claim_id, scored, stars in ((won_claim, provider["org"], 5), (lost_claim, world["provider2"]["org"], 2)):
            db.session.add(ClaimScore(claim_id=claim_id, side=ScoreSide.LEAGUE, scorer_org_id=world["league"],
                                      scored_org_id=scored, stars=stars, created_by_id=world["league_admin"]))
        db.session.add(ClaimScore(claim_id=won_claim, side=ScoreSide.CLAIMER, scorer_org_id=provider["org"],
                                  scored_org_id=world["league"], stars=4, created_by_id=provider["admin"]))

    page = need_queries.organisation_page(provider["org"])
    assert (page["kind"], page["region_name"], page["contact_phone"], page["profile_complete"]) == (
        "volunteer_org", "天河区", "139****2222", True)
    assert [(w["need_id"], w["status_label"]) for w in page["works"]] == [(won, "认领成功")]
    assert (page["score_average"], page["score_count"]) == (5.0, 1)
    league = need_queries.organisation_page(world["league"])
    assert [w["need_id"] for w in league["works"]] == [lost, won]  # not the withdrawn one
    assert (league["score_average"], league["score_count"], league["contact_phone"]) == (4.0, 1, None)
    station = make_org(OrgKind.STATION, "440106001", "五山社工站")
    for org_id in (station, 999999):
        assert refusal(NotFound, lambda o=org_id: need_queries.organisation_page(o)).error == "organisation_not_found"
