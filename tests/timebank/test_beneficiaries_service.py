"""Beneficiary services (服务对象): the form's rules, entry, review, disable, delete, and who reads the proof."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.accounts.models import Gender, OrgKind
from app.accounts.policy import Actor
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.id_cards import parse_id_card
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import InboxItem, NotificationEvent
from app.timebank import beneficiaries as services
from app.timebank import beneficiary_rules as rules
from app.timebank.models import Beneficiary, BeneficiaryStatus, NeedType, OrderStatus, TimebankEvent, WishOrder
from app.timebank.states import InvalidTransition
from app.uploads.models import Upload
from app.uploads.services import can_read
from tests.factories import load_regions, make_account, make_admin, make_org
from tests.timebank.factories_beneficiaries import (
    actor_of,
    birth_for_age,
    form,
    id_card_number,
    make_beneficiary,
    proof_upload,
    unique_id_card,
)

TODAY = date(2026, 5, 20)


# --- pure rules ----------------------------------------------------------------------------------

def test_gender_and_age_must_match_the_id_number():
    card, _ = parse_id_card("11010519491231002X", today=TODAY)
    assert "身份证号码显示为男" in rules.check_gender(Gender.FEMALE, parse_id_card(
        id_card_number(date(1950, 1, 1), male=True, serial=7), today=TODAY)[0])
    assert "身份证号码显示为女" in rules.check_gender(Gender.MALE, card)
    assert rules.check_gender(Gender.FEMALE, card) is None
    assert rules.check_age(76, card, TODAY) is None
    assert "应为 76 岁" in rules.check_age(70, card, TODAY)
    assert "0 到 150" in rules.check_age(151, None, TODAY)


@pytest.mark.parametrize("phone,ok", [("13812345678", True), ("19912345678", True), ("020-12345678", True),
                                      ("02012345678", True), ("12812345678", False), ("1381234567", False),
                                      ("abc", False), ("+8613812345678", False)])
def test_phone_formats(phone, ok):
    assert (rules.check_phone(phone) is None) is ok


def test_names_and_texts():
    assert rules.check_name("张") is not None
    assert rules.check_name("阿卜杜·热合曼") is None
    assert rules.check_name("张三3") is not None
    assert rules.check_name("张" * 31) is not None
    assert rules.check_text("", required=True, maximum=200, label="户籍地址") == "请填写户籍地址"
    assert rules.check_text("x" * 501, required=False, maximum=500, label="备注") is not None
    assert rules.check_text("第一行\n第二行", required=False, maximum=500, label="备注") is None


# --- with the database --------------------------------------------------------------------------

@pytest.fixture
def world(app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    other = make_org(OrgKind.STATION, "440104001", "北京街道社工站")
    staff = make_account(station, "bf-staff-1")
    colleague = make_account(station, "st-colleague")
    other_admin = make_account(other, "other-admin")
    from app.catalogue.services import seed_defaults

    with unit_of_work():
        seed_defaults()
    return {"station": station, "other": other, "staff": staff, "colleague": colleague, "other_admin": other_admin}


def _create(user_id: int, **overrides) -> Beneficiary:
    with unit_of_work():
        return services.create_beneficiary(actor_of(user_id), form([proof_upload(user_id)], **overrides))


def test_create_stores_personal_information_encrypted(world):
    number = unique_id_card(80, male=False)
    b = _create(world["staff"], id_card_number=number, gender="female", age=80, phone="13800000000")
    row = db.session.get(Beneficiary, b.id)
    assert row.status is BeneficiaryStatus.PENDING and row.station_id == world["station"]
    assert "13800000000" not in row.phone_enc and number not in row.id_card_enc
    assert pii().decrypt(row.id_card_enc, context=services.ID_CARD_CONTEXT) == number
    assert row.id_card_index == services.id_card_index(number)
    assert row.region_path == "/440100/440106/440106001/440106001001/"
    assert db.session.scalar(sa.select(Upload.attached_id).where(Upload.attached_kind == "beneficiary")) == b.id
    event = db.session.scalar(sa.select(TimebankEvent).where(TimebankEvent.subject_id == b.id))
    assert (event.action, event.to_status, event.actor_id) == ("submit", "pending", world["staff"])


def test_create_tells_the_station_with_the_name_masked(world):
    b = _create(world["staff"], name="张三丰")
    event = db.session.scalar(sa.select(NotificationEvent).where(NotificationEvent.kind == "beneficiary.submitted"))
    assert event.subject_id == b.id and "张**" in event.body and "张三丰" not in event.body
    recipients = set(db.session.scalars(sa.select(InboxItem.user_id).where(InboxItem.event_id == event.id)))
    assert {world["staff"], world["colleague"]} <= recipients and world["other_admin"] not in recipients


def test_every_wrong_field_is_reported_at_once(world):
    values = form([], name="张", phone="123", id_card_number="110105194912310021", age=200,
                  category_code="99", household_street_code="440106001001", community_code="440106001",
                  household_address=" ", remarks="x" * 501, filler_phone="abc")
    with pytest.raises(InvalidInput) as caught, unit_of_work():
        services.create_beneficiary(actor_of(world["staff"]), values)
    assert set(caught.value.errors) == {"name", "phone", "id_card_number", "age", "category_code",
                                        "household_street_code", "community_code", "household_address", "remarks",
                                        "filler_phone", "proof_upload_ids"}


def test_missing_required_fields(world):
    values = form([1], living_status_code=None, filler_name="")
    with pytest.raises(InvalidInput) as caught, unit_of_work():
        services.create_beneficiary(actor_of(world["staff"]), values)
    assert caught.value.errors == {"living_status_code": ["该字段为必填项"], "filler_name": ["该字段为必填项"]}


def test_self_care_level_is_optional(world):
    b = _create(world["staff"], self_care_level_code=None)
    assert db.session.get(Beneficiary, b.id).self_care_level_id is None


def test_inactive_catalogue_entries_are_refused(world):
    with unit_of_work():
        db.session.execute(sa.update(CatalogueEntry).where(
            CatalogueEntry.kind == CatalogueKind.LIVING_STATUS, CatalogueEntry.code == "02").values(is_active=False))
    with pytest.raises(InvalidInput) as caught:
        _create(world["staff"], living_status_code="02")
    assert caught.value.errors == {"living_status_code": ["请从列表中选择"]}


def test_gender_contradicting_the_id_number_is_refused(world):
    with pytest.raises(InvalidInput) as caught:
        _create(world["staff"], id_card_number=unique_id_card(70, male=False), gender="male")
    assert caught.value.errors == {"gender": ["性别与身份证号码不符（身份证号码显示为女）"]}


def test_age_contradicting_the_id_number_is_refused(world):
    with pytest.raises(InvalidInput) as caught:
        _create(world["staff"], id_card_number=id_card_number(birth_for_age(70)), age=68)
    assert caught.value.errors == {"age": ["年龄与身份证号码中的出生日期不符（按出生日期应为 70 岁）"]}


def test_household_street_may_be_elsewhere_but_community_must_be_in_the_stations_street(world):
    b = _create(world["staff"], household_street_code="440104001")
    assert db.session.get(Beneficiary, b.id).household_street_id is not None
    with pytest.raises(InvalidInput) as caught:
        _create(world["staff"], community_code="440104001001")
    assert caught.value.errors == {"community_code": ["所在社区须在本社工站所在街道内"]}


def test_platform_admin_enters_for_the_streets_station(world):
    admin = make_admin()
    b = _create(admin)
    assert db.session.get(Beneficiary, b.id).station_id == world["station"]
    with pytest.raises(InvalidInput) as caught:
        _create(admin, community_code="440106002001", household_street_code="440106002")
    assert caught.value.errors == {"community_code": ["该社区所在街道尚无社工站"]}


def test_duplicate_id_numbers_are_refused_until_the_first_is_deleted(world):
    number = unique_id_card(70)
    first = _create(world["staff"], id_card_number=number)
    with pytest.raises(Conflict) as caught:
        _create(world["staff"], id_card_number=number.lower() if number.endswith("X") else number)
    assert (caught.value.error, caught.value.message) == ("beneficiary_exists", "该身份证号码已录入")
    with unit_of_work():
        services.delete_beneficiary(actor_of(world["staff"]), first.id)
    assert _create(world["staff"], id_card_number=number).id != first.id


def test_edit_while_pending_rechecks_changed_fields(world):
    b = _create(world["staff"])
    actor = actor_of(world["colleague"])
    with unit_of_work():
        services.edit_beneficiary(actor, b.id, {"residential_address": "新地址", "phone": "020-87654321"})
    row = db.session.get(Beneficiary, b.id)
    assert row.residential_address == "新地址"
    assert pii().decrypt(row.phone_enc, context=services.PHONE_CONTEXT) == "020-87654321"
    with pytest.raises(InvalidInput) as caught, unit_of_work():
        services.edit_beneficiary(actor, b.id, {"gender": "female"})
    assert "gender" in caught.value.errors
    with pytest.raises(InvalidInput), unit_of_work():
        services.edit_beneficiary(actor, b.id, {"community_code": "440104001001"})
    with pytest.raises(InvalidInput) as caught, unit_of_work():
        services.edit_beneficiary(actor, b.id, {"proof_upload_ids": []})
    assert "proof_upload_ids" in caught.value.errors


def test_edit_keeps_the_id_number_unique(world):
    taken = unique_id_card(70)
    _create(world["staff"], id_card_number=taken)
    b = _create(world["staff"])
    with pytest.raises(Conflict), unit_of_work():
        services.edit_beneficiary(actor_of(world["staff"]), b.id, {"id_card_number": taken})


def test_review_cycle_with_notifications_to_the_submitter(world):
    b = _create(world["staff"])
    reviewer = actor_of(world["colleague"])
    with pytest.raises(InvalidInput), unit_of_work():
        services.reject_beneficiary(reviewer, b.id, "  ")
    with unit_of_work():
        services.reject_beneficiary(reviewer, b.id, "缺少低保证明")
    assert db.session.get(Beneficiary, b.id).status_reason == "缺少低保证明"
    with unit_of_work():
        services.edit_beneficiary(reviewer, b.id, {"remarks": "已补充材料"})
        services.resubmit_beneficiary(reviewer, b.id)
    with unit_of_work():
        services.approve_beneficiary(reviewer, b.id)
    row = db.session.get(Beneficiary, b.id)
    assert row.status is BeneficiaryStatus.ACTIVE and row.status_reason is None
    kinds = [(e.kind, e.title) for e in db.session.scalars(sa.select(NotificationEvent).order_by(NotificationEvent.id))]
    assert kinds == [("beneficiary.submitted", "服务对象待审核"), ("beneficiary.reviewed", "服务对象审核结果：不通过"),
                     ("beneficiary.submitted", "服务对象待审核"), ("beneficiary.reviewed", "服务对象审核结果：通过")]
    rejected = db.session.scalar(sa.select(NotificationEvent).where(NotificationEvent.title.like("%不通过")))
    assert "原因：缺少低保证明" in rejected.body
    assert db.session.scalar(sa.select(InboxItem.user_id).where(InboxItem.event_id == rejected.id)) == world["staff"]
    actions = list(db.session.scalars(sa.select(TimebankEvent.action).where(TimebankEvent.subject_id == b.id)
                                      .order_by(TimebankEvent.id)))
    assert actions == ["submit", "reject", "edit", "resubmit", "approve"]


def test_transitions_follow_the_table(world):
    b = _create(world["staff"])
    actor = actor_of(world["staff"])
    for service in (services.disable_beneficiary, services.enable_beneficiary, services.resubmit_beneficiary):
        with pytest.raises(InvalidTransition), unit_of_work():
            service(actor, b.id)
    with unit_of_work():
        services.approve_beneficiary(actor, b.id)
    with pytest.raises(Conflict) as caught, unit_of_work():
        services.edit_beneficiary(actor, b.id, {"remarks": "改"})
    assert caught.value.error == "beneficiary_not_editable"
    with unit_of_work():
        services.disable_beneficiary(actor, b.id)
    assert db.session.get(Beneficiary, b.id).status is BeneficiaryStatus.DISABLED
    with unit_of_work():
        services.enable_beneficiary(actor, b.id)
    assert db.session.get(Beneficiary, b.id).status is BeneficiaryStatus.ACTIVE


def test_another_station_sees_nothing(world):
    b = _create(world["staff"])
    other = actor_of(world["other_admin"])
    for call in (lambda: services.approve_beneficiary(other, b.id),
                 lambda: services.edit_beneficiary(other, b.id, {"remarks": "x"}),
                 lambda: services.delete_beneficiary(other, b.id)):
        with pytest.raises(NotFound) as caught, unit_of_work():
            call()
        assert caught.value.error == "beneficiary_not_found"


def _order(beneficiary_id: int, station_id: int, user_id: int, status: OrderStatus) -> None:
    street = db.session.get(Beneficiary, beneficiary_id)
    entry = db.session.scalar(sa.select(CatalogueEntry.id).limit(1))
    now = utcnow()
    with unit_of_work():
        db.session.add(WishOrder(
            number=f"44010620260101{status.value[:6]}"[:20], title="上门探访", need_type=NeedType.FOR_OTHERS,
            beneficiary_id=beneficiary_id, station_id=station_id, service_item_id=entry, service_type_id=entry,
            district_id=street.household_street_id, street_id=street.household_street_id,
            region_path=street.region_path, latitude=23.1, longitude=113.3, address="五山路", taker_notes="无",
            traffic_guide="地铁", content="探访", starts_at=now + timedelta(days=2),
            ends_at=now + timedelta(days=2, hours=1), take_deadline=now + timedelta(days=1), recruit_count=1,
            status=status, created_by_id=user_id))


def test_delete_is_refused_while_an_order_is_under_way(world):
    b = make_beneficiary(world["station"], status="active", user_id=world["staff"])
    _order(b, world["station"], world["staff"], OrderStatus.COMPLETED)
    _order(b, world["station"], world["staff"], OrderStatus.OPEN)
    actor = actor_of(world["staff"])
    with pytest.raises(Conflict) as caught, unit_of_work():
        services.delete_beneficiary(actor, b)
    assert caught.value.error == "beneficiary_has_orders"
    with unit_of_work():
        db.session.execute(sa.update(WishOrder).where(WishOrder.status == OrderStatus.OPEN)
                           .values(status=OrderStatus.CANCELLED))
    with unit_of_work():
        services.delete_beneficiary(actor, b)
    assert db.session.get(Beneficiary, b).deleted_at is not None
    with pytest.raises(NotFound), unit_of_work():
        services.approve_beneficiary(actor, b)


def test_proof_images_are_read_by_the_owning_station_only(world):
    b = _create(world["staff"])
    upload = db.session.scalar(sa.select(Upload).where(Upload.attached_kind == "beneficiary",
                                                       Upload.attached_id == b.id))
    assert can_read(actor_of(world["colleague"]), upload)
    assert not can_read(actor_of(world["other_admin"]), upload)
    assert not can_read(Actor(user_id=999), upload)
    assert can_read(actor_of(make_admin()), upload)
    with unit_of_work():
        services.delete_beneficiary(actor_of(world["staff"]), b.id)
    assert not can_read(actor_of(world["colleague"]), db.session.get(Upload, upload.id))


def test_factory_reaches_each_status(world):
    statuses = {s: make_beneficiary(world["station"], status=s) for s in ("pending", "active", "rejected", "disabled")}
    for status, beneficiary_id in statuses.items():
        assert db.session.get(Beneficiary, beneficiary_id).status == status
