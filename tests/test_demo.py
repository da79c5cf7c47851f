"""The demo city loads once, and its people can sign in as the README says."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Organisation, User
from app.core.unit_of_work import unit_of_work
from app.demo import ADMIN, DEMO_PASSWORD, ORGANISATIONS, VOLUNTEERS, load_demo
from app.extensions import db
from tests.factories import auth


def test_demo_loads_once_and_its_accounts_work(client, app_ctx):
    with unit_of_work():
        assert load_demo(app_ctx.config["WECHAT_MP_APPID"]) is True
    with unit_of_work():
        assert load_demo(app_ctx.config["WECHAT_MP_APPID"]) is False
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == len(ORGANISATIONS)

    admin = client.post("/api/v1/auth/password/login", json={"username": ADMIN[0], "password": ADMIN[1]})
    assert admin.status_code == 200 and admin.json["user"]["is_platform_admin"] is True
    station = client.post("/api/v1/auth/password/login", json={"username": "ws-station", "password": DEMO_PASSWORD})
    assert station.json["user"]["must_change_password"] is False
    assert station.json["user"]["memberships"][0]["organisation"]["kind"] == "station"
    league = client.post("/api/v1/auth/password/login", json={"username": "th-league", "password": "000000"})
    assert league.json["user"]["must_change_password"] is True

    volunteer = client.post("/api/v1/auth/mp/login", json={"code": "dev-volunteer01"}).json
    assert volunteer["is_new_user"] is False
    assert volunteer["user"]["real_name"] == VOLUNTEERS[0][0]
    assert volunteer["user"]["phone"] == "139****0001"
    staff = client.post("/api/v1/auth/mp/login", json={"code": "dev-station-wang"}).json
    me = client.get("/api/v1/me", headers=auth(staff["access_token"])).json
    assert [m["organisation"]["name"] for m in me["memberships"]] == ["天河区五山街道社工站"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.mp_openid.is_not(None))) \
        == len(VOLUNTEERS) + 2


def test_the_demo_time_bank_has_orders_in_every_stage(client, app_ctx):
    from app.timebank.models import WishOrder

    with unit_of_work():
        load_demo(app_ctx.config["WECHAT_MP_APPID"])
    statuses = sorted(db.session.scalars(sa.select(WishOrder.status)))
    assert statuses == ["completed", "first_approved", "in_progress", "open", "open", "pending"]
    volunteer = client.post("/api/v1/auth/mp/login", json={"code": "dev-volunteer01"}).json
    headers = auth(volunteer["access_token"])
    feed = client.get("/api/v1/order-feed", headers=headers).json
    assert len(feed["items"]) == 2
    # 2 certified hours, 2 hours at the community's activity, 1 point donated to the completed order.
    assert client.get("/api/v1/me/points", headers=headers).json["balance"] == 3
    station = client.post("/api/v1/auth/password/login", json={"username": "ws-staff", "password": DEMO_PASSWORD})
    workbench = client.get("/api/v1/workbench", headers=auth(station.json["access_token"]))
    assert workbench.status_code == 200


def test_the_demo_needs_have_claims_activities_and_scores(client, app_ctx):
    with unit_of_work():
        load_demo(app_ctx.config["WECHAT_MP_APPID"])
    needs = client.get("/api/v1/needs").json
    assert needs["total"] == 3 and {n["status_label"] for n in needs["items"]} == {"待认领", "已认领"}
    assert all(n["title"].startswith("【七彩假期】") for n in needs["items"])
    claimed = next(n for n in needs["items"] if n["status_label"] == "已认领")
    assert client.get(f"/api/v1/needs/{claimed['id']}/activities").json["items"][0]["title"].startswith("【七彩假期】")
    page = client.get(f"/api/v1/org-pages/{claimed['accepted_org_id']}").json
    assert (page["score_average"], page["profile_complete"]) == (5.0, True)
    assert client.get("/api/v1/activities").json["items"]


def test_the_demo_community_has_members_a_pending_application_and_a_showcase(client, app_ctx):
    from app.community.models import ApplicationStatus, CommunityApplication, CommunityVolunteer

    with unit_of_work():
        load_demo(app_ctx.config["WECHAT_MP_APPID"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommunityVolunteer)) == len(VOLUNTEERS) - 1
    pending = db.session.scalars(sa.select(CommunityApplication.status)
                                 .where(CommunityApplication.status == ApplicationStatus.PENDING)).all()
    assert len(pending) == 1
    staff = client.post("/api/v1/auth/password/login", json={"username": "hn-community", "password": DEMO_PASSWORD})
    queue = client.get("/api/v1/community/applications?status=pending", headers=auth(staff.json["access_token"]))
    assert queue.status_code == 200 and len(queue.json["items"]) == 1
    entries = client.get("/api/v1/showcase/entries").json["items"]
    assert {e["kind"] for e in entries} == {"professional", "team", "base"}
    volunteer = client.post("/api/v1/auth/mp/login", json={"code": "dev-volunteer01"}).json
    totals = client.get("/api/v1/community/me/totals", headers=auth(volunteer["access_token"])).json
    assert {s["label"]: s["hours"] for s in totals["by_source"]} == {"时间银行订单": "2.0", "社区活动": "2.0",
                                                                     "捐分": "0.0"}
    assert [r["title"] for r in client.get("/api/v1/reports").json["items"]] == ["重阳探访有感"]
    closed = client.get("/api/v1/help-requests/closed").json["items"]
    assert [c["title"] for c in closed] == ["独居老人家中水龙头漏水"]
    stats = client.get("/api/v1/community/stats", headers=auth(staff.json["access_token"])).json
    assert (stats["totals"]["volunteers"], stats["totals"]["help_requests"]["total"]) == (len(VOLUNTEERS) - 1, 2)
    stars = client.get("/api/v1/showcase/stars?region=440106").json
    assert stars["quarter"] and stars["team"]["team"]["name"] == "五山街道华农社区居委会"
    assert stars["volunteer"]["overridden"] is True and "*" in stars["volunteer"]["volunteer"]["name"]
