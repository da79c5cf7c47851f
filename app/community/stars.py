"""Quarterly stars (团队之星 / 个人之星, seed 004 (五)2): computed by a beat job, adjustable by the association.

Regions: a star is awarded for the city, each district and each street (STAR_LEVELS). A community is too small
a pond for a quarterly star, and its page can show its street's.

个人之星 (star volunteer) of a region and quarter: among party members (`User.is_party_member`, active
accounts) whose current service community (`CommunityVolunteer.region_path`) lies inside the region, the one
with the most service hours confirmed in the quarter: the net hours of the ledger entries of their user account
whose transfer's cause is attendance, certification or a help request, booked inside the quarter (a
compensation 冲正 booked in the quarter counts against them). Ties: more services (net service count of the same
entries), then the earlier first credit in the quarter, then the lower user id.

团队之星 (star team): among active communities and volunteer-service organisations, the one whose activities
held inside the region got the most attended hours confirmed in the quarter (`ActivityAttendance.confirmed_at`,
attended rows). Ties: more attended rows, then the earlier first confirmation, then the lower organisation id.

The job is two INSERT … SELECT … ON CONFLICT statements (one per kind, every region at once, ranked by a
window function) and one DELETE of computed rows that lost their winner, in the caller's one transaction. An
association override (`overridden_by_id` set) is skipped by the upsert's WHERE and by the DELETE, so the job
never replaces one; PostgreSQL re-checks both conditions on the newest row version, so an override committed
while the job waits on its row survives too. No hours in a region → no row.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, Region, RegionLevel, User
from app.accounts.policy import Actor, authorize
from app.activities.models import Activity, ActivityAttendance
from app.community import events, quarters
from app.community.models import CommunityVolunteer, StarAward, StarKind
from app.core.errors import InvalidInput, NotFound
from app.core.persistence import upsert_insert
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType

STAR_LEVELS = (RegionLevel.CITY, RegionLevel.DISTRICT, RegionLevel.STREET)
SERVICE_CAUSES = (Cause.ATTENDANCE, Cause.CERTIFICATION, Cause.HELP_REQUEST)
TEAM_KINDS = (OrgKind.COMMUNITY, OrgKind.VOLUNTEER_ORG)
CITATION_MAX = 200
# The audit trail (app/community/events.py) follows a star's row: set by the association or by the job.
TRAIL, OVERRIDDEN, COMPUTED = "star", "overridden", "computed"
AWARDS = StarAward.__table__
_COLUMNS = ["quarter", "region_id", "kind", "organisation_id", "user_id", "hours", "computed_at"]


def _star_regions():
    return sa.select(Region.id, Region.path).where(Region.level.in_(STAR_LEVELS)).subquery("star_regions")


def _window(start: datetime, end: datetime, column) -> sa.ColumnElement:
    return sa.and_(column >= sa.literal(start, UTCDateTime), column < sa.literal(end, UTCDateTime))


def _volunteer_totals(start: datetime, end: datetime, user_id: int | None = None):
    """Per user: net hours and services of their service credits booked in [start, end), and the first one."""
    entries, accounts, transfers = LedgerEntry.__table__, LedgerAccount.__table__, LedgerTransfer.__table__
    query = (sa.select(accounts.c.owner_id.label("user_id"), sa.func.sum(entries.c.hours).label("hours"),
                       sa.func.sum(entries.c.services).label("services"),
                       sa.func.min(sa.case((entries.c.hours > 0, entries.c.created_at))).label("first_at"))
             .select_from(entries).join(accounts, accounts.c.id == entries.c.account_id)
             .join(transfers, transfers.c.id == entries.c.transfer_id)
             .where(accounts.c.owner_type == OwnerType.USER.value,
                    transfers.c.cause.in_([c.value for c in SERVICE_CAUSES]), entries.c.hours != 0,
                    _window(start, end, entries.c.created_at))
             .group_by(accounts.c.owner_id))
    if user_id is not None:
        query = query.where(accounts.c.owner_id == user_id)
    return query.subquery("volunteer_totals")


def _ranked_volunteers(start: datetime, end: datetime, *, user_id: int | None = None, region_id: int | None = None):
    totals, regions = _volunteer_totals(start, end, user_id), _star_regions()
    volunteers, users = CommunityVolunteer.__table__, User.__table__
    rank = sa.func.row_number().over(partition_by=regions.c.id, order_by=(
        totals.c.hours.desc(), totals.c.services.desc(), totals.c.first_at.asc(), totals.c.user_id.asc()))
    query = (sa.select(regions.c.id.label("region_id"), totals.c.user_id, totals.c.hours, rank.label("rank"))
             .select_from(totals).join(users, users.c.id == totals.c.user_id)
             .join(volunteers, volunteers.c.user_id == totals.c.user_id)
             .join(regions, volunteers.c.region_path.startswith(regions.c.path))
             .where(users.c.is_party_member.is_(True), users.c.is_active.is_(True), totals.c.hours > 0))
    if region_id is not None:
        query = query.where(regions.c.id == region_id)
    return query.subquery("ranked_volunteers")


def _ranked_teams(start: datetime, end: datetime, *, organisation_id: int | None = None,
                  region_id: int | None = None):
    attendances, activities, organisations = (ActivityAttendance.__table__, Activity.__table__,
                                              Organisation.__table__)
    regions = _star_regions()
    org_id = activities.c.publisher_org_id
    hours = sa.func.sum(attendances.c.hours)
    services = sa.func.count(attendances.c.id)
    first_at = sa.func.min(attendances.c.confirmed_at)
    rank = sa.func.row_number().over(partition_by=regions.c.id,
                                     order_by=(hours.desc(), services.desc(), first_at.asc(), org_id.asc()))
    query = (sa.select(regions.c.id.label("region_id"), org_id.label("organisation_id"), hours.label("hours"),
                       rank.label("rank"))
             .select_from(attendances).join(activities, activities.c.id == attendances.c.activity_id)
             .join(organisations, organisations.c.id == org_id)
             .join(regions, activities.c.region_path.startswith(regions.c.path))
             .where(attendances.c.attended.is_(True), attendances.c.hours > 0,
                    _window(start, end, attendances.c.confirmed_at),
                    organisations.c.kind.in_([k.value for k in TEAM_KINDS]), organisations.c.is_active.is_(True))
             .group_by(regions.c.id, org_id))
    if organisation_id is not None:
        query = query.where(org_id == organisation_id)
    if region_id is not None:
        query = query.where(regions.c.id == region_id)
    return query.subquery("ranked_teams")


def _upsert_winners(quarter: str, kind: StarKind, ranked, subject: str, now: datetime) -> int:
    subjects = {"organisation_id": sa.null(), "user_id": sa.null()} | {subject: ranked.c[subject]}
    winners = sa.select(sa.literal(quarter, sa.String), ranked.c.region_id, sa.literal(kind.value, sa.String),
                        subjects["organisation_id"], subjects["user_id"], ranked.c.hours,
                        sa.literal(now, UTCDateTime)).where(ranked.c.rank == 1)
    insert = upsert_insert(StarAward).from_select(_COLUMNS, winners)
    insert = insert.on_conflict_do_update(
        index_elements=["quarter", "region_id", "kind"],
        set_={"organisation_id": insert.excluded.organisation_id, "user_id": insert.excluded.user_id,
              "hours": insert.excluded.hours, "computed_at": insert.excluded.computed_at, "citation": None},
        where=AWARDS.c.overridden_by_id.is_(None))
    return len(db.session.execute(insert.returning(AWARDS.c.id)).all())


def compute_stars(quarter: str, *, now: datetime | None = None) -> dict:
    """Compute (or recompute) every region's stars of an ended `quarter`; overrides stay. Returns the number
    of computed rows written per kind and of stale computed rows removed."""
    now = now or utcnow()
    if not quarters.has_ended(quarter, now):
        raise InvalidInput("只能评选已结束的季度", errors={"quarter": ["该季度尚未结束"]})
    start, end = quarters.bounds(quarter)
    written = {
        "volunteer": _upsert_winners(quarter, StarKind.VOLUNTEER, _ranked_volunteers(start, end), "user_id", now),
        "team": _upsert_winners(quarter, StarKind.TEAM, _ranked_teams(start, end), "organisation_id", now),
    }
    # Rows this run did not write lost their winner (hours reclaimed, a member moved away): no hours, no star.
    removed = db.session.execute(sa.delete(AWARDS).where(
        AWARDS.c.quarter == quarter, AWARDS.c.overridden_by_id.is_(None),
        AWARDS.c.computed_at != sa.literal(now, UTCDateTime))).rowcount
    return written | {"removed": removed}


def star_region(actor: Actor, region_code: str) -> Region:
    region = db.session.scalar(sa.select(Region).where(Region.code == region_code))
    if region is None or region.level not in STAR_LEVELS:
        raise NotFound("区域不存在或不评选之星（评选市、区、街道三级）", error="region_not_found")
    authorize(actor, "showcase.manage", region_path=region.path)
    return region


def _eligible_volunteer(user_id: int | None, region: Region, start: datetime, end: datetime) -> Decimal:
    """A party member whose service community lies inside the region; their hours in the quarter there."""
    inside = db.session.scalar(
        sa.select(User.id).join(CommunityVolunteer, CommunityVolunteer.user_id == User.id)
        .where(User.id == user_id, User.is_active.is_(True), User.is_party_member.is_(True),
               CommunityVolunteer.region_path.startswith(region.path))) if user_id else None
    if inside is None:
        raise InvalidInput("个人之星须为服务社区在本区域内的党员志愿者",
                           errors={"user_id": ["须为服务社区在本区域内的党员志愿者"]})
    ranked = _ranked_volunteers(start, end, user_id=user_id, region_id=region.id)
    return db.session.scalar(sa.select(ranked.c.hours)) or Decimal(0)


def _eligible_team(organisation_id: int | None, region: Region, start: datetime, end: datetime) -> Decimal:
    """An active community or volunteer-service organisation inside the region; its hours there."""
    org = db.session.get(Organisation, organisation_id) if organisation_id else None
    if org is None or not org.is_active or org.kind not in TEAM_KINDS or not org.region.path.startswith(region.path):
        raise InvalidInput("团队之星须为本区域内正常状态的社区或志愿服务组织",
                           errors={"organisation_id": ["须为本区域内正常状态的社区或志愿服务组织"]})
    ranked = _ranked_teams(start, end, organisation_id=organisation_id, region_id=region.id)
    return db.session.scalar(sa.select(ranked.c.hours)) or Decimal(0)


def override_star(actor: Actor, quarter: str, region_code: str, kind: StarKind, *, citation: str,
                  user_id: int | None = None, organisation_id: int | None = None,
                  now: datetime | None = None) -> StarAward:
    """之星调整 (the association, inside its region): make a volunteer or an organisation the star of an ended
    quarter, with a citation (推荐理由). Later runs of the job keep it."""
    now = now or utcnow()
    quarters.parse(quarter)
    region = star_region(actor, region_code)
    if not quarters.has_ended(quarter, now):
        raise InvalidInput("只能调整已结束季度的之星", errors={"quarter": ["该季度尚未结束"]})
    citation = (citation or "").strip()
    errors = {}
    if not citation or len(citation) > CITATION_MAX:
        errors["citation"] = [f"请填写推荐理由（不超过 {CITATION_MAX} 字）"]
    wrong = "organisation_id" if kind is StarKind.VOLUNTEER else "user_id"
    if (organisation_id if kind is StarKind.VOLUNTEER else user_id) is not None:
        errors[wrong] = ["个人之星请填写 user_id，团队之星请填写 organisation_id"]
    if errors:
        raise InvalidInput(errors=errors)
    start, end = quarters.bounds(quarter)
    if kind is StarKind.VOLUNTEER:
        hours = _eligible_volunteer(user_id, region, start, end)
    else:
        hours = _eligible_team(organisation_id, region, start, end)
    insert = upsert_insert(StarAward).values(
        quarter=quarter, region_id=region.id, kind=kind.value, user_id=user_id, organisation_id=organisation_id,
        hours=hours, citation=citation, overridden_by_id=actor.user_id, computed_at=now)
    # One atomic statement: a concurrent job run waits on the row and then sees the override.
    insert = insert.on_conflict_do_update(
        index_elements=["quarter", "region_id", "kind"],
        set_={name: insert.excluded[name] for name in ("user_id", "organisation_id", "hours", "citation",
                                                        "overridden_by_id", "computed_at")})
    before = db.session.scalar(sa.select(AWARDS.c.overridden_by_id.is_not(None)).where(
        AWARDS.c.quarter == quarter, AWARDS.c.region_id == region.id, AWARDS.c.kind == kind.value))
    award_id = db.session.execute(insert.returning(AWARDS.c.id)).scalar_one()
    events.record(TRAIL, award_id, "override", community_id=None, actor_id=actor.user_id, reason=citation,
                  from_status=None if before is None else (OVERRIDDEN if before else COMPUTED), to_status=OVERRIDDEN)
    return db.session.scalars(sa.select(StarAward).where(StarAward.id == award_id)
                              .execution_options(populate_existing=True)).one()


def clear_override(actor: Actor, quarter: str, region_code: str, kind: StarKind, *,
                   now: datetime | None = None) -> StarAward | None:
    """撤销调整: the star of that quarter, region and kind goes back to the computed one (recomputed at once);
    None when nobody has hours there."""
    now = now or utcnow()
    quarters.parse(quarter)
    region = star_region(actor, region_code)
    where = (AWARDS.c.quarter == quarter, AWARDS.c.region_id == region.id, AWARDS.c.kind == kind.value)
    cleared = db.session.execute(sa.update(AWARDS).where(*where, AWARDS.c.overridden_by_id.is_not(None))
                                 .values(overridden_by_id=None, citation=None).returning(AWARDS.c.id)).first()
    if cleared is None:
        raise NotFound("该之星没有人工调整", error="star_override_not_found")
    events.record(TRAIL, cleared.id, "clear_override", community_id=None, actor_id=actor.user_id,
                  from_status=OVERRIDDEN, to_status=COMPUTED)
    compute_stars(quarter, now=now)
    return db.session.scalars(sa.select(StarAward).where(*where).execution_options(populate_existing=True)).first()
