"""Joining a service community (志愿者申请, DOMAIN.md §5 "Joining"; seed 004 (一)3 and (二)1).

A signed-in person applies to a service community (服务社区: an active community office sitting at a
community-level region) with their real name, ID number, work unit and party membership; the community's
staff approve or reject it (with a reason); the applicant may withdraw it while it waits. Approval makes the
person that community's volunteer: it creates or replaces their one `CommunityVolunteer` row (moving = an
approved application to another community) and copies the form onto the person's profile, including
`User.service_community_id` (which only changes here: other code routes new activities by it).

Locks, always in this order so two use cases never wait on each other in a cycle:
  1. the applicant's `users` row — serialises one person's applications and every decision on them (a
     decision's notification inserts rows referencing the person, which takes a share lock on that row:
     taking it first in every use case is what keeps approve and reject from deadlocking);
  2. the application row.
The partial unique index `uq_community_applications_user_pending` (one pending application per person) is
the last word when two submissions race.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, Region, RegionLevel, User
from app.accounts.policy import Actor, authorize
from app.community import events, states
from app.community.models import ApplicationStatus, CommunityApplication, CommunityVolunteer
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.id_cards import id_card_index, parse_id_card
from app.core.persistence import insert_unique
from app.core.runtime import pii
from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.notify.publish import publish

SUBJECT = "community_application"
TRAIL = "application"  # the subject's name in the audit trail (app/community/events.py)
PERMISSION = "community.review_application"
# Encryption contexts: a ciphertext copied into another column does not decrypt there.
APPLICATION_ID_CARD_CONTEXT = "community_applications.id_card"
VOLUNTEER_ID_CARD_CONTEXT = "community_volunteers.id_card"
# The blind index context: the same number gives another index than in the time bank, so the two modules'
# tables cannot be joined on it.
ID_CARD_INDEX_CONTEXT = "community.id_card"

REAL_NAME_MIN, REAL_NAME_MAX = 2, 30
WORK_UNIT_MAX = 100
# The profile's rule for names (app/api/me/schemas.py): Chinese characters, letters, the middle dot of
# minority names (阿卜杜·热合曼) and spaces.
_NAME = re.compile(r"^[\u4e00-\u9fa5A-Za-z·\s]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FIELDS = ("community_id", "real_name", "id_card_number", "work_unit", "is_party_member")


class ApplicationPending(Conflict):
    error = "application_pending"
    message = "您已有一份待审核的申请，请等待社区审核或撤回后再申请"


class AlreadyMember(Conflict):
    error = "already_member"
    message = "您已是该社区的志愿者"


class IdCardInUse(Conflict):
    error = "id_card_in_use"
    # Says only that the number is taken: not whether it was applied with or registered, nor where.
    message = "该身份证号码已被使用，如有疑问请联系社区"


def application_not_found() -> NotFound:
    return NotFound("申请不存在或已被删除", error="application_not_found")


# --- the applicant ------------------------------------------------------------------------------------------

def apply(actor: Actor, values: dict) -> CommunityApplication:
    """志愿者申请: every field checked at once (422 naming each wrong one); one pending application per person
    (409); applying to the community one already serves is refused (409). The community's admins are told."""
    clean, community = check_form(values)
    _lock_person(actor.user_id)
    if _pending_id(actor.user_id) is not None:
        raise ApplicationPending()
    current = db.session.scalar(sa.select(CommunityVolunteer.community_id)
                                .where(CommunityVolunteer.user_id == actor.user_id))
    if current == community.id:
        raise AlreadyMember(f"您已是「{community.name}」的志愿者")
    index = id_card_index(clean["id_card_number"], context=ID_CARD_INDEX_CONTEXT)
    # One person, one account (DOMAIN.md): an ID number in another account's pending or approved application
    # is refused. A check, not a constraint (two accounts racing with one number could both pass): a unique
    # index cannot express it, since rejected and withdrawn applications must not block the number.
    if _id_card_used_elsewhere(index, actor.user_id):
        raise IdCardInUse()
    application = CommunityApplication(
        user_id=actor.user_id, community_id=community.id, real_name=clean["real_name"],
        id_card_enc=pii().encrypt(clean["id_card_number"], context=APPLICATION_ID_CARD_CONTEXT),
        id_card_index=index, work_unit=clean["work_unit"], is_party_member=clean["is_party_member"],
        status=ApplicationStatus.PENDING)
    insert_unique(application, ApplicationPending())
    events.record(TRAIL, application.id, "submit", community_id=community.id, to_status=str(application.status),
                  actor_id=actor.user_id)
    publish("application.submitted", (SUBJECT, application.id), {
        "community_id": community.id, "applicant_name": application.real_name,
        "title": f"{application.real_name} 申请成为「{community.name}」志愿者"})
    return application


def withdraw(actor: Actor, application_id: int) -> CommunityApplication:
    """撤回: by the applicant, while the application waits; anyone else's application is "not found"."""
    application = _load(application_id)
    if application.user_id != actor.user_id:
        raise application_not_found()
    _lock_person(actor.user_id)
    application = _load(application_id, lock=True)
    _move(application, "withdraw", actor)
    application.decided_at = utcnow()
    return application


# --- the community's staff ----------------------------------------------------------------------------------

def approve(actor: Actor, application_id: int) -> CommunityApplication:
    """审核通过: the person becomes this community's volunteer (replacing any other community), and their
    profile takes the form's real name, work unit, party membership and the service community."""
    application, community = _for_staff(actor, application_id)
    _move(application, "approve", actor)
    now = utcnow()
    application.decided_by_id, application.decided_at = actor.user_id, now
    _make_member(application, community, now)
    _publish_decided(application, community, "审核通过", "")
    return application


def reject(actor: Actor, application_id: int, reason: str) -> CommunityApplication:
    """审核不通过, with the reason the applicant reads (查看原因)."""
    application, community = _for_staff(actor, application_id)
    _move(application, "reject", actor, reason)
    application.decided_by_id, application.decided_at = actor.user_id, utcnow()
    _publish_decided(application, community, "审核不通过", f"原因：{application.status_reason}")
    return application


# --- the form -----------------------------------------------------------------------------------------------

def check_form(values: dict) -> tuple[dict, Organisation]:
    """The clean values and the community, or InvalidInput naming every wrong field."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for name in FIELDS:
        if values.get(name) is None or (isinstance(values[name], str) and not values[name].strip()):
            errors[name] = ["该字段为必填项"]
    community = None
    if "community_id" not in errors:
        community = service_community(values["community_id"])
        if community is None:
            errors["community_id"] = ["该社区不存在或未开放志愿者申请"]
    if "real_name" not in errors:
        name = " ".join(str(values["real_name"]).split())
        if not REAL_NAME_MIN <= len(name) <= REAL_NAME_MAX:
            errors["real_name"] = [f"姓名长度应在 {REAL_NAME_MIN} 到 {REAL_NAME_MAX} 个字之间"]
        elif not _NAME.match(name):
            errors["real_name"] = ["姓名只能包含汉字、字母和间隔号"]
        clean["real_name"] = name
    if "id_card_number" not in errors:
        card, message = parse_id_card(str(values["id_card_number"]), today=utcnow().astimezone(SHANGHAI).date())
        if card is None:
            errors["id_card_number"] = [message]
        else:
            clean["id_card_number"] = card.number
    if "work_unit" not in errors:
        unit = str(values["work_unit"]).strip()
        if len(unit) > WORK_UNIT_MAX:
            errors["work_unit"] = [f"工作单位不能超过 {WORK_UNIT_MAX} 个字"]
        elif _CONTROL.search(unit):
            errors["work_unit"] = ["工作单位不能包含特殊字符"]
        clean["work_unit"] = unit
    if "is_party_member" not in errors:
        if not isinstance(values["is_party_member"], bool):
            errors["is_party_member"] = ["应为是或否"]
        clean["is_party_member"] = values["is_party_member"]
    if errors:
        raise InvalidInput(errors=errors)
    return clean, community


def service_community(organisation_id) -> Organisation | None:
    """The organisation if it is a service community people may join: an active community office at a
    community-level region (a community office at a district is that district's admin, not a community)."""
    if not isinstance(organisation_id, int) or isinstance(organisation_id, bool) or not 0 < organisation_id < 2**31:
        return None
    return db.session.scalar(
        sa.select(Organisation).join(Region, Region.id == Organisation.region_id)
        .where(Organisation.id == organisation_id, Organisation.kind == OrgKind.COMMUNITY,
               Organisation.is_active.is_(True), Region.level == RegionLevel.COMMUNITY))


# --- helpers ------------------------------------------------------------------------------------------------

def _move(application: CommunityApplication, action: str, actor: Actor, reason: str | None = None) -> None:
    events.apply(states.APPLICATION, application, TRAIL, action, actor_id=actor.user_id,
                 community_id=application.community_id, reason=reason)


def _load(application_id: int, *, lock: bool = False) -> CommunityApplication:
    query = sa.select(CommunityApplication).where(CommunityApplication.id == application_id)
    if lock:
        # populate_existing: a row already in the session is refreshed from the locked read, so the decision
        # is taken on the status another transaction may just have changed.
        query = query.with_for_update().execution_options(populate_existing=True)
    application = db.session.scalars(query).first()
    if application is None:
        raise application_not_found()
    return application


def _for_staff(actor: Actor, application_id: int) -> tuple[CommunityApplication, Organisation]:
    """The application locked for a decision, if the actor's community received it; else the same 404 as a
    missing one."""
    application = _load(application_id)
    try:
        authorize(actor, PERMISSION, organisation_id=application.community_id)
    except NotFound as exc:
        raise application_not_found() from exc
    _lock_person(application.user_id)
    application = _load(application_id, lock=True)
    return application, db.session.get(Organisation, application.community_id)


def _lock_person(user_id: int) -> None:
    """The person's row, locked (columns only: the ORM's eager joins cannot be locked on PostgreSQL)."""
    if db.session.execute(sa.select(User.id).where(User.id == user_id).with_for_update()).first() is None:
        raise NotFound("用户不存在", error="user_not_found")


def _pending_id(user_id: int) -> int | None:
    return db.session.scalar(sa.select(CommunityApplication.id).where(
        CommunityApplication.user_id == user_id, CommunityApplication.status == ApplicationStatus.PENDING))


def _id_card_used_elsewhere(index: str, user_id: int) -> bool:
    live = (ApplicationStatus.PENDING, ApplicationStatus.APPROVED)
    return db.session.scalar(sa.select(sa.exists().where(
        CommunityApplication.id_card_index == index, CommunityApplication.user_id != user_id,
        CommunityApplication.status.in_(live)))) or False


def _make_member(application: CommunityApplication, community: Organisation, now) -> None:
    """Create or replace the person's one membership, and copy the form onto their profile."""
    cipher = pii()
    number = cipher.decrypt(application.id_card_enc, context=APPLICATION_ID_CARD_CONTEXT)
    values = {"community_id": community.id, "region_path": community.region.path, "application_id": application.id,
              "id_card_enc": cipher.encrypt(number, context=VOLUNTEER_ID_CARD_CONTEXT),
              "work_unit": application.work_unit, "is_party_member": application.is_party_member, "joined_at": now}
    member = db.session.scalars(sa.select(CommunityVolunteer).where(CommunityVolunteer.user_id == application.user_id)
                                .with_for_update()).first()
    if member is None:
        db.session.add(CommunityVolunteer(user_id=application.user_id, **values))
    else:
        for name, value in values.items():
            setattr(member, name, value)
    db.session.execute(sa.update(User).where(User.id == application.user_id).values(
        real_name=application.real_name, work_unit=application.work_unit,
        is_party_member=application.is_party_member, service_community_id=community.region_id))
    db.session.flush()


def _publish_decided(application: CommunityApplication, community: Organisation, result: str, reason: str) -> None:
    publish("application.decided", (SUBJECT, application.id), {
        "user_ids": [application.user_id], "community_id": community.id,
        "title": f"申请加入「{community.name}」", "result": result, "reason": reason})
