"""Reading activities: the public list (最新活动, filters by category, type, region, status, publisher), the
home's newest activities of each category (首页按分类显示最新的活动), one activity's detail, the publisher's
sign-up list (报名名单) and a volunteer's "my activities" (我的活动).

Each list is one query whatever its page size (names joined in, no lazy loads), keyset-paginated on the id
(newest first): a page never shifts when new activities arrive.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from app.accounts.models import Organisation, Region, User
from app.accounts.policy import Actor
from app.accounts.wechat_login import PHONE_CONTEXT
from app.activities.access import activity_for_publisher, load_activity
from app.activities.attendance_queries import STATE_LABELS, attendance_state
from app.activities.feedback import feedback_of
from app.activities.models import Activity, ActivityAttendance, ActivitySignup, ActivityStatus, SignupStatus
from app.activities.states import ACTIVITY_STATUS_LABELS, SIGNUP_STATUS_LABELS
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.core.crypto import mask_phone
from app.core.errors import InvalidInput
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.extensions import db

MY_TABS = ("ongoing", "ended")
TypeEntry = orm.aliased(CatalogueEntry, name="activity_type")
# The home's per-category lists leave cancelled activities out unless a status is asked for.
HOME_STATUSES = (ActivityStatus.RECRUITING, ActivityStatus.ENDED)


@dataclass(frozen=True)
class ActivityFilters:
    """The browse form: 类别 (catalogue code), 地域 (region code: anything inside it), 状态, 发布方, 类型."""
    category: str | None = None
    region: str | None = None
    status: ActivityStatus | None = None
    organisation_id: int | None = None
    type: str | None = None


def _columns():
    return (Activity.id, Activity.title, Activity.status, Activity.status_reason, Activity.place,
            Activity.latitude, Activity.longitude, Activity.starts_at, Activity.ends_at, Activity.headcount,
            Activity.signed_up_count, Activity.cover_upload_id, Activity.created_at, Activity.publisher_org_id,
            Activity.region_path, Organisation.name.label("publisher_name"),
            Organisation.kind.label("publisher_kind"), CatalogueEntry.code.label("category_code"),
            CatalogueEntry.name.label("category_name"), TypeEntry.code.label("type_code"),
            TypeEntry.name.label("type_name"), Region.code.label("region_code"),
            Region.name.label("region_name"))


def _joined(query):
    return (query.join(Organisation, Organisation.id == Activity.publisher_org_id)
            .join(CatalogueEntry, CatalogueEntry.id == Activity.category_id)
            .join(TypeEntry, TypeEntry.id == Activity.type_id)
            .join(Region, Region.id == Activity.region_id))


def _conditions(filters: ActivityFilters) -> list:
    conditions = []
    if filters.category:
        conditions.append(Activity.category_id.in_(sa.select(CatalogueEntry.id).where(
            CatalogueEntry.kind == CatalogueKind.ACTIVITY_CATEGORY, CatalogueEntry.code == filters.category)))
    if filters.type:
        conditions.append(Activity.type_id.in_(sa.select(CatalogueEntry.id).where(
            CatalogueEntry.kind == CatalogueKind.ACTIVITY_TYPE, CatalogueEntry.code == filters.type)))
    if filters.region:
        path = db.session.scalar(sa.select(Region.path).where(Region.code == filters.region))
        if path is None:
            raise InvalidInput("区域不存在", errors={"region": ["区域不存在"]})
        conditions.append(Activity.region_path.startswith(path))
    if filters.status:
        conditions.append(Activity.status == filters.status)
    if filters.organisation_id:
        conditions.append(Activity.publisher_org_id == filters.organisation_id)
    return conditions


def _code_exists(kind: CatalogueKind, code: str) -> bool:
    """Asked only when a filtered page came back empty: a page with an activity in it proves its category
    (or type) exists, so the busy path pays nothing for telling an unknown code from one with no activity."""
    return db.session.scalar(sa.select(sa.exists().where(CatalogueEntry.kind == kind, CatalogueEntry.code == code)))


def _refuse_unknown_codes(filters: ActivityFilters) -> None:
    if filters.category and not _code_exists(CatalogueKind.ACTIVITY_CATEGORY, filters.category):
        raise InvalidInput("活动类别不存在", errors={"category": ["不存在的活动类别代码"]})
    if filters.type and not _code_exists(CatalogueKind.ACTIVITY_TYPE, filters.type):
        raise InvalidInput("活动类型不存在", errors={"type": ["不存在的活动类型代码"]})


def present(row) -> dict:
    return {
        "id": row.id, "title": row.title, "status": row.status, "status_label": ACTIVITY_STATUS_LABELS[row.status],
        "status_reason": row.status_reason,
        "category": {"code": row.category_code, "name": row.category_name},
        "type": {"code": row.type_code, "name": row.type_name},
        "region": {"code": row.region_code, "name": row.region_name},
        "publisher": {"id": row.publisher_org_id, "name": row.publisher_name, "kind": row.publisher_kind},
        "place": row.place, "latitude": row.latitude, "longitude": row.longitude,
        "starts_at": row.starts_at, "ends_at": row.ends_at, "headcount": row.headcount,
        "signed_up_count": row.signed_up_count, "places_left": row.headcount - row.signed_up_count,
        "cover_upload_id": row.cover_upload_id, "created_at": row.created_at,
    }


def list_activities(filters: ActivityFilters, *, before_id: int | None = None, limit: int = 20,
                    where: list | None = None) -> dict:
    """One page of activities, newest first (`where`: extra conditions, e.g. those linked to a need)."""
    query = _joined(sa.select(*_columns())).where(*_conditions(filters), *(where or []))
    if before_id is not None:
        query = query.where(Activity.id < before_id)
    rows = db.session.execute(query.order_by(Activity.id.desc()).limit(limit + 1)).all()
    if not rows:
        _refuse_unknown_codes(filters)
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [present(r) for r in rows], "next_before_id": rows[-1].id if more and rows else None}


def newest_by_category(filters: ActivityFilters, *, per_category: int = 4) -> list[dict]:
    """首页按分类显示最新的活动: every active category in display order, each with its `per_category` newest
    activities (newest first; a category without any has an empty list), in one query: the activities are
    ranked inside their category and cut at `per_category`. Without a status filter, cancelled activities
    are left out. `filters.category` is ignored (every category is listed)."""
    filters = ActivityFilters(None, filters.region, filters.status, filters.organisation_id, filters.type)
    conditions = _conditions(filters)
    if filters.status is None:
        conditions.append(Activity.status.in_(HOME_STATUSES))
    rank = sa.func.row_number().over(partition_by=Activity.category_id, order_by=Activity.id.desc()).label("rank")
    ranked = _joined(sa.select(*_columns(), rank)).where(*conditions).subquery()
    rows = db.session.execute(sa.select(ranked).where(ranked.c.rank <= per_category)
                              .order_by(ranked.c.category_code, ranked.c.id.desc())).all()
    if not rows:
        _refuse_unknown_codes(filters)
    by_code: dict[str, list[dict]] = {}
    for row in rows:
        by_code.setdefault(row.category_code, []).append(present(row))
    categories = db.session.execute(sa.select(CatalogueEntry.code, CatalogueEntry.name).where(
        CatalogueEntry.kind == CatalogueKind.ACTIVITY_CATEGORY, CatalogueEntry.is_active.is_(True))
        .order_by(CatalogueEntry.sort_order, CatalogueEntry.id)).all()
    return [{"category": {"code": c.code, "name": c.name}, "items": by_code.get(c.code, [])} for c in categories]


def activity_detail(actor: Actor | None, activity_id: int) -> dict:
    """One activity with its content, places left and public feedback (活动反馈, None before it is written),
    and — for a signed-in caller — their live sign-up."""
    load_activity(activity_id)  # the same 404 whatever the caller
    row = db.session.execute(_joined(sa.select(*_columns(), Activity.content)).where(Activity.id == activity_id)).one()
    detail = present(row) | {"content": row.content, "my_signup_id": None,
                             "feedback": feedback_of([activity_id]).get(activity_id)}
    if actor is not None:
        detail["my_signup_id"] = db.session.scalar(sa.select(ActivitySignup.id).where(
            ActivitySignup.activity_id == activity_id, ActivitySignup.volunteer_id == actor.user_id,
            ActivitySignup.status == SignupStatus.SIGNED_UP))
    return detail


def activity_signups(actor: Actor, activity_id: int, status: SignupStatus | None = None) -> list[dict]:
    """报名名单 (the publishing organisation's staff): who signed up, oldest first, with masked phones."""
    activity = activity_for_publisher(actor, "activity.view_signups", activity_id)
    query = (sa.select(ActivitySignup.id, ActivitySignup.volunteer_id, ActivitySignup.status,
                       ActivitySignup.created_at, ActivitySignup.cancelled_at, User.real_name, User.phone_enc)
             .join(User, User.id == ActivitySignup.volunteer_id)
             .where(ActivitySignup.activity_id == activity.id).order_by(ActivitySignup.id))
    if status is not None:
        query = query.where(ActivitySignup.status == status)
    cipher = pii()
    return [{"id": r.id, "volunteer_id": r.volunteer_id, "name": r.real_name,
             "phone": mask_phone(cipher.decrypt(r.phone_enc, context=PHONE_CONTEXT)) if r.phone_enc else None,
             "status": r.status, "status_label": SIGNUP_STATUS_LABELS[r.status], "created_at": r.created_at,
             "cancelled_at": r.cancelled_at} for r in db.session.execute(query)]


def my_activities(actor: Actor, tab: str, *, before_id: int | None = None, limit: int = 20,
                  now: datetime | None = None) -> dict:
    """我的活动: the activities the caller holds a live sign-up on, newest sign-up first, each with the
    caller's attendance as the publisher confirmed it (未确认 / 已到 with hours and points / 未到). `ongoing`:
    still recruiting and not yet ended; `ended`: ended (or past their end while the sweep has not run yet)."""
    if tab not in MY_TABS:
        raise InvalidInput(errors={"tab": ["取值应为 ongoing 或 ended"]})
    now = now or utcnow()
    recruiting = Activity.status == ActivityStatus.RECRUITING
    if tab == "ongoing":
        condition = sa.and_(recruiting, Activity.ends_at > now)
    else:
        condition = sa.or_(Activity.status == ActivityStatus.ENDED, sa.and_(recruiting, Activity.ends_at <= now))
    query = (_joined(sa.select(*_columns(), ActivitySignup.id.label("signup_id"),
                               ActivitySignup.created_at.label("signed_up_at"), ActivityAttendance.attended,
                               ActivityAttendance.hours.label("attended_hours"), ActivityAttendance.credited_points)
                     .select_from(ActivitySignup).join(Activity, Activity.id == ActivitySignup.activity_id))
             .outerjoin(ActivityAttendance, sa.and_(ActivityAttendance.activity_id == ActivitySignup.activity_id,
                                                    ActivityAttendance.volunteer_id == ActivitySignup.volunteer_id))
             .where(ActivitySignup.volunteer_id == actor.user_id, ActivitySignup.status == SignupStatus.SIGNED_UP,
                    condition))
    if before_id is not None:
        query = query.where(ActivitySignup.id < before_id)
    rows = db.session.execute(query.order_by(ActivitySignup.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [{"signup_id": r.signup_id, "signed_up_at": r.signed_up_at, "activity": present(r),
              "attendance": _my_attendance(r)} for r in rows]
    return {"items": items, "next_before_id": rows[-1].signup_id if more and rows else None}


def _my_attendance(row) -> dict:
    state = attendance_state(row.attended)
    confirmed = row.attended is not None
    return {"state": state, "state_label": STATE_LABELS[state], "hours": row.attended_hours if confirmed else None,
            "points": row.credited_points if confirmed else None}
