"""Beneficiary use cases (服务对象录入、修改、审核、禁用、启用、删除; DOMAIN.md §3.1).

Stations enter the people they serve; the station of the beneficiary's street reviews them. ID numbers
and phones are encrypted at rest with a blind index on the ID number, so "one record per person" is a
unique index, not a search. Services flush and never commit.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, Region
from app.accounts.policy import Actor
from app.catalogue.models import CatalogueEntry
from app.core.crypto import mask_name
from app.core.errors import Conflict, InvalidInput
from app.core.id_cards import id_card_index as shared_id_card_index
from app.core.persistence import insert_unique
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.publish import publish
from app.timebank import events
from app.timebank.access import beneficiary_for
from app.timebank.beneficiary_form import FIELDS, check_form
from app.timebank.beneficiary_rules import PROOF_MAX, PROOF_MIN
from app.timebank.models import Beneficiary, BeneficiaryStatus, TimebankEvent, WishOrder
from app.timebank.states import BENEFICIARY, ORDER_FINAL
from app.uploads.access import register_access_rule
from app.uploads.services import attach_uploads

SUBJECT = "beneficiary"
UPLOAD_KIND = "beneficiary"
# Encryption contexts: a ciphertext copied into another column does not decrypt there.
PHONE_CONTEXT = "beneficiaries.phone"
ID_CARD_CONTEXT = "beneficiaries.id_card"
FILLER_PHONE_CONTEXT = "beneficiaries.filler_phone"
EDITABLE = frozenset({BeneficiaryStatus.PENDING, BeneficiaryStatus.REJECTED})


class DuplicateIdCard(Conflict):
    error = "beneficiary_exists"
    message = "该身份证号码已录入"


def id_card_index(number: str) -> str:
    return shared_id_card_index(number, context=ID_CARD_CONTEXT)


def create_beneficiary(actor: Actor, values: dict) -> Beneficiary:
    """录入: a station's staff enter a beneficiary living in their street; it waits for the station's review."""
    clean = check_form(values)
    community: Region = clean["community"]
    station_id = _station_for(actor, community)
    beneficiary = Beneficiary(station_id=station_id, created_by_id=actor.user_id, status=BeneficiaryStatus.PENDING)
    _assign(beneficiary, clean)
    insert_unique(beneficiary, DuplicateIdCard())
    attach_uploads(clean["proof_upload_ids"], actor_user_id=actor.user_id, kind=UPLOAD_KIND,
                   target_id=beneficiary.id, min_count=PROOF_MIN, max_count=PROOF_MAX, field="proof_upload_ids")
    events.record(SUBJECT, beneficiary.id, "submit", to_status=str(BeneficiaryStatus.PENDING), actor_id=actor.user_id)
    _publish_submitted(beneficiary, round_=1)
    return beneficiary


def edit_beneficiary(actor: Actor, beneficiary_id: int, changes: dict) -> Beneficiary:
    """修改: only while waiting for review or after a rejection; every changed field is checked again."""
    beneficiary = beneficiary_for(actor, "beneficiary.manage", beneficiary_id, lock=True)
    if beneficiary.status not in EDITABLE:
        raise Conflict("只有待审核或审核不通过的服务对象可以修改", error="beneficiary_not_editable")
    changes = {k: v for k, v in changes.items() if k in FIELDS}
    if not changes:
        return beneficiary
    current = current_values(beneficiary)
    clean = check_form({**current, **changes}, changed=set(changes))
    if "community" in clean:
        station_path = db.session.scalar(
            sa.select(Region.path).join(Organisation, Organisation.region_id == Region.id)
            .where(Organisation.id == beneficiary.station_id))
        if not clean["community"].path.startswith(station_path or "-"):
            raise _outside_street()
    _assign(beneficiary, clean)
    insert_unique(beneficiary, DuplicateIdCard())
    if "proof_upload_ids" in clean:
        attach_uploads(clean["proof_upload_ids"], actor_user_id=actor.user_id, kind=UPLOAD_KIND,
                       target_id=beneficiary.id, min_count=PROOF_MIN, max_count=PROOF_MAX, field="proof_upload_ids")
    status = str(beneficiary.status)
    events.record(SUBJECT, beneficiary.id, "edit", from_status=status, to_status=status, actor_id=actor.user_id)
    return beneficiary


def resubmit_beneficiary(actor: Actor, beneficiary_id: int) -> Beneficiary:
    """重新提交: a rejected (and corrected) beneficiary goes back to the station's review."""
    beneficiary = beneficiary_for(actor, "beneficiary.manage", beneficiary_id, lock=True)
    _move(beneficiary, "resubmit", actor)
    _publish_submitted(beneficiary, round_=_round(beneficiary.id))
    return beneficiary


def approve_beneficiary(actor: Actor, beneficiary_id: int) -> Beneficiary:
    """审核通过: the beneficiary enters the station's library and can have orders published for them."""
    return _review(actor, beneficiary_id, "approve", None)


def reject_beneficiary(actor: Actor, beneficiary_id: int, reason: str) -> Beneficiary:
    """审核不通过, with the reason the submitter reads."""
    return _review(actor, beneficiary_id, "reject", reason)


def disable_beneficiary(actor: Actor, beneficiary_id: int) -> Beneficiary:
    """禁用: no new orders for this beneficiary until enabled again."""
    beneficiary = beneficiary_for(actor, "beneficiary.review", beneficiary_id, lock=True)
    _move(beneficiary, "disable", actor)
    return beneficiary


def enable_beneficiary(actor: Actor, beneficiary_id: int) -> Beneficiary:
    """启用 a disabled beneficiary."""
    beneficiary = beneficiary_for(actor, "beneficiary.review", beneficiary_id, lock=True)
    _move(beneficiary, "enable", actor)
    return beneficiary


def delete_beneficiary(actor: Actor, beneficiary_id: int) -> None:
    """删除 (soft: the row stays for the orders and the audit trail, its ID number is free for a new entry).
    Refused while an order for the beneficiary is still under way."""
    # The row lock serialises with an order publisher that locks the beneficiary before inserting an order.
    beneficiary = beneficiary_for(actor, "beneficiary.manage", beneficiary_id, lock=True)
    live = db.session.scalar(sa.select(sa.func.count()).select_from(WishOrder).where(
        WishOrder.beneficiary_id == beneficiary.id, WishOrder.status.not_in(list(ORDER_FINAL))))
    if live:
        raise Conflict("该服务对象还有未结束的订单，不能删除", error="beneficiary_has_orders")
    beneficiary.deleted_at = utcnow()
    events.record(SUBJECT, beneficiary.id, "delete", from_status=str(beneficiary.status), actor_id=actor.user_id)
    db.session.flush()


def current_values(beneficiary: Beneficiary) -> dict:
    """The form as stored (clear values), the base an edit's changes are checked against."""
    cipher = pii()
    codes = dict(db.session.execute(sa.select(Region.id, Region.code).where(
        Region.id.in_([beneficiary.household_street_id, beneficiary.community_id]))).all())
    entry_ids = [beneficiary.category_id, beneficiary.political_status_id, beneficiary.self_care_level_id,
                 beneficiary.living_status_id]
    entries = dict(db.session.execute(sa.select(CatalogueEntry.id, CatalogueEntry.code).where(
        CatalogueEntry.id.in_([i for i in entry_ids if i is not None]))).all())
    return {
        "name": beneficiary.name, "gender": beneficiary.gender, "age": beneficiary.age,
        "phone": cipher.decrypt(beneficiary.phone_enc, context=PHONE_CONTEXT),
        "id_card_number": cipher.decrypt(beneficiary.id_card_enc, context=ID_CARD_CONTEXT),
        "filler_name": beneficiary.filler_name,
        "filler_phone": cipher.decrypt(beneficiary.filler_phone_enc, context=FILLER_PHONE_CONTEXT),
        "category_code": entries.get(beneficiary.category_id),
        "political_status_code": entries.get(beneficiary.political_status_id),
        "self_care_level_code": entries.get(beneficiary.self_care_level_id),
        "living_status_code": entries.get(beneficiary.living_status_id),
        "household_street_code": codes.get(beneficiary.household_street_id),
        "community_code": codes.get(beneficiary.community_id),
        "household_address": beneficiary.household_address, "residential_address": beneficiary.residential_address,
        "remarks": beneficiary.remarks,
    }


def _assign(beneficiary: Beneficiary, clean: dict) -> None:
    cipher = pii()
    for field in ("name", "gender", "age", "household_address", "residential_address", "remarks", "filler_name"):
        if field in clean:
            setattr(beneficiary, field, clean[field])
    if "phone" in clean:
        beneficiary.phone_enc = cipher.encrypt(clean["phone"], context=PHONE_CONTEXT)
    if "filler_phone" in clean:
        beneficiary.filler_phone_enc = cipher.encrypt(clean["filler_phone"], context=FILLER_PHONE_CONTEXT)
    if "id_card_number" in clean:
        beneficiary.id_card_enc = cipher.encrypt(clean["id_card_number"], context=ID_CARD_CONTEXT)
        beneficiary.id_card_index = id_card_index(clean["id_card_number"])
    for key in ("category", "political_status", "self_care_level", "living_status"):
        if key in clean:
            setattr(beneficiary, f"{key}_id", clean[key].id if clean[key] is not None else None)
    if "household_street" in clean:
        beneficiary.household_street_id = clean["household_street"].id
    if "community" in clean:
        beneficiary.community_id = clean["community"].id
        beneficiary.region_path = clean["community"].path


def _outside_street() -> InvalidInput:
    message = "所在社区须在本社工站所在街道内"
    return InvalidInput(message, errors={"community_code": [message]})


def _station_for(actor: Actor, community: Region) -> int:
    """The station entering the record: the actor's station whose street holds the community. A platform
    administrator enters for the street's station."""
    for grant in actor.grants_for("beneficiary.manage"):
        if community.path.startswith(grant.region_path):
            return grant.organisation_id
    if actor.is_platform_admin:
        station_id = db.session.scalar(sa.select(Organisation.id).where(
            Organisation.kind == OrgKind.STATION, Organisation.region_id == community.parent_id,
            Organisation.is_active.is_(True)).order_by(Organisation.id).limit(1))
        if station_id is not None:
            return station_id
        message = "该社区所在街道尚无社工站"
        raise InvalidInput(message, errors={"community_code": [message]})
    raise _outside_street()


def _move(beneficiary: Beneficiary, action: str, actor: Actor, reason: str | None = None) -> None:
    events.apply(BENEFICIARY, beneficiary, SUBJECT, action, actor_id=actor.user_id, reason=reason)
    if beneficiary.status != BeneficiaryStatus.REJECTED:
        beneficiary.status_reason = None  # the reason belongs to the rejection it explained
    db.session.flush()


def _review(actor: Actor, beneficiary_id: int, action: str, reason: str | None) -> Beneficiary:
    beneficiary = beneficiary_for(actor, "beneficiary.review", beneficiary_id, lock=True)
    _move(beneficiary, action, actor, reason)
    approved = action == "approve"
    publish("beneficiary.reviewed", (SUBJECT, beneficiary.id),
            {"title": _title(beneficiary), "submitter_id": beneficiary.created_by_id,
             "result": "通过" if approved else "不通过",
             "reason": "" if approved else f"原因：{beneficiary.status_reason}",
             "region_path": beneficiary.region_path},
            key=f"{action}:{_round(beneficiary.id)}")
    return beneficiary


def _round(beneficiary_id: int) -> int:
    """Which submission this is (1 + resubmissions): keeps each round's notifications apart."""
    resubmits = db.session.scalar(sa.select(sa.func.count()).select_from(TimebankEvent).where(
        TimebankEvent.subject_type == SUBJECT, TimebankEvent.subject_id == beneficiary_id,
        TimebankEvent.action == "resubmit"))
    return 1 + (resubmits or 0)


def _title(beneficiary: Beneficiary) -> str:
    # Notifications leave the platform through WeChat: the name is masked there.
    return f"服务对象{mask_name(beneficiary.name)}"


def _publish_submitted(beneficiary: Beneficiary, round_: int) -> None:
    publish("beneficiary.submitted", (SUBJECT, beneficiary.id),
            {"title": _title(beneficiary), "region_path": beneficiary.region_path}, key=f"submit:{round_}")


def owning_station_ids(actor) -> set[int]:
    """The stations whose staff the actor is: they alone see a beneficiary's clear ID number and phone,
    and its proof images."""
    grants_for = getattr(actor, "grants_for", None)
    return {g.organisation_id for g in grants_for("beneficiary.manage")} if grants_for else set()


def _may_read_proof(actor, beneficiary_id: int) -> bool:
    stations = owning_station_ids(actor)
    if not stations:
        return False
    station_id = db.session.scalar(sa.select(Beneficiary.station_id).where(
        Beneficiary.id == beneficiary_id, Beneficiary.deleted_at.is_(None)))
    return station_id in stations


# Proof images (ID cards, subsistence certificates) are read by the owning station's staff; the uploads
# module adds their uploader and platform administrators.
register_access_rule(UPLOAD_KIND, _may_read_proof)
