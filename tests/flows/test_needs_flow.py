"""The whole 七彩假期 supply–demand flow through the API, by the seed's roles (DOMAIN.md §4, seed 002).

The platform administrator opens the 七彩假期 zone; the league (团组织) publishes a need (the zone prefix
written by the platform); a volunteer-service organisation completes its profile and claims it; the league
accepts; the leader's phones are checked from every role's point of view before and after; the claimer
publishes an activity for the need; both sides score each other once; each organisation is credited its
points; the to-dos are empty afterwards; the league completes the need; a volunteer keeps favourites; the
nightly snapshot's home figures count the need as published and claimed.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from app.catalogue.services import seed_defaults
from app.core.timeutil import SHANGHAI, utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import InboxItem, NotificationEvent
from app.tasks import needs as needs_tasks
from tests.factories import auth, load_regions, make_account, make_admin, make_org, make_user, token_for

PHONES = ("13800001111", "020-87654321")
HIDDEN = (None, None)  # seed 002: not shown at all before the league accepts a claim
PROFILE = {"registration_no": "51440106MJ0000001X", "registered_with": "天河区民政局", "contact_name": "陈队长",
           "contact_phone": "13900002222", "service_areas": ["助学", "关爱儿童"],
           "introduction": "扎根天河的青年志愿队"}


def _world():
    load_regions()
    with unit_of_work():
        seed_defaults()
    league = make_org(OrgKind.LEAGUE, "440106", "天河团区委")
    provider = make_org(OrgKind.VOLUNTEER_ORG, "440106", "天河志愿服务队")
    bystander = make_org(OrgKind.VOLUNTEER_ORG, "440106", "五山青年志愿队")
    users = {"admin": make_admin(), "league": make_account(league, "lg-admin"),
             "league_staff": make_account(league, "lg-staff", MemberRole.STAFF),
             "provider": make_account(provider, "pv-admin"), "bystander": make_account(bystander, "by-admin"),
             "volunteer": make_user(mp_openid="o-flow", real_name="小林")}
    return {"league": league, "provider": provider, "users": users,
            "tokens": {role: token_for(user_id) for role, user_id in users.items()}}


def _need_body(zone_id: int) -> dict:
    start = (utcnow() + timedelta(days=7)).replace(microsecond=0)
    return {"zone_id": zone_id, "title": "招募志愿服务团队", "content": "暑期每周两次陪伴留守儿童学习",
            "region_code": "440106001", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=3)).isoformat(), "headcount": 6, "leader_name": "李老师",
            "leader_mobile": PHONES[0], "leader_landline": PHONES[1]}


def _todo_counts(client, token) -> dict[str, int]:
    response = client.get("/api/v1/org-workspace/todos", headers=auth(token))
    assert response.status_code == 200, response.json
    return {todo["key"]: todo["count"] for todo in response.json["lists"]}


def _phones_by_role(client, need_id, tokens) -> dict[str, tuple[str | None, str | None]]:
    seen = {}
    for role, token in list(tokens.items()) + [("anonymous", None)]:
        body = client.get(f"/api/v1/needs/{need_id}", headers=auth(token) if token else {}).json
        seen[role] = (body["leader_mobile"], body["leader_landline"])
    return seen


def test_the_whole_needs_flow(client, app_ctx):
    w = _world()
    t, users = w["tokens"], w["users"]
    today = utcnow().astimezone(SHANGHAI).date()

    # 专区: the platform administrator opens 七彩假期; nobody else may.
    zone_body = {"name": "七彩假期", "starts_on": (today - timedelta(days=1)).isoformat(),
                 "ends_on": (today + timedelta(days=60)).isoformat()}
    assert client.post("/api/v1/zones", json=zone_body, headers=auth(t["league"])).status_code == 403
    zone = client.post("/api/v1/zones", json=zone_body, headers=auth(t["admin"]))
    assert zone.status_code == 201, zone.json
    zone_id = zone.json["id"]

    # 发布需求: the platform writes the prefix, once, whatever the typist wrote.
    created = client.post("/api/v1/needs", json=_need_body(zone_id), headers=auth(t["league"]))
    assert created.status_code == 201, created.json
    need_id = created.json["id"]
    assert (created.json["title"], created.json["status"]) == ("【七彩假期】招募志愿服务团队", "unclaimed")
    typed = client.post("/api/v1/needs", json=_need_body(zone_id) | {"title": "【七彩假期】第二个需求"},
                        headers=auth(t["league"]))
    assert typed.json["title"] == "【七彩假期】第二个需求"
    assert client.post(f"/api/v1/needs/{typed.json['id']}/withdraw", json={"reason": "重复发布"},
                       headers=auth(t["league"])).status_code == 200
    assert _todo_counts(client, t["league"]) == {"to_confirm": 0, "to_claim": 1, "to_score": 0}

    # 完善信息 before 认领.
    unready = client.post(f"/api/v1/needs/{need_id}/claims", json={"message": "我们有 20 名大学生志愿者"},
                          headers=auth(t["provider"]))
    assert (unready.status_code, unready.json["error"]) == (409, "profile_incomplete")
    profile = client.put(f"/api/v1/org-profiles/{w['provider']}", json=PROFILE, headers=auth(t["provider"]))
    assert profile.status_code == 200 and profile.json["complete"] is True
    claimed = client.post(f"/api/v1/needs/{need_id}/claims", json={"message": "我们有 20 名大学生志愿者"},
                          headers=auth(t["provider"]))
    assert claimed.status_code == 201 and claimed.json["status_label"] == "待确认", claimed.json
    claim_id = claimed.json["id"]
    assert _todo_counts(client, t["league_staff"]) == {"to_confirm": 1, "to_claim": 1, "to_score": 0}
    assert _todo_counts(client, t["provider"]) == {"to_confirm": 1, "to_score": 0}

    # The leader's phones: only the league (and the platform) before the acceptance ...
    roles = {role: t[role] for role in ("league", "league_staff", "admin", "provider", "bystander", "volunteer")}
    clear = {"league", "league_staff", "admin"}
    assert _phones_by_role(client, need_id, roles) == {
        role: PHONES if role in clear else HIDDEN for role in (*roles, "anonymous")}
    accepted = client.post(f"/api/v1/claims/{claim_id}/accept", headers=auth(t["league"]))
    assert accepted.status_code == 200 and accepted.json["status_label"] == "认领成功", accepted.json
    # ... then the accepted claimer too, and still nobody else.
    assert _phones_by_role(client, need_id, roles) == {
        role: PHONES if role in clear | {"provider"} else HIDDEN for role in (*roles, "anonymous")}
    # The league is prompted to score at acceptance (待评分), in its inbox.
    prompted = db.session.execute(sa.select(InboxItem.user_id, NotificationEvent.title).join(NotificationEvent)
                                  .where(NotificationEvent.kind == "scoring.pending")).all()
    assert sorted(prompted) == sorted([(users["league"], "待评分"), (users["league_staff"], "待评分")])

    # 发布活动 for the claimed need: the zone prefix again.
    start = (utcnow() + timedelta(days=8)).replace(microsecond=0)
    activity = client.post(f"/api/v1/claims/{claim_id}/activities", headers=auth(t["provider"]), json={
        "title": "陪伴留守儿童学习", "category_code": "01", "type_code": "01", "place": "五山街道青少年之家",
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat(), "headcount": 6,
        "content": "辅导作业、共读绘本"})
    assert activity.status_code == 201, activity.json
    assert activity.json["title"] == "【七彩假期】陪伴留守儿童学习"
    listed = client.get(f"/api/v1/needs/{need_id}/activities").json["items"]
    assert [a["id"] for a in listed] == [activity.json["id"]]
    # The claiming organisation's people hear of the activity; the league does not.
    told = db.session.scalars(sa.select(InboxItem.user_id).join(NotificationEvent).where(
        NotificationEvent.kind == "activity.published_for_claim",
        NotificationEvent.subject_id == activity.json["id"])).all()
    assert told == [users["provider"]]

    # 待评分 on both sides, then both score once; each score credits the other organisation.
    assert _todo_counts(client, t["league"]) == {"to_confirm": 0, "to_claim": 0, "to_score": 1}
    assert _todo_counts(client, t["provider"]) == {"to_confirm": 0, "to_score": 1}
    by_league = client.post(f"/api/v1/claims/{claim_id}/score", json={"stars": 5, "comment": "服务很专业"},
                            headers=auth(t["league_staff"]))
    by_provider = client.post(f"/api/v1/claims/{claim_id}/score", json={"stars": 4}, headers=auth(t["provider"]))
    assert (by_league.status_code, by_provider.status_code) == (201, 201), (by_league.json, by_provider.json)
    assert (by_league.json["points"], by_provider.json["points"]) == (10, 8)  # stars x NEED_POINTS_PER_STAR
    twice = client.post(f"/api/v1/claims/{claim_id}/score", json={"stars": 1}, headers=auth(t["league"]))
    assert (twice.status_code, twice.json["error"]) == (409, "already_scored")

    provider_points = client.get("/api/v1/org-workspace/points", headers=auth(t["provider"])).json
    league_points = client.get("/api/v1/org-workspace/points", headers=auth(t["league"])).json
    assert (provider_points["balance"], league_points["balance"]) == (10, 8)
    entries = client.get("/api/v1/org-workspace/points/entries", headers=auth(t["provider"])).json
    assert [(e["amount"], e["cause"], e["memo"]) for e in entries] == [
        (10, "rating", "评分奖励：【七彩假期】招募志愿服务团队")]
    heard = db.session.execute(sa.select(InboxItem.user_id).join(NotificationEvent)
                               .where(NotificationEvent.kind == "scoring.received")).scalars().all()
    assert sorted(heard) == sorted([users["provider"], users["league"], users["league_staff"]])
    page = client.get(f"/api/v1/org-pages/{w['provider']}").json
    assert (page["score_average"], page["score_count"]) == (5.0, 1)

    # Nothing left to do on either side; the league completes the need.
    assert _todo_counts(client, t["league"]) == {"to_confirm": 0, "to_claim": 0, "to_score": 0}
    assert _todo_counts(client, t["provider"]) == {"to_confirm": 0, "to_score": 0}
    completed = client.post(f"/api/v1/needs/{need_id}/complete", headers=auth(t["league"]))
    assert completed.status_code == 200 and completed.json["status"] == "completed"

    # 我的收藏: a volunteer keeps the need and the organisation.
    volunteer = auth(t["volunteer"])
    assert client.post("/api/v1/me/favourites", json={"kind": "need", "target_id": need_id},
                       headers=volunteer).status_code == 201
    assert client.post("/api/v1/me/favourites", json={"kind": "organisation", "target_id": w["provider"]},
                       headers=volunteer).status_code == 201
    assert client.post("/api/v1/me/favourites", json={"kind": "need", "target_id": need_id},
                       headers=volunteer).status_code == 200
    kept = client.get("/api/v1/me/favourites", headers=volunteer).json["items"]
    assert [(f["kind"], f["title"], f["status"]) for f in kept] == [
        ("organisation", "天河志愿服务队", "volunteer_org"), ("need", "【七彩假期】招募志愿服务团队", "completed")]
    assert client.delete(f"/api/v1/me/favourites/organisation/{w['provider']}", headers=volunteer).status_code == 204

    # 首页数据: the nightly job for today's end counts the need published and claimed (the withdrawn one not).
    needs_tasks.take_need_snapshot.delay(today.isoformat()).get()
    db.session.rollback()
    figures = client.get(f"/api/v1/needs-home/figures?day={today.isoformat()}").json
    assert (figures["needs_published"], figures["needs_claimed"]) == (1, 1)
    assert [(z["zone_name"], z["needs_published"], z["needs_claimed"]) for z in figures["zones"]] == [
        ("七彩假期", 1, 1)]
    assert client.get("/api/v1/needs-home/figures").json["day"] == today.isoformat()
