"""Publishing and cancelling activities (发布活动、取消活动, DOMAIN.md §4, §5).

Two publishers share one activity model: a community's staff publish for their community (here), and a
volunteer-service organisation publishes for a need it claimed (app/needs/claim_activities.py, which
authorizes the claim and then calls `create_activity`). Rules every activity meets, each breach a 422
naming the form field (all at once): title 1–120 characters with any prefix, a category (活动类别) from the
activity_category catalogue and a type (活动类型) from activity_type, a region inside the publisher's reach,
a place, a start in the future before the end, a headcount of 1–10000, content, and at most one cover
image — the publisher's own upload.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, Region
from app.accounts.policy import Actor, authorize
from app.activities import events
from app.activities.access import activity_for_publisher
from app.activities.models import Activity, ActivityAttendance, ActivitySignup, ActivityStatus, SignupStatus
from app.activities.notices import activity_context
from app.activities.states import ACTIVITY, SIGNUP, next_status
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.publish import publish
from app.uploads.access import register_access_rule
from app.uploads.services import attach_uploads

SUBJECT = "activity"
COVER_KIND = "activity_cover"  # the upload kind of covers
TITLE_MAX = 120
HEADCOUNT_MAX = 10_000
TEXT_LIMITS = {"place": 200, "content": 5000}


class CommunityOnly(Forbidden):
    error = "community_only"
    message = "只有社区可以直接发布活动；志愿服务组织请在认领成功的需求下发布"


def with_prefix(prefix: str, title: str) -> str:
    """The title as stored: `prefix` (a zone's 【七彩假期】) written once by the platform, however often the
    typist already wrote it."""
    title = (title or "").strip()
    if prefix:
        while title.startswith(prefix):
            title = title[len(prefix):].strip()
        return prefix + title if title else ""
    return title


def region_inside(code: str | None, outer: Region, *, default: Region, field: str = "region_code",
                  message: str = "活动区域须在发布方的区域范围内") -> Region:
    """The region named by `code` (or `default` without one), which must lie inside `outer`."""
    if not code:
        return default
    region = db.session.scalar(sa.select(Region).where(Region.code == code))
    if region is None:
        raise InvalidInput(errors={field: ["区域不存在"]})
    if not region.path.startswith(outer.path):
        raise InvalidInput(errors={field: [message]})
    return region


def publish_community_activity(actor: Actor, values: dict, *, organisation_id: int | None = None) -> Activity:
    """发布活动 (community staff): the community publishes in its own region; the volunteers whose service
    community lies in the activity's region hear of it."""
    community = _publishing_community(actor, organisation_id)
    region = region_inside(values.get("region_code"), community.region, default=community.region,
                           message="活动区域须在本社区范围内")
    activity = create_activity(actor, community.id, values, region=region)
    publish("activity.published", (SUBJECT, activity.id), activity_context(activity, volunteer_ids=[]))
    return activity


def create_activity(actor: Actor, publisher_org_id: int, values: dict, *, region: Region,
                    title_prefix: str = "") -> Activity:
    """Check the form and insert the activity (进行中, recruiting) for `publisher_org_id`, already authorized by the
    caller, with its audit event and cover. Publishes nothing: each publisher decides who hears of it."""
    errors: dict[str, list[str]] = {}
    title = with_prefix(title_prefix, values.get("title") or "")
    if not title or title == title_prefix:
        errors["title"] = ["请填写活动标题"]
    elif len(title) > TITLE_MAX:
        errors["title"] = [f"标题（含前缀）不能超过 {TITLE_MAX} 个字"]
    category = _entry(CatalogueKind.ACTIVITY_CATEGORY, values.get("category_code"), errors, "category_code",
                      "请从列表中选择活动类别")
    kind = _entry(CatalogueKind.ACTIVITY_TYPE, values.get("type_code"), errors, "type_code",
                  "请从列表中选择活动类型")
    texts = {}
    for name, limit in TEXT_LIMITS.items():
        texts[name] = (values.get(name) or "").strip()
        if not texts[name]:
            errors[name] = ["该字段为必填项"]
        elif len(texts[name]) > limit:
            errors[name] = [f"长度不能超过 {limit}"]
    _check_window(values.get("starts_at"), values.get("ends_at"), errors)
    headcount = values.get("headcount")
    if not isinstance(headcount, int) or not 1 <= headcount <= HEADCOUNT_MAX:
        errors["headcount"] = [f"招募人数应在 1 到 {HEADCOUNT_MAX} 之间"]
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if (latitude is None) != (longitude is None):
        errors["latitude" if latitude is None else "longitude"] = ["经纬度须同时填写"]
    if errors:
        raise InvalidInput(errors=errors)
    activity = Activity(publisher_org_id=publisher_org_id, published_by_id=actor.user_id, title=title,
                        category_id=category.id, type_id=kind.id, region_id=region.id, region_path=region.path,
                        place=texts["place"], content=texts["content"], latitude=latitude, longitude=longitude,
                        starts_at=values["starts_at"], ends_at=values["ends_at"], headcount=headcount,
                        signed_up_count=0, status=ActivityStatus.RECRUITING)
    db.session.add(activity)
    db.session.flush()
    cover_id = values.get("cover_upload_id")
    if cover_id is not None:
        attach_uploads([cover_id], actor_user_id=actor.user_id, kind=COVER_KIND, target_id=activity.id,
                       max_count=1, field="cover_upload_id")
        activity.cover_upload_id = cover_id
    events.record(SUBJECT, activity.id, "publish", activity_id=activity.id,
                  to_status=str(ActivityStatus.RECRUITING), actor_id=actor.user_id)
    db.session.flush()
    return activity


def cancel_activity(actor: Actor, activity_id: int, reason: str) -> Activity:
    """取消活动 (the publisher, before it ends, with a reason): live sign-ups are dropped, their places
    freed, and the signed-up volunteers told."""
    activity = activity_for_publisher(actor, "activity.publish", activity_id, lock=True)
    next_status(ACTIVITY, activity.status, "cancel")
    now = utcnow()
    if activity.ends_at <= now:
        raise Conflict("活动已结束，不能取消", error="activity_ended")
    # Credits booked for a confirmed attendance must not outlive the activity they were earned at.
    if db.session.scalar(sa.select(ActivityAttendance.id).where(ActivityAttendance.activity_id == activity.id)
                         .limit(1)) is not None:
        raise Conflict("已确认出勤的活动不能取消", error="attendance_confirmed")
    events.apply(ACTIVITY, activity, SUBJECT, "cancel", activity_id=activity.id, actor_id=actor.user_id,
                 reason=reason)
    signups = ActivitySignup.__table__
    signed_up = SignupStatus.SIGNED_UP.value
    dropped = db.session.execute(
        sa.update(signups).where(signups.c.activity_id == activity.id, signups.c.status == signed_up)
        .values(status=str(next_status(SIGNUP, signed_up, "drop").to), cancelled_at=now)
        .returning(signups.c.id, signups.c.volunteer_id)).all()
    # The activity row is locked: no sign-up can slip in between the UPDATE above and this one.
    activity.signed_up_count = 0
    events.record_many("signup", [(row.id, activity.id) for row in dropped], "drop", signed_up,
                       SignupStatus.CANCELLED.value, now, actor_id=actor.user_id)
    db.session.flush()
    publish("activity.cancelled", (SUBJECT, activity.id),
            activity_context(activity, volunteer_ids=sorted(row.volunteer_id for row in dropped),
                             reason=activity.status_reason))
    return activity


def _publishing_community(actor: Actor, organisation_id: int | None) -> Organisation:
    """The community the activity is published for: the one named (if the actor is its staff), else the
    actor's only community. Volunteer-service organisations publish through their claims instead."""
    if organisation_id is None:
        communities = [g.organisation_id for g in actor.grants_for("activity.publish")
                       if g.kind is OrgKind.COMMUNITY]
        if len(communities) != 1:
            if communities or actor.is_platform_admin:
                raise InvalidInput(errors={"organisation_id": ["请选择发布活动的社区"]})
            raise CommunityOnly()
        organisation_id = communities[0]
    authorize(actor, "activity.publish", organisation_id=organisation_id)
    org = db.session.get(Organisation, organisation_id)
    if org is None or not org.is_active:
        raise NotFound("机构不存在或已停用", error="organisation_not_found")
    if org.kind is not OrgKind.COMMUNITY:
        raise CommunityOnly()
    return org


def _entry(kind: CatalogueKind, code: str | None, errors: dict, field: str, message: str) -> CatalogueEntry | None:
    entry = db.session.scalar(sa.select(CatalogueEntry).where(
        CatalogueEntry.kind == kind, CatalogueEntry.code == (code or ""),
        CatalogueEntry.is_active.is_(True))) if code else None
    if entry is None:
        errors[field] = [message]
    return entry


def _check_window(starts_at: datetime | None, ends_at: datetime | None, errors: dict) -> None:
    if not isinstance(starts_at, datetime) or starts_at.tzinfo is None:
        errors["starts_at"] = ["请填写带时区的开始时间"]
    elif starts_at <= utcnow():
        errors["starts_at"] = ["开始时间须晚于当前时间"]
    if not isinstance(ends_at, datetime) or ends_at.tzinfo is None:
        errors["ends_at"] = ["请填写带时区的结束时间"]
    elif isinstance(starts_at, datetime) and starts_at.tzinfo is not None and ends_at <= starts_at:
        errors["ends_at"] = ["结束时间须晚于开始时间"]


def _may_read_cover(_actor, activity_id: int) -> bool:
    """Activities are public, and so are their covers: anyone signed in reads one attached to an activity."""
    return db.session.scalar(sa.select(Activity.id).where(Activity.id == activity_id)) is not None


register_access_rule(COVER_KIND, _may_read_cover)
