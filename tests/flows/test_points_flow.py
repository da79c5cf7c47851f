"""Points across the modules, through the API, by the seed's roles: the association credits a volunteer's
missed offline service by an adjustment (积分调整, notified as 积分到账); the volunteer donates part of it
to a beneficiary the station entered and approved (服务对象, time bank); the station sees it on the
beneficiary's page and in its home tile; the association compensates a league's points (needs module) and
corrects the volunteer, may not take them below zero; every movement is in the right histories and the
audit list; a disabled beneficiary takes no more donations.
"""
from __future__ import annotations

import io
import uuid

import sqlalchemy as sa
from PIL import Image

from app.accounts.models import MemberRole, OrgKind
from app.catalogue.services import seed_defaults
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger.models import LedgerAccount
from tests.factories import auth, load_regions, make_account, make_org, make_user, token_for
from tests.timebank.factories_beneficiaries import form as beneficiary_form


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def _ok(response, status=200):
    assert response.status_code == status, response.json
    return response.json


def _world():
    load_regions()
    with unit_of_work():
        seed_defaults()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
    league = make_org(OrgKind.LEAGUE, "440106", "天河团区委")
    people = {"station_staff": make_account(station, "pf-staff", MemberRole.STAFF),
              "station_admin": make_account(station, "pf-station"),
              "association": make_account(association, "pf-association"),
              "league": make_account(league, "pf-league"),
              "chen": make_user(mp_openid="o-pf-chen", real_name="陈晓明")}
    return league, people, {role: auth(token_for(user_id)) for role, user_id in people.items()}


def _adjust(client, h, account_type, account_id, amount, reason):
    return client.post("/api/v1/points/adjustments", headers=h["association"], json={
        "account_type": account_type, "account_id": account_id, "amount": amount, "reason": reason,
        "request_id": str(uuid.uuid4())})


def test_adjustments_and_beneficiary_donations_across_modules(client, app_ctx):
    league, people, h = _world()

    # 服务对象录入 → 审核通过 (time bank)
    upload = _ok(client.post("/api/v1/uploads", data={"file": (io.BytesIO(_png()), "id.png")},
                             headers=h["station_staff"], content_type="multipart/form-data"), 201)
    beneficiary = _ok(client.post("/api/v1/beneficiaries", json=beneficiary_form([upload["id"]]),
                                  headers=h["station_staff"]), 201)
    beneficiary_id = beneficiary["id"]
    assert beneficiary["donated_points"] == 0
    # Not yet approved: the volunteer cannot find it to donate.
    early = client.post(f"/api/v1/beneficiaries/{beneficiary_id}/donations", headers=h["chen"],
                        json={"points": 1, "request_id": str(uuid.uuid4())})
    assert (early.status_code, early.json["error"]) == (404, "beneficiary_not_found")
    _ok(client.post(f"/api/v1/beneficiaries/{beneficiary_id}/approve", headers=h["station_admin"]))

    # 积分调整: the association credits Chen's missed offline service; Chen hears of it.
    credited = _ok(_adjust(client, h, "user", people["chen"], 10, "补录线下服务 5 小时"), 201)
    assert credited["balance"] == 10
    assert "积分调整：+10 积分" in str(_ok(client.get("/api/v1/inbox", headers=h["chen"])))

    # 我要捐分 to the beneficiary, retried once on a flaky network: one donation.
    donation = {"points": 4, "request_id": str(uuid.uuid4())}
    first = _ok(client.post(f"/api/v1/beneficiaries/{beneficiary_id}/donations", json=donation,
                            headers=h["chen"]), 201)
    again = _ok(client.post(f"/api/v1/beneficiaries/{beneficiary_id}/donations", json=donation,
                            headers=h["chen"]), 201)
    assert (first["balance"], again["replayed"], again["beneficiary_donated_points"]) == (6, True, 4)

    # The station sees what the beneficiary received, on its page, its list row and the home tile.
    assert _ok(client.get(f"/api/v1/beneficiaries/{beneficiary_id}", headers=h["station_staff"]))[
        "donated_points"] == 4
    rows = _ok(client.get("/api/v1/beneficiaries", headers=h["station_staff"]))["items"]
    assert [r["donated_points"] for r in rows if r["id"] == beneficiary_id] == [4]
    assert _ok(client.get("/api/v1/timebank/summary", headers=h["station_staff"]))["raised_points"] == 4

    # The association compensates the league (needs module) and corrects Chen, but not below zero.
    _ok(_adjust(client, h, "organisation", league, 6, "评分积分漏发补录"), 201)
    _ok(_adjust(client, h, "user", people["chen"], -2, "重复登记更正"), 201)
    refused = _adjust(client, h, "user", people["chen"], -5, "再次更正")
    assert (refused.status_code, refused.json["error"]) == (422, "points_below_zero")
    assert "当前余额 4 积分" in refused.json["message"]

    # Each history tells its own side, with the reasons.
    chen = _ok(client.get("/api/v1/me/points/entries", headers=h["chen"]))
    assert [(e["amount"], e["cause"], e["counterpart"]["type"]) for e in chen] == [
        (-2, "adjustment", "system"), (-4, "donation", "beneficiary"), (10, "adjustment", "system")]
    assert [chen[0]["memo"], chen[2]["memo"]] == ["重复登记更正", "补录线下服务 5 小时"]
    league_entries = _ok(client.get("/api/v1/org-workspace/points/entries", headers=h["league"]))
    assert [(e["amount"], e["memo"]) for e in league_entries] == [(6, "评分积分漏发补录")]
    assert _ok(client.get("/api/v1/me/points", headers=h["chen"]))["balance"] == 4

    # The audit list: who booked what, for whom and why, newest first; filtered to the league.
    audit = _ok(client.get("/api/v1/points/adjustments", headers=h["association"]))
    assert [(i["account"]["type"], i["amount"], i["reason"], i["booked_by"]["id"]) for i in audit["items"]] == [
        ("user", -2, "重复登记更正", people["association"]),
        ("organisation", 6, "评分积分漏发补录", people["association"]),
        ("user", 10, "补录线下服务 5 小时", people["association"])]
    only_league = _ok(client.get(f"/api/v1/points/adjustments?account_type=organisation&account_id={league}",
                                 headers=h["association"]))
    assert [i["reason"] for i in only_league["items"]] == ["评分积分漏发补录"]

    # 禁用: the beneficiary takes no more donations; what it received stays.
    _ok(client.post(f"/api/v1/beneficiaries/{beneficiary_id}/disable", headers=h["station_admin"]))
    late = client.post(f"/api/v1/beneficiaries/{beneficiary_id}/donations", headers=h["chen"],
                       json={"points": 1, "request_id": str(uuid.uuid4())})
    assert (late.status_code, late.json["error"]) == (404, "beneficiary_not_found")
    assert _ok(client.get(f"/api/v1/beneficiaries/{beneficiary_id}", headers=h["station_staff"]))[
        "donated_points"] == 4

    # Double entry holds: every account's points sum to zero.
    assert db.session.scalar(sa.select(sa.func.sum(LedgerAccount.balance))) == 0
