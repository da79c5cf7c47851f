"""Reading beneficiaries: the library list (服务对象库 / 服务对象审核 tabs), the detail page and the review
history, with personal information in clear only for the owning station's staff."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.accounts.models import Gender, User
from app.accounts.policy import Actor, region_paths
from app.core.crypto import mask_id_card, mask_phone
from app.core.runtime import pii
from app.extensions import db
from app.timebank.access import beneficiary_for
from app.timebank.beneficiaries import (
    EDITABLE,
    FILLER_PHONE_CONTEXT,
    ID_CARD_CONTEXT,
    PHONE_CONTEXT,
    SUBJECT,
    UPLOAD_KIND,
    owning_station_ids,
)
from app.timebank.models import Beneficiary, BeneficiaryStatus, TimebankEvent
from app.timebank.states import ACTION_LABELS, BENEFICIARY, actions_from
from app.uploads.services import attached_uploads

STATUS_LABELS = {BeneficiaryStatus.PENDING: "待审核", BeneficiaryStatus.ACTIVE: "启用中",
                 BeneficiaryStatus.DISABLED: "已禁用", BeneficiaryStatus.REJECTED: "审核不通过"}
_CATALOGUES = ("category", "political_status", "self_care_level", "living_status")
# Everything a list row or the detail page shows, in the one SELECT (their relationships raise if lazy-loaded).
_EAGER = [joinedload(getattr(Beneficiary, key)) for key in _CATALOGUES] + [
    joinedload(Beneficiary.household_street), joinedload(Beneficiary.community)]


def list_beneficiaries(actor: Actor, *, name: str | None = None, gender: Gender | None = None,
                       status: BeneficiaryStatus | None = None, page: int = 1,
                       page_size: int = 10) -> tuple[list[dict], int]:
    """One page of the beneficiaries inside the actor's streets, newest change first, and the total: two
    queries whatever the page size."""
    conditions = [Beneficiary.deleted_at.is_(None)]
    paths = region_paths(actor, "beneficiary.manage")
    if paths is not None:
        conditions.append(sa.or_(sa.false(), *[Beneficiary.region_path.startswith(p) for p in paths]))
    if name:
        conditions.append(Beneficiary.name.icontains(name.strip(), autoescape=True))
    if gender is not None:
        conditions.append(Beneficiary.gender == gender)
    if status is not None:
        conditions.append(Beneficiary.status == status)
    total = db.session.scalar(sa.select(sa.func.count(Beneficiary.id)).where(*conditions))
    rows = db.session.scalars(
        sa.select(Beneficiary).options(*_EAGER).where(*conditions)
        .order_by(Beneficiary.updated_at.desc(), Beneficiary.id.desc())
        .limit(page_size).offset((page - 1) * page_size)).unique()
    stations = owning_station_ids(actor)
    return [_row(b, b.station_id in stations) for b in rows], total or 0


def beneficiary_detail(actor: Actor, beneficiary_id: int) -> dict:
    """Every field of the form, the proof images and what may happen next."""
    beneficiary_for(actor, "beneficiary.manage", beneficiary_id)
    beneficiary = db.session.scalars(
        sa.select(Beneficiary).options(*_EAGER, joinedload(Beneficiary.station))
        .where(Beneficiary.id == beneficiary_id).execution_options(populate_existing=True)).unique().one()
    clear = beneficiary.station_id in owning_station_ids(actor)
    cipher = pii()
    phone = cipher.decrypt(beneficiary.phone_enc, context=PHONE_CONTEXT)
    filler_phone = cipher.decrypt(beneficiary.filler_phone_enc, context=FILLER_PHONE_CONTEXT)
    actions = actions_from(BENEFICIARY, beneficiary.status)
    if beneficiary.status in EDITABLE:
        actions.append("edit")
    return _row(beneficiary, clear) | {
        "phone": phone if clear else mask_phone(phone),
        "filler_phone": filler_phone if clear else mask_phone(filler_phone),
        "household_district": beneficiary.household_street.parent,
        "community": beneficiary.community,
        "household_address": beneficiary.household_address,
        "residential_address": beneficiary.residential_address,
        "remarks": beneficiary.remarks,
        "filler_name": beneficiary.filler_name,
        "station": beneficiary.station,
        "status_reason": beneficiary.status_reason,
        "created_by_id": beneficiary.created_by_id,
        "created_at": beneficiary.created_at,
        "proof_images": attached_uploads(UPLOAD_KIND, beneficiary.id),
        "actions": actions + ["delete"],
    }


def beneficiary_events(actor: Actor, beneficiary_id: int) -> list[dict]:
    """The review history (审核记录): who did what, when and why, oldest first."""
    beneficiary_for(actor, "beneficiary.manage", beneficiary_id)
    rows = db.session.execute(
        sa.select(TimebankEvent, User.real_name, User.username)
        .outerjoin(User, User.id == TimebankEvent.actor_id)
        .where(TimebankEvent.subject_type == SUBJECT, TimebankEvent.subject_id == beneficiary_id)
        .order_by(TimebankEvent.id))
    return [{"id": event.id, "action": event.action, "action_label": ACTION_LABELS.get(event.action, event.action),
             "from_status": event.from_status, "to_status": event.to_status, "actor_id": event.actor_id,
             "actor_name": real_name or username, "reason": event.reason, "at": event.at}
            for event, real_name, username in rows]


def _row(beneficiary: Beneficiary, clear: bool) -> dict:
    number = pii().decrypt(beneficiary.id_card_enc, context=ID_CARD_CONTEXT)
    return {
        "id": beneficiary.id, "name": beneficiary.name, "gender": beneficiary.gender, "age": beneficiary.age,
        "id_card_number": number if clear else mask_id_card(number), "pii_visible": clear,
        "household_street": beneficiary.household_street, "category": beneficiary.category,
        "living_status": beneficiary.living_status, "political_status": beneficiary.political_status,
        "self_care_level": beneficiary.self_care_level, "status": beneficiary.status,
        "status_label": STATUS_LABELS[beneficiary.status], "donated_points": beneficiary.donated_points,
        "updated_at": beneficiary.updated_at,
    }
