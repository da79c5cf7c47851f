"""Loading activities and sign-ups for an actor: another organisation's activity answers exactly like a
missing one (404) to its staff, so probing ids reveals nothing."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.policy import Actor, authorize
from app.activities.models import Activity, ActivitySignup
from app.core.errors import NotFound
from app.extensions import db


def activity_not_found() -> NotFound:
    return NotFound("活动不存在或已被删除", error="activity_not_found")


def signup_not_found() -> NotFound:
    return NotFound("报名记录不存在", error="signup_not_found")


def _load(model, row_id: int, lock: bool, missing):
    query = sa.select(model).where(model.id == row_id)
    if lock:
        # populate_existing: a row already in the session must be refreshed from the locked read, or the
        # caller would decide on the copy it loaded before another transaction changed it.
        query = query.with_for_update().execution_options(populate_existing=True)
    row = db.session.scalars(query).first()
    if row is None:
        raise missing()
    return row


def load_activity(activity_id: int, *, lock: bool = False) -> Activity:
    return _load(Activity, activity_id, lock, activity_not_found)


def load_signup(signup_id: int, *, lock: bool = False) -> ActivitySignup:
    return _load(ActivitySignup, signup_id, lock, signup_not_found)


def activity_for_publisher(actor: Actor, permission: str, activity_id: int, *, lock: bool = False) -> Activity:
    """The activity, if `permission` reaches its publishing organisation; else the same 404 as a missing one."""
    activity = load_activity(activity_id, lock=lock)
    try:
        authorize(actor, permission, organisation_id=activity.publisher_org_id)
    except NotFound as exc:
        raise activity_not_found() from exc
    return activity
