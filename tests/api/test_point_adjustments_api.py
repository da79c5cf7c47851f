"""积分调整 over HTTP: the association adds or takes points from a person or an organisation with a reason, as
a new transfer against the system account; both histories show it; a take may not go below zero; the audit
list shows who booked what, for whom and why."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind, Region, RegionLevel
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services as ledger
from app.ledger.models import Cause, LedgerEntry, LedgerTransfer, OwnerType
from app.notify.models import InboxItem
from tests.factories import auth, load_regions, make_account, make_admin, make_org, make_user, token_for
from tests.timebank.factories_points import give_points

URL = "/api/v1/points/adjustments"


@pytest.fixture
def world(app_ctx):
    load_regions()
    association = make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会")
    league = make_org(OrgKind.LEAGUE, "440106", "天河团区委")
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    return {"association": association, "league": league, "station": station,
            "clerk": make_account(association, "adj-clerk", MemberRole.STAFF),
            "league_admin": make_account(league, "adj-league"),
            "station_admin": make_account(station, "adj-station"),
            "volunteer": make_user(mp_openid="o-adj-v", real_name="小明"),
            "admin": make_admin()}


def _adjust(client, world, account_id, amount, reason="补录漏记的服务时长", *, account_type="user", by="clerk",
            request_id=None):
    body = {"account_type": account_type, "account_id": account_id, "amount": amount, "reason": reason,
            "request_id": str(request_id or uuid.uuid4())}
    return client.post(URL, json=body, headers=auth(token_for(world[by])))


def _entries(client, token, path="/api/v1/me/points/entries"):
    return client.get(path, headers=auth(token)).json


def test_adding_points_to_a_person_is_a_transfer_from_the_system_shown_in_their_history(client, world):
    response = _adjust(client, world, world["volunteer"], 5)
    assert response.status_code == 201, response.json
    body = response.json
    assert body | {"id": 0, "created_at": ""} == {
        "id": 0, "created_at": "", "amount": 5, "reason": "补录漏记的服务时长", "balance": 5, "replayed": False,
        "account": {"type": "user", "id": world["volunteer"], "name": "小明"},
        "booked_by": {"id": world["clerk"], "name": "adj-clerk"}}
    transfer = db.session.get(LedgerTransfer, body["id"])
    assert (transfer.cause, transfer.created_by_id, transfer.memo) == (Cause.ADJUSTMENT, world["clerk"],
                                                                       "补录漏记的服务时长")
    # Double entry: the system account gave what the volunteer got.
    assert sorted(e.amount for e in db.session.scalars(sa.select(LedgerEntry)
                                                      .where(LedgerEntry.transfer_id == body["id"]))) == [-5, 5]
    entry = _entries(client, token_for(world["volunteer"]))[0]
    assert (entry["amount"], entry["cause"], entry["memo"], entry["counterpart"]["type"]) == (
        5, "adjustment", "补录漏记的服务时长", "system")
    # The volunteer hears of points added to them (积分到账).
    inbox = client.get("/api/v1/inbox", headers=auth(token_for(world["volunteer"]))).json
    assert "积分调整：+5 积分" in str(inbox)
    assert len(db.session.scalars(sa.select(InboxItem).where(InboxItem.user_id == world["volunteer"])).all()) == 1


def test_taking_points_never_edits_earlier_entries_and_stops_at_zero(client, world):
    give_points(world["volunteer"], 10)
    before = [(e.id, e.amount) for e in db.session.scalars(sa.select(LedgerEntry).order_by(LedgerEntry.id))]
    taken = _adjust(client, world, world["volunteer"], -4, "重复认证，扣回")
    assert (taken.status_code, taken.json["amount"], taken.json["balance"]) == (201, -4, 6)
    after = [(e.id, e.amount) for e in db.session.scalars(sa.select(LedgerEntry).order_by(LedgerEntry.id))]
    assert after[:len(before)] == before and len(after) == len(before) + 2
    assert [(e["amount"], e["cause"], e["memo"]) for e in _entries(client, token_for(world["volunteer"]))][:2] == [
        (-4, "adjustment", "重复认证，扣回"), (10, "certification", "时数认证")]
    too_much = _adjust(client, world, world["volunteer"], -7, "再扣")
    assert (too_much.status_code, too_much.json["error"]) == (422, "points_below_zero")
    assert too_much.json["message"] == "调减后积分余额不能小于 0：当前余额 6 积分，最多可调减 6 积分"
    assert too_much.json["errors"] == {"amount": [too_much.json["message"]]}
    assert ledger.balance(OwnerType.USER, world["volunteer"]) == 6
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)
                             .where(LedgerTransfer.cause == Cause.ADJUSTMENT)) == 1
    emptied = _adjust(client, world, world["volunteer"], -6, "清零")
    assert (emptied.status_code, emptied.json["balance"]) == (201, 0)
    # Nobody is notified of points taken through the "credited" message.
    assert not db.session.scalars(sa.select(InboxItem).where(InboxItem.user_id == world["volunteer"])).all()


def test_a_person_with_no_points_yet_cannot_be_taken_below_zero(client, world):
    response = _adjust(client, world, world["volunteer"], -1)
    assert (response.status_code, response.json["error"]) == (422, "points_below_zero")
    assert "当前余额 0 积分" in response.json["message"]


def test_an_organisation_adjustment_shows_in_its_history(client, world):
    response = _adjust(client, world, world["league"], 8, "评分积分补发", account_type="organisation")
    assert response.status_code == 201, response.json
    assert response.json["account"] == {"type": "organisation", "id": world["league"], "name": "天河团区委"}
    token = token_for(world["league_admin"])
    assert client.get("/api/v1/org-workspace/points", headers=auth(token)).json["balance"] == 8
    entry = _entries(client, token, "/api/v1/org-workspace/points/entries")[0]
    assert (entry["amount"], entry["cause"], entry["memo"]) == (8, "adjustment", "评分积分补发")
    taken = _adjust(client, world, world["league"], -3, "多发更正", account_type="organisation")
    assert (taken.status_code, taken.json["balance"]) == (201, 5)


def test_targets_that_cannot_be_adjusted(client, world):
    missing_user = _adjust(client, world, 999999, 1)
    assert (missing_user.status_code, missing_user.json["error"]) == (404, "user_not_found")
    missing_org = _adjust(client, world, 999999, 1, account_type="organisation")
    assert (missing_org.status_code, missing_org.json["error"]) == (404, "organisation_not_found")
    station = _adjust(client, world, world["station"], 1, account_type="organisation")
    assert station.status_code == 422
    assert station.json["errors"] == {"account_id": ["只有团组织和志愿服务组织有积分账户"]}
    own = _adjust(client, world, world["clerk"], 100)
    assert (own.status_code, own.json["errors"]) == (422, {"account_id": ["不能为自己调整积分"]})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)) == 0


def test_an_organisation_of_another_city_answers_like_a_missing_one(client, world):
    with unit_of_work():
        db.session.add(Region(code="440300", name="深圳市", level=RegionLevel.CITY, path="/440300/"))
    elsewhere = make_org(OrgKind.LEAGUE, "440300", "深圳团市委")
    hidden = _adjust(client, world, elsewhere, 1, account_type="organisation")
    missing = _adjust(client, world, 999999, 1, account_type="organisation")
    assert hidden.status_code == missing.status_code == 404 and hidden.json == missing.json
    # A platform administrator reaches it, and the association's audit list does not show it.
    assert _adjust(client, world, elsewhere, 2, account_type="organisation", by="admin").status_code == 201
    assert _adjust(client, world, world["volunteer"], 3, by="admin").status_code == 201
    listed = client.get(URL, headers=auth(token_for(world["clerk"]))).json
    assert [(i["account"]["id"], i["amount"]) for i in listed["items"]] == [(world["volunteer"], 3)]
    everything = client.get(URL, headers=auth(token_for(world["admin"]))).json
    assert everything["total"] == 2


@pytest.mark.parametrize("change,field", [
    ({"amount": 0}, "amount"),
    ({"amount": 100_001}, "amount"),
    ({"amount": -100_001}, "amount"),
    ({"amount": "5"}, "amount"),
    ({"amount": 1.5}, "amount"),
    ({"reason": ""}, "reason"),
    ({"reason": "   "}, "reason"),
    ({"reason": "理" * 101}, "reason"),
    ({"reason": None}, "reason"),
    ({"account_type": "order"}, "account_type"),
    ({"account_type": "system"}, "account_type"),
    ({"account_id": 0}, "account_id"),
    ({"request_id": "not-a-uuid"}, "request_id"),
    ({"hours": 1}, "hours"),
])
def test_invalid_adjustments_are_refused_with_a_field_error(client, world, change, field):
    body = {"account_type": "user", "account_id": world["volunteer"], "amount": 5, "reason": "更正",
            "request_id": str(uuid.uuid4())} | change
    response = client.post(URL, json=body, headers=auth(token_for(world["clerk"])))
    assert (response.status_code, response.json["error"]) == (422, "validation_error")
    assert field in response.json["errors"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)) == 0


def test_a_retried_request_adjusts_once_and_a_reused_id_is_refused(client, world):
    request_id = uuid.uuid4()
    first = _adjust(client, world, world["volunteer"], 5, request_id=request_id)
    again = _adjust(client, world, world["volunteer"], 5, request_id=request_id)
    assert first.status_code == again.status_code == 201
    assert (again.json["id"], again.json["replayed"], again.json["balance"]) == (first.json["id"], True, 5)
    for target, amount, reason, kind in ((world["volunteer"], 6, "补录漏记的服务时长", "user"),
                                         (world["volunteer"], 5, "别的原因", "user"),
                                         (world["league"], 5, "补录漏记的服务时长", "organisation")):
        reused = _adjust(client, world, target, amount, reason, account_type=kind, request_id=request_id)
        assert (reused.status_code, reused.json["error"]) == (409, "request_id_reused"), (amount, reason, kind)
    # Another clerk's request id is theirs alone.
    assert _adjust(client, world, world["volunteer"], 5, by="admin", request_id=request_id).status_code == 201
    assert ledger.balance(OwnerType.USER, world["volunteer"]) == 10


def test_the_audit_list_pages_newest_first_and_filters_by_account(client, world):
    give_points(world["volunteer"], 3)
    booked = [_adjust(client, world, world["volunteer"], 1, "第一笔").json,
              _adjust(client, world, world["league"], 4, "第二笔", account_type="organisation").json,
              _adjust(client, world, world["volunteer"], -2, "第三笔", by="admin").json]
    headers = auth(token_for(world["clerk"]))
    page = client.get(f"{URL}?page_size=2", headers=headers).json
    assert (page["total"], page["page"], page["page_size"]) == (3, 1, 2)
    assert [(i["id"], i["reason"], i["amount"], i["booked_by"]["id"]) for i in page["items"]] == [
        (booked[2]["id"], "第三笔", -2, world["admin"]), (booked[1]["id"], "第二笔", 4, world["clerk"])]
    assert [i["reason"] for i in client.get(f"{URL}?page=2&page_size=2", headers=headers).json["items"]] == ["第一笔"]
    mine = client.get(f"{URL}?account_type=user&account_id={world['volunteer']}", headers=headers).json
    assert (mine["total"], [i["reason"] for i in mine["items"]]) == (2, ["第三笔", "第一笔"])
    orgs = client.get(f"{URL}?account_type=organisation", headers=headers).json
    assert [i["account"] for i in orgs["items"]] == [
        {"type": "organisation", "id": world["league"], "name": "天河团区委"}]
    # The volunteer's certification credit is no adjustment, and nobody else was adjusted.
    assert client.get(f"{URL}?account_type=user&account_id=999999", headers=headers).json["total"] == 0


@pytest.mark.parametrize("query,field", [("account_id=5", "account_type"), ("account_type=order", "account_type"),
                                         ("page=0", "page"), ("page_size=101", "page_size")])
def test_the_audit_list_refuses_bad_filters(client, world, query, field):
    response = client.get(f"{URL}?{query}", headers=auth(token_for(world["clerk"])))
    assert response.status_code == 422 and field in response.json["errors"]


def test_only_the_association_adjusts(client, world):
    for person in ("volunteer", "league_admin", "station_admin"):
        assert _adjust(client, world, world["volunteer"], 1, by=person).status_code == 403
        assert client.get(URL, headers=auth(token_for(world[person]))).status_code == 403
    assert client.get(URL).status_code == 401
