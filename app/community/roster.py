"""The volunteer roster (志愿者一栏) of a region for city, district and community admins, searchable by work
unit (seed 004 (二)2: from a volunteer's community, or through their work unit, an admin sees the volunteer
and the activities they joined), and each volunteer's own totals across every module (from the ledger)."""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, Region, User
from app.accounts.policy import Actor, allows
from app.accounts.wechat_login import PHONE_CONTEXT
from app.activities.models import Activity, ActivityAttendance, ActivitySignup, SignupStatus
from app.community.errors import community_not_found
from app.community.models import CommunityVolunteer
from app.community.statistics import inside_region, region_in_reach
from app.core.crypto import mask_phone
from app.core.errors import NotFound
from app.core.runtime import pii
from app.extensions import db
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType

PERMISSION = "community.view_volunteers"
VOLUNTEER_ACTIVITIES_MAX = 50
# What each cause of a credit is called where a volunteer reads their totals.
SOURCE_LABELS = {Cause.CERTIFICATION: "时间银行订单", Cause.ATTENDANCE: "社区活动", Cause.HELP_REQUEST: "公众求助",
                 Cause.RATING: "评分奖励", Cause.DONATION: "捐分", Cause.ADJUSTMENT: "人工调整"}
EARNING_CAUSES = (Cause.CERTIFICATION, Cause.ATTENDANCE, Cause.HELP_REQUEST, Cause.RATING)


def volunteer_not_found() -> NotFound:
    return NotFound("志愿者不存在", error="volunteer_not_found")


def _community_in_reach(actor: Actor, organisation_id: int) -> None:
    """The community named by a roster filter: a community organisation inside the caller's reach (their own,
    or one inside their district's or the city's region). Anything else answers like a missing community, so
    probing ids tells nothing about other organisations."""
    row = db.session.execute(sa.select(Organisation.kind, Region.path).join(Region, Region.id == Organisation.region_id)
                             .where(Organisation.id == organisation_id)).first()
    if row is None or row.kind is not OrgKind.COMMUNITY or not allows(actor, PERMISSION, region_path=row.path):
        raise community_not_found()


def _columns():
    return (CommunityVolunteer.user_id, User.real_name, User.phone_enc, CommunityVolunteer.work_unit,
            CommunityVolunteer.is_party_member, CommunityVolunteer.joined_at, CommunityVolunteer.region_path,
            Organisation.name.label("community_name"),
            sa.func.coalesce(LedgerAccount.services, 0).label("services"),
            sa.func.coalesce(LedgerAccount.hours, 0).label("hours"))


def _joined(query):
    return (query.select_from(CommunityVolunteer).join(User, User.id == CommunityVolunteer.user_id)
            .join(Organisation, Organisation.id == CommunityVolunteer.community_id)
            .outerjoin(LedgerAccount, sa.and_(LedgerAccount.owner_type == OwnerType.USER,
                                              LedgerAccount.owner_id == CommunityVolunteer.user_id)))


def _present(row) -> dict:
    return {"user_id": row.user_id, "real_name": row.real_name,
            "phone": mask_phone(pii().decrypt(row.phone_enc, context=PHONE_CONTEXT)) if row.phone_enc else None,
            "work_unit": row.work_unit, "is_party_member": row.is_party_member, "community_name": row.community_name,
            "joined_at": row.joined_at, "services": int(row.services), "hours": row.hours}


def roster(actor: Actor, *, region_code: str | None = None, organisation_id: int | None = None,
           work_unit: str | None = None, name: str | None = None, party_member: bool | None = None,
           before_id: int | None = None, limit: int = 20) -> dict:
    """The volunteers whose service community lies in the region (or who serve the community named), newest
    member id first (keyset on the user id), one query per page whatever its size."""
    query = _joined(sa.select(*_columns()))
    if organisation_id is not None:
        _community_in_reach(actor, organisation_id)
        query = query.where(CommunityVolunteer.community_id == organisation_id)
    if organisation_id is None or region_code:
        region = region_in_reach(actor, region_code, PERMISSION)
        query = query.where(inside_region(CommunityVolunteer.region_path, region.path))
    if work_unit:
        query = query.where(CommunityVolunteer.work_unit.contains(work_unit, autoescape=True))
    if name:
        query = query.where(User.real_name.contains(name, autoescape=True))
    if party_member is not None:
        query = query.where(CommunityVolunteer.is_party_member.is_(party_member))
    if before_id is not None:
        query = query.where(CommunityVolunteer.user_id < before_id)
    rows = db.session.execute(query.order_by(CommunityVolunteer.user_id.desc()).limit(limit + 1)).all()
    page = rows[:limit]
    return {"items": [_present(row) for row in page],
            "next_before_id": page[-1].user_id if len(rows) > limit else None}


def volunteer_detail(actor: Actor, user_id: int) -> dict:
    """A volunteer of a community in the caller's reach, with the activities they signed up to (newest first)
    and how each was confirmed; 404 for anyone else."""
    row = db.session.execute(_joined(sa.select(*_columns())).where(CommunityVolunteer.user_id == user_id)).first()
    if row is None or not allows(actor, PERMISSION, region_path=row.region_path):
        raise volunteer_not_found()
    activities = db.session.execute(
        sa.select(Activity.id, Activity.title, Activity.starts_at, Activity.ends_at, Activity.status,
                  ActivityAttendance.attended, ActivityAttendance.hours)
        .select_from(ActivitySignup).join(Activity, Activity.id == ActivitySignup.activity_id)
        .outerjoin(ActivityAttendance, sa.and_(ActivityAttendance.activity_id == ActivitySignup.activity_id,
                                               ActivityAttendance.volunteer_id == ActivitySignup.volunteer_id))
        .where(ActivitySignup.volunteer_id == user_id, ActivitySignup.status == SignupStatus.SIGNED_UP)
        .order_by(Activity.starts_at.desc(), Activity.id.desc()).limit(VOLUNTEER_ACTIVITIES_MAX)).all()
    return _present(row) | {"activities": [
        {"id": a.id, "title": a.title, "starts_at": a.starts_at, "ends_at": a.ends_at, "status": str(a.status),
         "attendance": ("unconfirmed" if a.attended is None else "attended" if a.attended else "absent"),
         "hours": a.hours} for a in activities]}


def my_totals(user_id: int) -> dict:
    """A volunteer's totals across every module, and by source, straight from their ledger entries: services,
    hours, points earned (credits of service and ratings, net of corrections) and the balance."""
    rows = db.session.execute(
        sa.select(LedgerTransfer.cause, sa.func.sum(LedgerEntry.services), sa.func.sum(LedgerEntry.hours),
                  sa.func.sum(LedgerEntry.amount))
        .select_from(LedgerEntry).join(LedgerTransfer, LedgerTransfer.id == LedgerEntry.transfer_id)
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .where(LedgerAccount.owner_type == OwnerType.USER, LedgerAccount.owner_id == user_id)
        .group_by(LedgerTransfer.cause)).all()
    by_cause = {cause: (int(services), Decimal(hours), int(points)) for cause, services, hours, points in rows}
    sources = [{"source": str(cause), "label": SOURCE_LABELS[cause], "services": services, "hours": hours,
                "points": points} for cause, (services, hours, points) in sorted(by_cause.items())]
    return {"services": sum(s for s, _, _ in by_cause.values()),
            "hours": sum((h for _, h, _ in by_cause.values()), Decimal(0)),
            "points_earned": sum(by_cause.get(cause, (0, 0, 0))[2] for cause in EARNING_CAUSES),
            "balance": sum(p for _, _, p in by_cause.values()),
            "by_source": sources}
