"""Joining a community (app/community/membership.py and membership_queries.py) against the database."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, Region, User
from app.community import membership, membership_queries
from app.community.membership_digest import applications_pending
from app.community.models import ApplicationStatus, CommunityApplication, CommunityVolunteer
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.id_cards import id_card_index
from app.core.runtime import pii
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import InboxItem, NotificationEvent
from tests.community.factories_community import (
    CHASHAN,
    HUANONG,
    actor,
    approve,
    community_world,
    form,
    id_card,
    make_person,
    submit,
)
from tests.factories import make_account, make_admin, make_org


@pytest.fixture
def world(app_ctx):
    return community_world()


def application(application_id: int) -> CommunityApplication:
    db.session.expire_all()
    return db.session.get(CommunityApplication, application_id)


def inbox_titles(user_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(NotificationEvent.title).join(InboxItem, InboxItem.event_id ==
                                                                          NotificationEvent.id)
                                   .where(InboxItem.user_id == user_id).order_by(InboxItem.id)))


def inbox_bodies(user_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(NotificationEvent.body).join(InboxItem, InboxItem.event_id ==
                                                                         NotificationEvent.id)
                                   .where(InboxItem.user_id == user_id).order_by(InboxItem.id)))


def region_id(code: str) -> int:
    return db.session.scalar(sa.select(Region.id).where(Region.code == code))


def refused(exc_type, call, *args):
    with pytest.raises(exc_type) as caught, unit_of_work():
        call(*args)
    return caught.value


# --- applying -------------------------------------------------------------------------------------------------

def test_apply_stores_the_id_number_encrypted_and_tells_the_community_admins(world):
    person = make_person()
    number = id_card()
    application_id = submit(person, world["community"], id_card_number=number.lower(), real_name=" 王  小明 ")
    row = application(application_id)
    assert row.status is ApplicationStatus.PENDING and row.community_id == world["community"]
    assert row.real_name == "王 小明" and row.work_unit == "徐州市税务局" and row.is_party_member is True
    assert number not in row.id_card_enc and number.lower() not in row.id_card_enc
    assert pii().decrypt(row.id_card_enc, context=membership.APPLICATION_ID_CARD_CONTEXT) == number
    assert row.id_card_index == id_card_index(number, context=membership.ID_CARD_INDEX_CONTEXT)
    # application.submitted reaches the community's admins only (not its staff, not another community).
    assert inbox_titles(world["community_admin"]) == ["志愿者申请待审核"]
    assert inbox_bodies(world["community_admin"]) == ["王 小明 申请加入"]
    assert inbox_titles(world["community_staff"]) == inbox_titles(world["second_admin"]) == []
    # Applying changes nothing on the profile yet.
    user = db.session.get(User, person)
    assert user.service_community_id is None and user.work_unit is None


@pytest.mark.parametrize("changes,field,fragment", [
    ({"real_name": "王"}, "real_name", "2 到 30"),
    ({"real_name": "王" * 31}, "real_name", "2 到 30"),
    ({"real_name": "王小明2"}, "real_name", "汉字、字母"),
    ({"real_name": "王<b>"}, "real_name", "汉字、字母"),
    ({"real_name": "   "}, "real_name", "必填"),
    ({"real_name": None}, "real_name", "必填"),
    ({"id_card_number": "32030319850615001"}, "id_card_number", "18 位"),
    ({"id_card_number": "320303198513150011"}, "id_card_number", "出生日期"),
    ({"id_card_number": "320303198506150010"}, "id_card_number", "校验位"),
    ({"id_card_number": ""}, "id_card_number", "必填"),
    ({"work_unit": "单" * 101}, "work_unit", "100"),
    ({"work_unit": "税务局\x07"}, "work_unit", "特殊字符"),
    ({"work_unit": " "}, "work_unit", "必填"),
    ({"is_party_member": "yes"}, "is_party_member", "是或否"),
    ({"is_party_member": None}, "is_party_member", "必填"),
    ({"community_id": None}, "community_id", "必填"),
    ({"community_id": 999999}, "community_id", "不存在"),
    ({"community_id": True}, "community_id", "不存在"),
    ({"community_id": "1"}, "community_id", "不存在"),
])
def test_every_field_is_checked(world, changes, field, fragment):
    error = refused(InvalidInput, membership.apply, actor(make_person()), form(world["community"]) | changes)
    assert list(error.errors) == [field] and fragment in error.errors[field][0], error.errors
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommunityApplication)) == 0


def test_every_wrong_field_is_reported_at_once(world):
    error = refused(InvalidInput, membership.apply, actor(make_person()), {
        "community_id": 999999, "real_name": "1", "id_card_number": "x", "work_unit": "", "is_party_member": 1})
    assert set(error.errors) == {"community_id", "real_name", "id_card_number", "work_unit", "is_party_member"}


def test_only_service_communities_take_applications(world):
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    with unit_of_work():
        db.session.get(Organisation, world["second"]).is_active = False
    for target in (world["district"], station, world["second"]):
        error = refused(InvalidInput, membership.apply, actor(make_person()), form(target))
        assert "community_id" in error.errors


def test_one_pending_application_per_person(world):
    person = make_person()
    first = submit(person, world["community"])
    error = refused(Conflict, membership.apply, actor(person), form(world["second"]))
    assert error.error == "application_pending"
    # Withdrawn, the person may apply again (to anyone).
    with unit_of_work():
        membership.withdraw(actor(person), first)
    assert application(first).status is ApplicationStatus.WITHDRAWN and application(first).decided_at is not None
    second = submit(person, world["second"])
    assert application(second).status is ApplicationStatus.PENDING


def test_applying_to_ones_own_community_is_refused(world):
    person = make_person()
    approve(world["community_admin"], submit(person, world["community"]))
    error = refused(Conflict, membership.apply, actor(person), form(world["community"]))
    assert error.error == "already_member" and "华农社区" in error.message


def test_an_id_number_in_use_by_another_account_is_refused(world):
    number = id_card()
    submit(make_person(), world["community"], id_card_number=number)
    error = refused(Conflict, membership.apply, actor(make_person()), form(world["second"], id_card_number=number))
    assert error.error == "id_card_in_use"


def test_a_rejected_number_may_be_used_again(world):
    number = id_card()
    first = submit(make_person(), world["community"], id_card_number=number)
    with unit_of_work():
        membership.reject(actor(world["community_admin"]), first, "信息不实")
    assert submit(make_person(), world["community"], id_card_number=number)


# --- withdrawing ----------------------------------------------------------------------------------------------

def test_only_the_applicant_withdraws_and_only_while_pending(world):
    person = make_person()
    application_id = submit(person, world["community"])
    for stranger in (make_person(), world["other_admin"]):
        assert refused(NotFound, membership.withdraw, actor(stranger), application_id).error == "application_not_found"
    approve(world["community_admin"], application_id)
    assert refused(Conflict, membership.withdraw, actor(person), application_id).error == "invalid_transition"
    assert refused(NotFound, membership.withdraw, actor(person), 999999).error == "application_not_found"


# --- deciding -------------------------------------------------------------------------------------------------

def test_approval_makes_a_member_and_fills_the_profile(world):
    person = make_person("微信昵称")
    application_id = submit(person, world["community"], work_unit="徐州市第一中学", is_party_member=False)
    approve(world["community_staff"], application_id)  # staff members review too, not only admins
    row = application(application_id)
    assert row.status is ApplicationStatus.APPROVED and row.decided_by_id == world["community_staff"]
    member = db.session.scalars(sa.select(CommunityVolunteer).where(CommunityVolunteer.user_id == person)).one()
    assert member.community_id == world["community"] and member.application_id == application_id
    assert member.region_path == db.session.get(Region, region_id(HUANONG)).path
    assert member.work_unit == "徐州市第一中学" and member.is_party_member is False
    number = pii().decrypt(row.id_card_enc, context=membership.APPLICATION_ID_CARD_CONTEXT)
    assert pii().decrypt(member.id_card_enc, context=membership.VOLUNTEER_ID_CARD_CONTEXT) == number
    user = db.session.get(User, person)
    assert (user.real_name, user.work_unit, user.is_party_member) == ("王小明", "徐州市第一中学", False)
    assert user.service_community_id == region_id(HUANONG)
    assert inbox_titles(person) == ["加入社区申请：审核通过"]


def test_rejection_needs_a_reason_and_tells_the_applicant(world):
    person = make_person()
    application_id = submit(person, world["community"])
    admin = actor(world["community_admin"])
    for reason in ("", "   "):
        assert "reason" in refused(InvalidInput, membership.reject, admin, application_id, reason).errors
    assert "reason" in refused(InvalidInput, membership.reject, admin, application_id, "因" * 201).errors
    with unit_of_work():
        membership.reject(actor(world["community_admin"]), application_id, " 身份证号码与姓名不符 ")
    row = application(application_id)
    assert row.status is ApplicationStatus.REJECTED and row.status_reason == "身份证号码与姓名不符"
    assert inbox_titles(person) == ["加入社区申请：审核不通过"]
    assert "原因：身份证号码与姓名不符" in inbox_bodies(person)[0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CommunityVolunteer)) == 0
    assert db.session.get(User, person).service_community_id is None
    # Decided once: neither decision applies again.
    assert refused(Conflict, membership.approve, actor(world["community_admin"]), application_id).error == \
        "invalid_transition"


def test_only_the_receiving_communitys_staff_decide(world):
    application_id = submit(make_person(), world["community"])
    for other in ("other_admin", "second_admin", "district_admin"):
        error = refused(NotFound, membership.approve, actor(world[other]), application_id)
        assert error.error == "application_not_found"
    station_admin = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    refused(Forbidden, membership.reject, actor(make_account(station_admin, "st-a")), application_id, "不行")
    refused(Forbidden, membership.approve, actor(make_person()), application_id)
    assert application(application_id).status is ApplicationStatus.PENDING
    # Platform administrators hold every permission.
    approve(make_admin(), application_id)
    assert application(application_id).status is ApplicationStatus.APPROVED


def test_moving_replaces_the_one_membership(world):
    person = make_person()
    approve(world["community_admin"], submit(person, world["community"]))
    moving = submit(person, world["second"], work_unit="新单位")
    queue = membership_queries.community_applications(actor(world["second_admin"]), organisation_id=None,
                                                      status=None, before_id=None, limit=20)
    assert queue["items"][0]["current_community"]["id"] == world["community"]
    # Until the move is approved, the person stays with the first community.
    assert membership_queries.my_membership(actor(person))["community"]["id"] == world["community"]
    approve(world["second_admin"], moving)
    members = db.session.scalars(sa.select(CommunityVolunteer).where(CommunityVolunteer.user_id == person)).all()
    assert len(members) == 1 and members[0].community_id == world["second"] and members[0].application_id == moving
    assert members[0].region_path.endswith(f"/{CHASHAN}/") and members[0].work_unit == "新单位"
    assert db.session.get(User, person).service_community_id == region_id(CHASHAN)
    mine = membership_queries.my_membership(actor(person))
    assert mine["is_volunteer"] and mine["community"]["id"] == world["second"] and mine["pending_application"] is None


# --- reading --------------------------------------------------------------------------------------------------

def test_the_queue_masks_id_numbers_and_phones_and_pages_newest_first(world):
    number = id_card()
    first = submit(make_person(phone="13912345678"), world["community"], id_card_number=number)
    others = [submit(make_person(phone=None), world["community"]) for _ in range(3)]
    submit(make_person(), world["second"])  # another community's: never in this queue
    admin = actor(world["community_admin"])
    page = membership_queries.community_applications(admin, organisation_id=None, status=None, before_id=None,
                                                     limit=3)
    assert [r["id"] for r in page["items"]] == others[::-1] and page["next_before_id"] == others[0]
    rest = membership_queries.community_applications(admin, organisation_id=None, status=None,
                                                     before_id=page["next_before_id"], limit=3)
    assert [r["id"] for r in rest["items"]] == [first] and rest["next_before_id"] is None
    row = rest["items"][0]
    assert row["id_card_number"] == number[:3] + "*" * 11 + number[-4:]
    assert row["applicant"]["phone"] == "139****5678" and row["applicant"]["real_name"] == "王小明"
    assert row["status_label"] == "待审核" and row["current_community"] is None
    with unit_of_work():
        membership.reject(actor(world["community_admin"]), first, "资料不全")
    rejected = membership_queries.community_applications(admin, organisation_id=world["community"],
                                                         status=ApplicationStatus.REJECTED, before_id=None, limit=20)
    assert [(r["id"], r["status_reason"]) for r in rejected["items"]] == [(first, "资料不全")]


def test_the_queue_is_the_actors_own_community(world):
    other = actor(world["other_admin"])
    with pytest.raises(NotFound):
        membership_queries.community_applications(other, organisation_id=world["community"], status=None,
                                                  before_id=None, limit=20)
    admin = actor(make_admin())
    with pytest.raises(InvalidInput):
        membership_queries.community_applications(admin, organisation_id=None, status=None, before_id=None, limit=20)
    with pytest.raises(NotFound):  # a platform admin naming something that is no community
        membership_queries.community_applications(admin, organisation_id=999999, status=None, before_id=None,
                                                  limit=20)
    assert membership_queries.community_applications(admin, organisation_id=world["community"], status=None,
                                                     before_id=None, limit=20)["items"] == []


def test_my_applications_and_membership(world):
    person = make_person()
    assert membership_queries.my_membership(actor(person)) == {
        "is_volunteer": False, "community": None, "joined_at": None, "work_unit": None, "is_party_member": None,
        "pending_application": None}
    first = submit(person, world["community"])
    with unit_of_work():
        membership.reject(actor(world["community_admin"]), first, "请填写真实单位")
    second = submit(person, world["second"])
    mine = membership_queries.my_applications(actor(person))
    assert [(r["id"], r["status_label"], r["status_reason"]) for r in mine] == [
        (second, "待审核", None), (first, "审核不通过", "请填写真实单位")]
    assert all("*" in r["id_card_number"] for r in mine)
    pending = membership_queries.my_membership(actor(person))["pending_application"]
    assert pending["id"] == second and pending["community"]["id"] == world["second"]
    assert membership_queries.my_applications(actor(make_person())) == []


def test_service_communities_to_choose_from(world):
    everything = membership_queries.service_communities(region=None, name=None, after_id=None, limit=50)
    ids = [c["id"] for c in everything["items"]]
    assert ids == [world["community"], world["second"], world["other"]]  # not the district office
    tianhe = membership_queries.service_communities(region="440106", name=None, after_id=None, limit=50)
    assert [c["id"] for c in tianhe["items"]] == [world["community"], world["second"]]
    assert tianhe["items"][0]["street_name"] == "五山街道" and tianhe["items"][0]["district_name"] == "天河区"
    named = membership_queries.service_communities(region=None, name="茶山", after_id=None, limit=50)
    assert [c["id"] for c in named["items"]] == [world["second"]]
    assert membership_queries.service_communities(region=None, name="%", after_id=None, limit=50)["items"] == []
    page = membership_queries.service_communities(region=None, name=None, after_id=None, limit=2)
    assert page["next_after_id"] == world["second"]
    with pytest.raises(InvalidInput):
        membership_queries.service_communities(region="999999", name=None, after_id=None, limit=50)


def test_digest_counts_pending_applications_for_the_communitys_staff(world):
    for _ in range(2):
        submit(make_person(), world["community"])
    submit(make_person(), world["second"])
    decided = submit(make_person(), world["second"])
    approve(world["second_admin"], decided)
    rows = {(user_id, label): count for user_id, label, count in db.session.execute(applications_pending())}
    assert rows == {(world["community_admin"], "志愿者申请待审核"): 2,
                    (world["community_staff"], "志愿者申请待审核"): 2,
                    (world["second_admin"], "志愿者申请待审核"): 1}
