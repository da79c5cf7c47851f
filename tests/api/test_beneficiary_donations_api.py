"""我要捐分 to a beneficiary over HTTP: the same rules as a donation to an order (idempotent by request id,
no overdraft, only approved and enabled beneficiaries, hidden ones answer like missing ones), and the points
received on the beneficiary's list row and detail page."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services as ledger
from app.ledger.models import LedgerTransfer, OwnerType
from app.timebank.models import Beneficiary, BeneficiaryStatus
from tests.factories import auth, load_regions, make_account, make_org, make_user, token_for
from tests.timebank.factories_points import give_points, make_beneficiary, make_order, seed_catalogues


@pytest.fixture
def world(app_ctx):
    load_regions()
    seed_catalogues()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    other = make_org(OrgKind.STATION, "440104001", "北京街道社工站")
    ids = {"station": station, "other": other,
           "staff": make_account(station, "bd-staff", MemberRole.STAFF),
           "other_staff": make_account(other, "bd-other", MemberRole.STAFF),
           "volunteer": make_user(mp_openid="o-bd-v", real_name="小明"),
           "friend": make_user(mp_openid="o-bd-f", real_name="小红")}
    ids["beneficiary"] = make_beneficiary(station, ids["staff"])
    return ids


def _donate(client, user_id, beneficiary_id, points=1, request_id=None):
    body = {"points": points, "request_id": str(request_id or uuid.uuid4())}
    return client.post(f"/api/v1/beneficiaries/{beneficiary_id}/donations", json=body,
                       headers=auth(token_for(user_id)))


def _balance(client, user_id):
    return client.get("/api/v1/me/points", headers=auth(token_for(user_id))).json["balance"]


def test_a_donation_moves_points_to_the_beneficiary_and_shows_on_its_pages(client, world):
    give_points(world["volunteer"], 10)
    before = db.session.get(Beneficiary, world["beneficiary"]).updated_at
    response = _donate(client, world["volunteer"], world["beneficiary"], 4)
    assert response.status_code == 201, response.json
    assert response.json | {"transfer_id": 0, "created_at": ""} == {
        "transfer_id": 0, "beneficiary_id": world["beneficiary"], "points": 4, "balance": 6,
        "beneficiary_donated_points": 4, "created_at": "", "replayed": False}
    assert _donate(client, world["friend"], world["beneficiary"], 1).status_code == 409  # the friend has none
    give_points(world["friend"], 3)
    assert _donate(client, world["friend"], world["beneficiary"], 3).json["beneficiary_donated_points"] == 7
    db.session.expire_all()
    row = db.session.get(Beneficiary, world["beneficiary"])
    assert row.donated_points == ledger.balance(OwnerType.BENEFICIARY, world["beneficiary"]) == 7
    assert row.updated_at == before  # a donation is not an edit of the record
    staff = auth(token_for(world["staff"]))
    detail = client.get(f"/api/v1/beneficiaries/{world['beneficiary']}", headers=staff).json
    assert detail["donated_points"] == 7
    rows = client.get("/api/v1/beneficiaries?status=active", headers=staff).json["items"]
    assert [(r["id"], r["donated_points"]) for r in rows] == [(world["beneficiary"], 7)]


def test_the_donor_history_names_the_beneficiary_masked(client, world):
    give_points(world["volunteer"], 5)
    _donate(client, world["volunteer"], world["beneficiary"], 2)
    name = db.session.get(Beneficiary, world["beneficiary"]).name
    masked = name[0] + "*" * (len(name) - 1)
    entry = client.get("/api/v1/me/points/entries", headers=auth(token_for(world["volunteer"]))).json[0]
    assert (entry["amount"], entry["cause"], entry["memo"]) == (-2, "donation", f"捐分：服务对象 {masked}")
    assert entry["counterpart"] == {"type": "beneficiary", "id": world["beneficiary"], "name": f"服务对象 {masked}"}
    assert name not in str(entry)


def test_a_retried_request_donates_once_and_a_reused_id_is_refused(client, world):
    give_points(world["volunteer"], 10)
    request_id = uuid.uuid4()
    first = _donate(client, world["volunteer"], world["beneficiary"], 3, request_id)
    again = _donate(client, world["volunteer"], world["beneficiary"], 3, request_id)
    assert first.status_code == again.status_code == 201
    assert again.json["transfer_id"] == first.json["transfer_id"] and again.json["replayed"] is True
    assert again.json["balance"] == 7 and again.json["beneficiary_donated_points"] == 3
    for points, beneficiary in ((5, world["beneficiary"]), (3, make_beneficiary(world["station"], world["staff"]))):
        reused = _donate(client, world["volunteer"], beneficiary, points, request_id)
        assert (reused.status_code, reused.json["error"]) == (409, "request_id_reused")
    # One request id pays one recipient, whether an order or a beneficiary.
    order = make_order(world["station"], world["staff"])
    as_order = client.post(f"/api/v1/orders/{order}/donations", json={"points": 3, "request_id": str(request_id)},
                           headers=auth(token_for(world["volunteer"])))
    assert (as_order.status_code, as_order.json["error"]) == (409, "request_id_reused")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerTransfer)
                             .where(LedgerTransfer.cause == "donation")) == 1
    assert _balance(client, world["volunteer"]) == 7


def test_no_overdraft(client, world):
    give_points(world["volunteer"], 2)
    response = _donate(client, world["volunteer"], world["beneficiary"], 3)
    assert (response.status_code, response.json["error"], response.json["message"]) == (
        409, "insufficient_points", "积分余额不足")
    db.session.expire_all()
    assert db.session.get(Beneficiary, world["beneficiary"]).donated_points == 0
    assert _balance(client, world["volunteer"]) == 2


@pytest.mark.parametrize("status", [BeneficiaryStatus.PENDING, BeneficiaryStatus.REJECTED,
                                    BeneficiaryStatus.DISABLED])
def test_only_approved_and_enabled_beneficiaries_take_donations(client, world, status):
    for person in ("volunteer", "staff", "other_staff"):
        give_points(world[person], 5)
    beneficiary = make_beneficiary(world["station"], world["staff"], status=status)
    # Not to be found by anyone who cannot open it: the very answer of a missing one.
    for person in ("volunteer", "other_staff"):
        hidden = _donate(client, world[person], beneficiary, 1)
        missing = _donate(client, world[person], 999999, 1)
        assert (hidden.status_code, hidden.json) == (missing.status_code, missing.json)
        assert (missing.status_code, missing.json["error"]) == (404, "beneficiary_not_found")
    # The station of its street can open it, so it is told why.
    visible = _donate(client, world["staff"], beneficiary, 1)
    assert (visible.status_code, visible.json["error"]) == (409, "beneficiary_not_donatable")
    assert [_balance(client, world[p]) for p in ("volunteer", "staff", "other_staff")] == [5, 5, 5]


def test_a_deleted_beneficiary_is_missing_for_everyone(client, world):
    give_points(world["staff"], 5)
    with unit_of_work():
        db.session.get(Beneficiary, world["beneficiary"]).deleted_at = utcnow()
    response = _donate(client, world["staff"], world["beneficiary"], 1)
    assert (response.status_code, response.json["error"]) == (404, "beneficiary_not_found")


@pytest.mark.parametrize("body,field", [
    ({"points": 0, "request_id": str(uuid.uuid4())}, "points"),
    ({"points": "2", "request_id": str(uuid.uuid4())}, "points"),
    ({"points": 10_000_000, "request_id": str(uuid.uuid4())}, "points"),
    ({"points": 1}, "request_id"),
    ({"points": 1, "request_id": str(uuid.uuid4()), "beneficiary_id": 1}, "beneficiary_id"),
])
def test_invalid_donations_are_refused_with_a_field_error(client, world, body, field):
    response = client.post(f"/api/v1/beneficiaries/{world['beneficiary']}/donations", json=body,
                           headers=auth(token_for(world["volunteer"])))
    assert response.status_code == 422 and field in response.json["errors"]


def test_the_home_tile_counts_points_given_to_beneficiaries(client, world):
    give_points(world["volunteer"], 10)
    order = make_order(world["station"], world["staff"])
    client.post(f"/api/v1/orders/{order}/donations", json={"points": 2, "request_id": str(uuid.uuid4())},
                headers=auth(token_for(world["volunteer"])))
    _donate(client, world["volunteer"], world["beneficiary"], 3)
    # The other station's beneficiary is not the station's to count.
    other_beneficiary = make_beneficiary(world["other"], world["other_staff"], street_code="440104001")
    _donate(client, world["volunteer"], other_beneficiary, 4)

    def tile(person):
        return client.get("/api/v1/timebank/summary", headers=auth(token_for(world[person]))).json["raised_points"]

    assert (tile("staff"), tile("other_staff"), tile("volunteer")) == (5, 4, 9)
