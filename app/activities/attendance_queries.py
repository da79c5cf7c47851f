"""Reading attendance: the publisher's confirmation sheet (确认名单) — every live sign-up with its state
(未确认 / 已到 / 未到) and hours, phones masked — in one query whatever the number of volunteers."""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.policy import Actor
from app.accounts.wechat_login import PHONE_CONTEXT
from app.activities.access import activity_for_publisher
from app.activities.attendance import ActivityCancelled, ActivityNotStarted, check_confirmable, hours_cap
from app.activities.models import ActivityAttendance, ActivitySignup, SignupStatus
from app.core.crypto import mask_phone
from app.core.runtime import pii
from app.extensions import db

STATE_LABELS = {"unconfirmed": "未确认", "attended": "已到", "absent": "未到"}


def attendance_state(attended: bool | None) -> str:
    return "unconfirmed" if attended is None else ("attended" if attended else "absent")


def attendance_sheet(actor: Actor, activity_id: int) -> dict:
    """确认名单 (activity.confirm_attendance, the publisher's own staff): the activity, whether it can be
    confirmed now and the most hours allowed, and each live sign-up (oldest first) with its attendance."""
    activity = activity_for_publisher(actor, "activity.confirm_attendance", activity_id)
    try:
        check_confirmable(activity)
        refusal = None
    except (ActivityCancelled, ActivityNotStarted) as exc:
        refusal = exc.message
    query = (sa.select(ActivitySignup.id, ActivitySignup.volunteer_id, User.real_name, User.phone_enc,
                       ActivityAttendance.attended, ActivityAttendance.hours, ActivityAttendance.credited_points,
                       ActivityAttendance.revision, ActivityAttendance.confirmed_at)
             .join(User, User.id == ActivitySignup.volunteer_id)
             .outerjoin(ActivityAttendance, sa.and_(ActivityAttendance.activity_id == ActivitySignup.activity_id,
                                                    ActivityAttendance.volunteer_id == ActivitySignup.volunteer_id))
             .where(ActivitySignup.activity_id == activity.id, ActivitySignup.status == SignupStatus.SIGNED_UP)
             .order_by(ActivitySignup.id))
    cipher = pii()
    items = []
    for r in db.session.execute(query):
        state = attendance_state(r.attended)
        items.append({
            "signup_id": r.id, "volunteer_id": r.volunteer_id, "name": r.real_name,
            "phone": mask_phone(cipher.decrypt(r.phone_enc, context=PHONE_CONTEXT)) if r.phone_enc else None,
            "state": state, "state_label": STATE_LABELS[state],
            "hours": r.hours if r.attended is not None else None,
            "points": r.credited_points if r.attended is not None else None,
            "revision": r.revision, "confirmed_at": r.confirmed_at})
    return {"activity_id": activity.id, "title": activity.title, "starts_at": activity.starts_at,
            "ends_at": activity.ends_at, "confirmable": refusal is None, "not_confirmable_reason": refusal,
            "max_hours": hours_cap(activity), "confirmed_count": sum(i["state"] != "unconfirmed" for i in items),
            "attended_count": sum(i["state"] == "attended" for i in items),
            "total_hours": sum((i["hours"] for i in items if i["state"] == "attended"), Decimal(0)),
            "items": items}
