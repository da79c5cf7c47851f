"""Statistics (统计) for city, district and community admins: volunteers, services and hours, activities and
help requests inside a region, in total, by child region and by work unit — all of them narrowed to one work
unit's volunteers when one is asked for.

Everything is a handful of set-based queries on region-path prefixes (`community_volunteers.region_path`,
`activities.region_path`, `help_requests.region_path`, each with a text_pattern_ops index), never a loop over
volunteers. A volunteer's services and hours are the cached totals of their ledger account, which every
module books into (time-bank certifications, activity attendance, help requests), so the figures here are
those of the whole platform for the volunteers of the region.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Region
from app.accounts.policy import Actor, allows
from app.activities.models import Activity, ActivitySignup, SignupStatus
from app.activities.states import ACTIVITY_STATUS_LABELS
from app.community.models import CommunityVolunteer, HelpAssignment, HelpRequest
from app.community.states import HELP_REQUEST_STATUS_LABELS
from app.core.errors import NotFound
from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.ledger.models import LedgerAccount, OwnerType

PERMISSION = "community.view_stats"
WORK_UNITS_TOP = 20

_CV = CommunityVolunteer.__table__
_ACCOUNTS = LedgerAccount.__table__


def region_not_found() -> NotFound:
    return NotFound("区域不存在", error="region_not_found")


def region_in_reach(actor: Actor, region_code: str | None, permission: str = PERMISSION) -> Region:
    """The region asked for (default: the caller's own organisation's region, the city for a platform
    administrator); 404 when it does not exist or lies outside the caller's reach."""
    if region_code:
        region = db.session.scalar(sa.select(Region).where(Region.code == region_code))
        if region is None or not allows(actor, permission, region_path=region.path):
            raise region_not_found()
        return region
    if actor.is_platform_admin:
        region = db.session.scalars(sa.select(Region).where(Region.parent_id.is_(None)).order_by(Region.id)).first()
    else:
        paths = sorted(g.region_path for g in actor.grants_for(permission))
        region = db.session.scalar(sa.select(Region).where(Region.path == paths[0])) if paths else None
    if region is None:  # no regions loaded yet, or a grant without one
        raise region_not_found()
    return region


def month_start(now: datetime | None = None) -> datetime:
    """The start of the current calendar month in Beijing time ("new this month")."""
    local = (now or utcnow()).astimezone(SHANGHAI)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def inside_region(column, path: str):
    return column.like(path.replace("%", r"\%").replace("_", r"\_") + "%", escape="\\")


def _volunteer_figures(since: datetime):
    return [sa.func.count(_CV.c.id).label("volunteers"),
            sa.func.count(_CV.c.id).filter(_CV.c.is_party_member.is_(True)).label("party_members"),
            sa.func.count(_CV.c.id).filter(_CV.c.joined_at >= since).label("new_this_month"),
            sa.func.coalesce(sa.func.sum(_ACCOUNTS.c.services), 0).label("services"),
            sa.func.coalesce(sa.func.sum(_ACCOUNTS.c.hours), 0).label("hours")]


def _volunteers_with_totals():
    return _CV.outerjoin(_ACCOUNTS, sa.and_(_ACCOUNTS.c.owner_type == OwnerType.USER.value,
                                            _ACCOUNTS.c.owner_id == _CV.c.user_id))


def _children(region: Region):
    return sa.select(Region.id, Region.code, Region.name, Region.path).where(Region.parent_id == region.id).subquery()


def _status_counts(table, path: str, labels: dict, *where) -> dict:
    rows = db.session.execute(sa.select(table.c.status, sa.func.count())
                              .where(inside_region(table.c.region_path, path), *where)
                              .group_by(table.c.status)).all()
    counts = dict.fromkeys(labels, 0) | dict(rows)
    return {"total": sum(counts.values()),
            "by_status": [{"status": str(s), "label": labels[s], "count": counts[s]} for s in labels]}


def _by_child(region: Region, table, *columns, where=()) -> dict[int, tuple]:
    children = _children(region)
    rows = db.session.execute(sa.select(children.c.id, *columns)
                              .select_from(children.join(table, _inside_expr(table.c.region_path, children.c.path)))
                              .where(*where).group_by(children.c.id)).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def _inside_expr(column, path_column):
    # Region paths are digits and slashes: no LIKE wildcard can occur in them.
    return column.like(path_column + "%")


def _work_unit_scope(work_unit: str | None) -> tuple[list, list, list]:
    """With a work unit asked for, every figure counts only that unit's volunteers (those whose work unit
    contains the text): conditions on the volunteers, and on the activities and help requests — those one
    of them holds a live sign-up to, or was assigned to. Without one, no conditions."""
    if not work_unit:
        return [], [], []
    of_unit = sa.select(_CV.c.user_id).where(_CV.c.work_unit.contains(work_unit, autoescape=True))
    activities = sa.exists().where(ActivitySignup.activity_id == Activity.id,
                                   ActivitySignup.status == SignupStatus.SIGNED_UP,
                                   ActivitySignup.volunteer_id.in_(of_unit))
    help_requests = sa.exists().where(HelpAssignment.request_id == HelpRequest.id,
                                      HelpAssignment.volunteer_id.in_(of_unit))
    return [_CV.c.work_unit.contains(work_unit, autoescape=True)], [activities], [help_requests]


def region_statistics(actor: Actor, region_code: str | None = None, *, work_unit: str | None = None,
                      now: datetime | None = None) -> dict:
    """The figures of a region in the caller's reach: totals, each child region, the top work units. With
    `work_unit`, every figure narrows to the volunteers whose work unit contains it (_work_unit_scope)."""
    region = region_in_reach(actor, region_code)
    since = month_start(now)
    figures = _volunteer_figures(since)
    joined = _volunteers_with_totals()
    of_unit, activity_scope, help_scope = _work_unit_scope(work_unit)
    total = db.session.execute(sa.select(*figures).select_from(joined)
                               .where(inside_region(_CV.c.region_path, region.path), *of_unit)).one()

    children = _children(region)
    # The unit's condition goes into the outer join, so a child without such volunteers still shows, at zero.
    per_child = db.session.execute(
        sa.select(children.c.id, *figures)
        .select_from(children.outerjoin(joined, sa.and_(_inside_expr(_CV.c.region_path, children.c.path),
                                                        *of_unit)))
        .group_by(children.c.id)).all()
    activities = _by_child(region, Activity.__table__, sa.func.count(), where=activity_scope)
    help_requests = _by_child(region, HelpRequest.__table__, sa.func.count(), where=help_scope)
    names = {row.id: row for row in db.session.execute(sa.select(children)).all()}

    units = (sa.select(_CV.c.work_unit, *figures).select_from(joined)
             .where(inside_region(_CV.c.region_path, region.path), *of_unit))
    units = (units.group_by(_CV.c.work_unit)
             .order_by(sa.func.count(_CV.c.id).desc(), _CV.c.work_unit).limit(WORK_UNITS_TOP))
    return {
        "region": {"code": region.code, "name": region.name, "level": str(region.level)},
        "work_unit": work_unit or None,
        "month_start": since,
        "totals": _figures(total) | {
            "activities": _status_counts(Activity.__table__, region.path, ACTIVITY_STATUS_LABELS, *activity_scope),
            "help_requests": _status_counts(HelpRequest.__table__, region.path, HELP_REQUEST_STATUS_LABELS,
                                            *help_scope)},
        "children": sorted(({"code": names[row.id].code, "name": names[row.id].name} | _figures(row)
                            | {"activities": activities.get(row.id, (0,))[0],
                               "help_requests": help_requests.get(row.id, (0,))[0]}
                            for row in per_child), key=lambda child: child["code"]),
        "work_units": [{"work_unit": row.work_unit} | _figures(row) for row in db.session.execute(units).all()],
    }


def _figures(row) -> dict:
    return {"volunteers": row.volunteers, "party_members": row.party_members, "new_this_month": row.new_this_month,
            "services": int(row.services), "hours": row.hours}

