"""Reading applications and memberships: the service communities to choose from (public), a community's
application queue (its staff), my applications and my current community.

Each list is one query whatever its page size (names joined in, no lazy loads), keyset-paginated on the id.
ID numbers and phones are always masked here: the reviewing staff decide on the name, work unit and the
masked number; nobody reads a clear ID number through the API.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import Organisation, OrgKind, Region, RegionLevel, User
from app.accounts.policy import Actor, authorize
from app.accounts.wechat_login import PHONE_CONTEXT
from app.community.errors import community_not_found
from app.community.membership import APPLICATION_ID_CARD_CONTEXT, PERMISSION, application_not_found
from app.community.models import ApplicationStatus, CommunityApplication, CommunityVolunteer
from app.community.states import APPLICATION_STATUS_LABELS
from app.core.crypto import mask_id_card, mask_phone
from app.core.errors import Forbidden, InvalidInput, NotFound
from app.core.runtime import pii
from app.extensions import db

MY_APPLICATIONS_MAX = 50


def _page(rows: list, limit: int, present) -> dict:
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [present(r) for r in rows], "next_before_id": rows[-1].id if more and rows else None}


# --- service communities (public) ---------------------------------------------------------------------------

def service_communities(*, region: str | None, name: str | None, after_id: int | None, limit: int) -> dict:
    """社区列表 to apply to: active community offices at community-level regions, inside `region` (a district
    or street code) and whose name contains `name`; in id order, `after_id` for the next page."""
    street = aliased(Region)
    district = aliased(Region)
    query = (sa.select(Organisation.id, Organisation.name, Region.code.label("region_code"),
                       Region.name.label("region_name"), street.name.label("street_name"),
                       district.name.label("district_name"))
             .join(Region, Region.id == Organisation.region_id)
             .outerjoin(street, street.id == Region.parent_id)
             .outerjoin(district, district.id == street.parent_id)
             .where(Organisation.kind == OrgKind.COMMUNITY, Organisation.is_active.is_(True),
                    Region.level == RegionLevel.COMMUNITY))
    if region:
        path = db.session.scalar(sa.select(Region.path).where(Region.code == region))
        if path is None:
            raise InvalidInput("区域不存在", errors={"region": ["区域不存在"]})
        query = query.where(Region.path.startswith(path))
    if name:
        query = query.where(Organisation.name.contains(name.strip(), autoescape=True))
    if after_id:
        query = query.where(Organisation.id > after_id)
    rows = db.session.execute(query.order_by(Organisation.id).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [{"id": r.id, "name": r.name, "region": {"code": r.region_code, "name": r.region_name},
                       "street_name": r.street_name, "district_name": r.district_name} for r in rows],
            "next_after_id": rows[-1].id if more and rows else None}


# --- the community's queue ----------------------------------------------------------------------------------

def community_applications(actor: Actor, *, organisation_id: int | None, status: ApplicationStatus | None,
                           before_id: int | None, limit: int) -> dict:
    """志愿者申请审核 list of one community (newest first): the applicant's name, masked phone and ID number,
    work unit, party membership, and the community they would move from."""
    community_id = _queue_community(actor, organisation_id)
    current = aliased(Organisation)
    query = (sa.select(CommunityApplication.id, CommunityApplication.user_id, CommunityApplication.real_name,
                       CommunityApplication.id_card_enc, CommunityApplication.work_unit,
                       CommunityApplication.is_party_member, CommunityApplication.status,
                       CommunityApplication.status_reason, CommunityApplication.created_at,
                       CommunityApplication.decided_at, CommunityApplication.community_id,
                       Organisation.name.label("community_name"), User.phone_enc,
                       current.id.label("current_id"), current.name.label("current_name"))
             .join(Organisation, Organisation.id == CommunityApplication.community_id)
             .join(User, User.id == CommunityApplication.user_id)
             .outerjoin(CommunityVolunteer, CommunityVolunteer.user_id == CommunityApplication.user_id)
             .outerjoin(current, current.id == CommunityVolunteer.community_id)
             .where(CommunityApplication.community_id == community_id))
    if status is not None:
        query = query.where(CommunityApplication.status == status)
    if before_id:
        query = query.where(CommunityApplication.id < before_id)
    rows = db.session.execute(query.order_by(CommunityApplication.id.desc()).limit(limit + 1)).all()
    cipher = pii()

    def present(r) -> dict:
        row = _present(r, cipher)
        row["applicant"] = {"user_id": r.user_id, "real_name": r.real_name,
                            "phone": mask_phone(cipher.decrypt(r.phone_enc, context=PHONE_CONTEXT))
                            if r.phone_enc else None}
        row["current_community"] = ({"id": r.current_id, "name": r.current_name}
                                    if r.current_id is not None else None)
        return row

    return _page(rows, limit, present)


def _queue_community(actor: Actor, organisation_id: int | None) -> int:
    """The community whose queue the actor reads: the one named (a platform admin must name one), or their
    only one. Another community's queue answers like a missing community."""
    if organisation_id is None:
        if actor.is_platform_admin:
            raise InvalidInput("请选择社区", errors={"organisation_id": ["请选择社区"]})
        ids = {grant.organisation_id for grant in actor.grants_for(PERMISSION)}
        if len(ids) != 1:
            raise InvalidInput("您属于多个社区，请选择社区", errors={"organisation_id": ["请选择社区"]})
        return ids.pop()
    missing = community_not_found()
    try:
        authorize(actor, PERMISSION, organisation_id=organisation_id)
    except NotFound as exc:
        raise missing from exc
    kind = db.session.scalar(sa.select(Organisation.kind).where(Organisation.id == organisation_id))
    if kind is not OrgKind.COMMUNITY:
        raise missing
    return organisation_id


# --- mine ---------------------------------------------------------------------------------------------------

def my_applications(actor: Actor) -> list[dict]:
    """我的申请, newest first (the last 50: a person applies a handful of times in all)."""
    rows = db.session.execute(_mine_query().where(CommunityApplication.user_id == actor.user_id)
                              .order_by(CommunityApplication.id.desc()).limit(MY_APPLICATIONS_MAX)).all()
    cipher = pii()
    return [_present(r, cipher) for r in rows]


def application_for(actor: Actor, application_id: int) -> dict:
    """One application as its applicant or the receiving community's staff see it."""
    row = db.session.execute(_mine_query().where(CommunityApplication.id == application_id)).first()
    if row is None:
        raise application_not_found()
    if row.user_id != actor.user_id:
        try:
            authorize(actor, PERMISSION, organisation_id=row.community_id)
        except (Forbidden, NotFound) as exc:  # any refusal looks like a missing application
            raise application_not_found() from exc
    return _present(row, pii())


def my_membership(actor: Actor) -> dict:
    """我的服务社区: the current community (or none) and the application waiting, if any."""
    member = db.session.execute(
        sa.select(CommunityVolunteer.joined_at, CommunityVolunteer.work_unit, CommunityVolunteer.is_party_member,
                  Organisation.id, Organisation.name, Region.code, Region.name.label("region_name"))
        .join(Organisation, Organisation.id == CommunityVolunteer.community_id)
        .join(Region, Region.id == Organisation.region_id)
        .where(CommunityVolunteer.user_id == actor.user_id)).first()
    pending = db.session.execute(_mine_query().where(
        CommunityApplication.user_id == actor.user_id,
        CommunityApplication.status == ApplicationStatus.PENDING)).first()
    return {
        "is_volunteer": member is not None,
        "community": ({"id": member.id, "name": member.name,
                       "region": {"code": member.code, "name": member.region_name}} if member else None),
        "joined_at": member.joined_at if member else None,
        "work_unit": member.work_unit if member else None,
        "is_party_member": member.is_party_member if member else None,
        "pending_application": _present(pending, pii()) if pending else None,
    }


def _mine_query() -> sa.Select:
    return (sa.select(CommunityApplication.id, CommunityApplication.user_id, CommunityApplication.real_name,
                      CommunityApplication.id_card_enc, CommunityApplication.work_unit,
                      CommunityApplication.is_party_member, CommunityApplication.status,
                      CommunityApplication.status_reason, CommunityApplication.created_at,
                      CommunityApplication.decided_at, CommunityApplication.community_id,
                      Organisation.name.label("community_name"))
            .join(Organisation, Organisation.id == CommunityApplication.community_id))


def _present(r, cipher) -> dict:
    return {
        "id": r.id, "community": {"id": r.community_id, "name": r.community_name},
        "real_name": r.real_name,
        "id_card_number": mask_id_card(cipher.decrypt(r.id_card_enc, context=APPLICATION_ID_CARD_CONTEXT)),
        "work_unit": r.work_unit, "is_party_member": r.is_party_member,
        "status": r.status, "status_label": APPLICATION_STATUS_LABELS[r.status], "status_reason": r.status_reason,
        "created_at": r.created_at, "decided_at": r.decided_at,
    }
