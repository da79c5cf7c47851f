"""The context every activity notification carries (the keys app/notify/routing.py formats and routes by)."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from app.activities.models import Activity, ActivitySignup, SignupStatus
from app.core.timeutil import utcnow
from app.extensions import db


def signed_up_volunteer_ids(activity_ids: Sequence[int]) -> dict[int, list[int]]:
    """The volunteers holding a place on each activity, in one query for any number of activities."""
    found: dict[int, list[int]] = {activity_id: [] for activity_id in activity_ids}
    if activity_ids:
        for activity_id, volunteer_id in db.session.execute(
                sa.select(ActivitySignup.activity_id, ActivitySignup.volunteer_id)
                .where(ActivitySignup.activity_id.in_(list(activity_ids)),
                       ActivitySignup.status == SignupStatus.SIGNED_UP)
                .order_by(ActivitySignup.activity_id, ActivitySignup.volunteer_id)):
            found[activity_id].append(volunteer_id)
    return found


def activity_context(activity: Activity, *, volunteer_ids: list[int] | None = None, **extra) -> dict:
    """Routing keys: region_path (VolunteersIn: the volunteers whose service community lies inside it),
    volunteer_ids (the signed-up volunteers), publisher_org_id; text keys: title, start_at, place, ..."""
    if volunteer_ids is None:
        volunteer_ids = signed_up_volunteer_ids([activity.id])[activity.id]
    context = {
        "title": activity.title,
        "region_path": activity.region_path,
        "publisher_org_id": activity.publisher_org_id,
        "volunteer_ids": volunteer_ids,
        "start_at": activity.starts_at,
        "place": activity.place,
        "headcount": activity.headcount,
        "places_left": activity.headcount - activity.signed_up_count,
        "at": utcnow(),
    }
    context.update(extra)
    return context
