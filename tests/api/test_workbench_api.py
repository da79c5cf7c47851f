"""The workbench (工作台) queues and the time bank's part of the daily digest: each person sees the rows
waiting inside their own region, only in the queues their role works on."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, OrgKind, User
from app.accounts.sessions import actor_for
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.digest import SOURCES, send_daily_digest
from app.notify.models import InboxItem
from app.timebank.models import BeneficiaryStatus, CertificationStatus, OrderStatus, TakeStatus
from app.timebank.workbench import workbench
from tests.factories import auth, load_regions, make_account, make_admin, make_org, make_user, token_for
from tests.timebank.factories_points import (
    count_queries,
    make_beneficiary,
    make_certification,
    make_order,
    make_take,
    seed_catalogues,
)

STATION_QUEUES = ["beneficiaries_pending", "orders_first_review", "takes_pending", "orders_to_certify"]
ASSOCIATION_QUEUES = ["orders_final_review", "certifications_pending"]


@pytest.fixture
def world(app_ctx):
    """五山 station with one row waiting in each queue (two pending takes), 北京街 station with one of
    each too, plus rows that wait on nobody (an active beneficiary, an open order with no pending take,
    an order whose certification is pending, one already certified)."""
    load_regions()
    seed_catalogues()
    ids = {"station": make_org(OrgKind.STATION, "440106001", "五山街道社工站"),
           "other": make_org(OrgKind.STATION, "440104001", "北京街道社工站"),
           "association": make_org(OrgKind.ASSOCIATION, "440100", "广州市志愿者协会"),
           "volunteer": make_user(mp_openid="o-wb-v", real_name="小明"),
           "friend": make_user(mp_openid="o-wb-f", real_name="小红"),
           "admin": make_admin()}
    ids["staff"] = make_account(ids["station"], "wb-staff", MemberRole.STAFF)
    ids["station_admin"] = make_account(ids["station"], "wb-admin")
    ids["other_staff"] = make_account(ids["other"], "wb-other", MemberRole.STAFF)
    ids["association_admin"] = make_account(ids["association"], "wb-assoc")
    for station, staff, street in ((ids["station"], ids["staff"], "440106001"),
                                   (ids["other"], ids["other_staff"], "440104001")):
        make_beneficiary(station, staff, status=BeneficiaryStatus.PENDING, street_code=street)
        make_beneficiary(station, staff, status=BeneficiaryStatus.ACTIVE, street_code=street)
        make_order(station, staff, status=OrderStatus.PENDING, street_code=street)
        make_order(station, staff, status=OrderStatus.FIRST_APPROVED, street_code=street)
        make_order(station, staff, status=OrderStatus.TO_EVALUATE, street_code=street)
        certified = make_order(station, staff, status=OrderStatus.TO_EVALUATE, street_code=street)
        make_certification(certified, station, staff, CertificationStatus.PENDING)
        done = make_order(station, staff, status=OrderStatus.COMPLETED, street_code=street)
        make_certification(done, station, staff, CertificationStatus.APPROVED)
        refiled = make_order(station, staff, status=OrderStatus.TO_EVALUATE, street_code=street)
        make_certification(refiled, station, staff, CertificationStatus.REJECTED)
        open_order = make_order(station, staff, status=OrderStatus.OPEN, street_code=street)
        make_take(open_order, ids["volunteer"], TakeStatus.APPROVED)
        make_take(open_order, ids["friend"], TakeStatus.PENDING)
    make_take(make_order(ids["station"], ids["staff"], status=OrderStatus.OPEN), ids["volunteer"], TakeStatus.PENDING)
    return ids


def _queues(client, user_id) -> dict[str, int]:
    response = client.get("/api/v1/workbench", headers=auth(token_for(user_id)))
    assert response.status_code == 200
    return {q["key"]: q["count"] for q in response.json["queues"]}


def test_station_staff_see_their_street_only(client, world):
    expected = {"beneficiaries_pending": 1, "orders_first_review": 1, "takes_pending": 2, "orders_to_certify": 2}
    assert _queues(client, world["staff"]) == expected
    assert _queues(client, world["station_admin"]) == expected
    assert _queues(client, world["other_staff"]) == expected | {"takes_pending": 1}


def test_the_association_sees_its_city(client, world):
    assert _queues(client, world["association_admin"]) == {"orders_final_review": 2, "certifications_pending": 2}


def test_platform_administrators_see_every_queue_everywhere(client, world):
    assert _queues(client, world["admin"]) == {"beneficiaries_pending": 2, "orders_first_review": 2,
                                               "orders_final_review": 2, "takes_pending": 3,
                                               "orders_to_certify": 4, "certifications_pending": 2}


def test_volunteers_have_no_queues(client, world):
    assert _queues(client, world["volunteer"]) == {}
    assert client.get("/api/v1/workbench").status_code == 401


def test_labels_are_for_people(client, world):
    queues = client.get("/api/v1/workbench", headers=auth(token_for(world["staff"]))).json["queues"]
    assert [q["label"] for q in queues] == ["服务对象待审核", "V订单待初审", "接单人待审核", "订单待认证"]


def test_the_workbench_is_one_query(world):
    for person in ("staff", "association_admin", "admin"):
        actor = actor_for(db.session.get(User, world[person]))
        with count_queries() as counted:
            workbench(actor)
        assert counted.count == 1


def test_each_queue_is_a_digest_source_counting_per_staff_member(world):
    rows = {(user_id, label): count for source in SOURCES.values() for user_id, label, count
            in db.session.execute(source())}
    for person in ("staff", "station_admin"):
        assert {label: n for (user, label), n in rows.items() if user == world[person]} == {
            "服务对象待审核": 1, "V订单待初审": 1, "接单人待审核": 2, "订单待认证": 2}
    assert {label: n for (user, label), n in rows.items() if user == world["other_staff"]} == {
        "服务对象待审核": 1, "V订单待初审": 1, "接单人待审核": 1, "订单待认证": 2}
    assert {label: n for (user, label), n in rows.items() if user == world["association_admin"]} == {
        "V订单待终审": 2, "时数认证待审核": 2}
    assert not {user for user, _label in rows} & {world["volunteer"], world["friend"], world["admin"]}


def test_the_daily_digest_tells_each_reviewer_once(world):
    with unit_of_work():
        assert send_daily_digest(date(2026, 3, 1)) == 4
    with unit_of_work():
        assert send_daily_digest(date(2026, 3, 1)) == 0
    bodies = dict(db.session.execute(sa.select(InboxItem.user_id, InboxItem.id)).all())
    assert set(bodies) == {world["staff"], world["station_admin"], world["other_staff"], world["association_admin"]}
