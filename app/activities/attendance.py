"""Confirming who served at an activity (活动确认, DOMAIN.md §5): the publishing organisation's staff submit
the whole list once the activity has started — for every volunteer holding a live sign-up, attended with
hours or a no-show (未到) — and may correct it later.

The ledger is append-only. An `ActivityAttendance` row remembers what its volunteer has been credited
(`credited_hours/points/services`); each confirmation books only the difference between the new value and
that, upward with `issue`, downward with `reclaim` (冲正), under a cause key carrying the row's new
revision, so no entry is ever edited and a retried request can never book twice. Repeating the same list
changes nothing: no revision, no transfer, no notification.

The activity row is locked first (as cancelling it does), so two staff members confirming at once queue:
the second one sees the first one's rows and books only what is left to book.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.policy import Actor
from app.activities import events
from app.activities.access import activity_for_publisher
from app.activities.models import Activity, ActivityAttendance, ActivitySignup, ActivityStatus, SignupStatus
from app.core.errors import Conflict, InvalidInput
from app.core.timeutil import utcnow
from app.extensions import db
from app.ledger.models import Cause, OwnerType
from app.ledger.rates import points_for_hours
from app.ledger.services import InsufficientPoints, issue, reclaim
from app.notify.publish import publish

SUBJECT = "attendance"
MAX_HOURS = Decimal(24)
HALF = Decimal("0.5")
MAX_ITEMS = 10_000


class ActivityNotStarted(Conflict):
    error = "activity_not_started"
    message = "活动尚未开始，开始后才能确认"


class ActivityCancelled(Conflict):
    error = "activity_cancelled"
    message = "活动已取消，不能确认或反馈"


class CorrectionNotCovered(Conflict):
    error = "correction_not_covered"
    message = "志愿者的积分已使用，无法扣回，不能这样更正"


@dataclass(frozen=True)
class Decision:
    """One volunteer's line of the list, validated: attended with `hours` (> 0), or a no-show (hours 0)."""
    volunteer_id: int
    attended: bool
    hours: Decimal


def cause_key(activity_id: int, volunteer_id: int, revision: int) -> str:
    return f"attendance:{activity_id}:{volunteer_id}:r{revision}"


def hours_cap(activity: Activity) -> Decimal:
    """The most hours one volunteer may be credited: the activity's window rounded up to the next half hour,
    and never more than 24."""
    halves = math.ceil((activity.ends_at - activity.starts_at).total_seconds() / 1800)
    return min(MAX_HOURS, Decimal(halves) * HALF)


def hours_text(hours: Decimal) -> str:
    """Hours as people write them: 2, 2.5 (never 2.0 or 2E+1)."""
    return format(hours.normalize(), "f")


def check_confirmable(activity: Activity) -> None:
    """Attendance and feedback are given once the activity has started (or ended), never for a cancelled one."""
    if activity.status == ActivityStatus.CANCELLED:
        raise ActivityCancelled()
    if activity.starts_at > utcnow():
        raise ActivityNotStarted()


def confirm_attendance(actor: Actor, activity_id: int, items: list[dict]) -> list[ActivityAttendance]:
    """活动确认 (activity.confirm_attendance, the publisher's own staff): `items` is the whole list,
    [{volunteer_id, attended, hours}], naming every volunteer with a live sign-up once. Each attended
    volunteer is credited their hours, the points for them and one service; a changed line books the
    difference (a correction); an unchanged one books nothing. Returns the rows that changed."""
    activity = activity_for_publisher(actor, "activity.confirm_attendance", activity_id, lock=True)
    check_confirmable(activity)
    live = _live_volunteers(activity.id)
    decisions = _validated(activity, items, live)
    existing = {row.volunteer_id: row for row in db.session.scalars(
        sa.select(ActivityAttendance).where(ActivityAttendance.activity_id == activity.id)
        .execution_options(populate_existing=True))}
    changed = []
    for decision in decisions:
        row = existing.get(decision.volunteer_id)
        if row is not None and (row.attended, row.hours) == (decision.attended, decision.hours):
            continue
        changed.append(_apply(actor, activity, row, decision, live[decision.volunteer_id]))
    db.session.flush()
    return changed


def _apply(actor: Actor, activity: Activity, row: ActivityAttendance | None, decision: Decision,
           name: str) -> ActivityAttendance:
    if row is None:
        # Added to the session only once complete, after the ledger calls (whose queries autoflush).
        row = ActivityAttendance(activity_id=activity.id, volunteer_id=decision.volunteer_id, revision=1,
                                 credited_hours=Decimal(0), credited_points=0, credited_services=0)
        previous = None
    else:
        row.revision += 1
        previous = "attended" if row.attended else "absent"
    target_points = points_for_hours(decision.hours) if decision.attended else 0
    target_services = 1 if decision.attended else 0
    up, down = _split(decision.hours - row.credited_hours, target_points - row.credited_points,
                      target_services - row.credited_services)
    owner = (OwnerType.USER, decision.volunteer_id)
    key = cause_key(activity.id, decision.volunteer_id, row.revision)
    memo = f"活动：{activity.title}"
    if down:
        # The ledger refuses to take back points the volunteer no longer holds (they donated them): the
        # whole confirmation is refused, and the caller's transaction rolls back every line of it.
        try:
            reclaim(owner, down[1], cause=Cause.ATTENDANCE, cause_key=f"{key}:back" if up else key, memo=memo,
                    actor_id=actor.user_id, hours=down[0], services=down[2], region_path=activity.region_path)
        except InsufficientPoints as exc:
            raise CorrectionNotCovered(
                f"志愿者{name}的积分已不足以扣回 {down[1]} 积分（可能已捐出），不能这样更正",
                errors={"volunteer_id": [f"{name}的积分不足以扣回"]}) from exc
    if up:
        issue(owner, up[1], cause=Cause.ATTENDANCE, cause_key=key, memo=memo, actor_id=actor.user_id,
              hours=up[0], services=up[2], region_path=activity.region_path)
    row.attended, row.hours = decision.attended, decision.hours
    row.credited_hours, row.credited_points, row.credited_services = decision.hours, target_points, target_services
    row.confirmed_by_id, row.confirmed_at = actor.user_id, utcnow()
    db.session.add(row)
    db.session.flush()
    now_state = "attended" if decision.attended else "absent"
    events.record(SUBJECT, row.id, "confirm" if previous is None else "correct", activity_id=activity.id,
                  from_status=previous, to_status=now_state, actor_id=actor.user_id,
                  reason=f"{hours_text(decision.hours)} 小时" if decision.attended else "未到")
    _tell(activity, row, up, down)
    return row


def _split(hours: Decimal, points: int, services: int):
    """The upward and downward parts of a difference, each (hours, points, services) or None. They are one
    direction except when the points rate changed between two confirmations."""
    up = (max(hours, Decimal(0)), max(points, 0), max(services, 0))
    down = (max(-hours, Decimal(0)), max(-points, 0), max(-services, 0))
    return (up if any(up) else None), (down if any(down) else None)


def _tell(activity: Activity, row: ActivityAttendance, up, down) -> None:
    """The volunteer hears of a credit (hours, then points) and of any correction that took something back."""
    subject = ("activity", activity.id)
    key = f"{row.volunteer_id}:r{row.revision}"
    context = {"user_ids": [row.volunteer_id], "title": activity.title, "hours": hours_text(row.hours)}
    if down:
        result = f"已更正为 {hours_text(row.hours)} 小时" if row.attended else "已更正为未到"
        if down[1]:
            result += f"，扣回 {down[1]} 积分"
        publish("attendance.corrected", subject, context | {"result": result}, key=key)
        return
    if up:
        publish("attendance.confirmed", subject, context, key=key)
        if up[1]:
            publish("points.credited", subject, context | {"points": up[1]}, key=key)


def _live_volunteers(activity_id: int) -> dict[int, str]:
    """The volunteers holding a live sign-up, with the names the list shows."""
    return {r.volunteer_id: (r.real_name or f"用户{r.volunteer_id}") for r in db.session.execute(
        sa.select(ActivitySignup.volunteer_id, User.real_name).join(User, User.id == ActivitySignup.volunteer_id)
        .where(ActivitySignup.activity_id == activity_id, ActivitySignup.status == SignupStatus.SIGNED_UP))}


def _validated(activity: Activity, items: list[dict], live: dict[int, str]) -> list[Decision]:
    """Every line checked, every problem reported at once under items[index]; then the list must name each
    volunteer with a live sign-up exactly once."""
    errors: dict = {}

    def add(index: int, field: str, message: str) -> None:
        errors.setdefault(index, {}).setdefault(field, []).append(message)

    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        raise InvalidInput(errors={"items": [f"应为不超过 {MAX_ITEMS} 项的列表"]})
    cap = hours_cap(activity)
    decisions, seen, outsiders = [], set(), []
    for index, item in enumerate(items):
        volunteer_id, attended, hours = item.get("volunteer_id"), item.get("attended"), item.get("hours")
        if not isinstance(volunteer_id, int) or isinstance(volunteer_id, bool):
            add(index, "volunteer_id", "请选择志愿者")
        elif volunteer_id in seen:
            add(index, "volunteer_id", "同一志愿者只能出现一次")
        elif volunteer_id not in live:
            outsiders.append((index, volunteer_id))
        seen.add(volunteer_id)
        if not isinstance(attended, bool):
            add(index, "attended", "请选择已到或未到")
            continue
        value, problem = _checked_hours(hours, attended, cap)
        if problem:
            add(index, "hours", problem)
        elif index not in errors:
            decisions.append(Decision(volunteer_id, attended, value))
    if outsiders:
        names = _names_for(activity.id, [v for _, v in outsiders])
        for index, volunteer_id in outsiders:
            add(index, "volunteer_id", f"{names[volunteer_id]}没有本活动的有效报名，不能确认")
    if errors:
        message = "确认名单有误，请检查后重试"
        if outsiders:
            message = "以下志愿者没有本活动的有效报名，不能确认：" + "、".join(
                dict.fromkeys(names[v] for _, v in outsiders))
        raise InvalidInput(message, errors={"items": errors})
    missing = [name for volunteer_id, name in live.items() if volunteer_id not in seen]
    if missing:
        message = "请为每位报名的志愿者选择已到或未到，尚未选择：" + "、".join(sorted(missing))
        raise InvalidInput(message, errors={"items": [message]})
    return decisions


def _checked_hours(value, attended: bool, cap: Decimal) -> tuple[Decimal, str | None]:
    """Hours of an attended volunteer: a multiple of half an hour, more than 0, at most `cap`. A no-show has
    none (0 or left out)."""
    if value is None:
        return Decimal(0), None if not attended else "请填写服务时长"
    if isinstance(value, bool):
        return Decimal(0), "服务时长应为数字"
    try:
        value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return Decimal(0), "服务时长应为数字"
    if not value.is_finite():
        return Decimal(0), "服务时长应为数字"
    if not attended:
        return Decimal(0), None if value == 0 else "未到的志愿者不能填写服务时长"
    if value <= 0:
        return Decimal(0), "服务时长应大于 0"
    if value > cap:
        return Decimal(0), f"服务时长不能超过 {hours_text(cap)} 小时（活动时长向上取整到半小时，最多 24 小时）"
    if value % HALF != 0:
        return Decimal(0), "服务时长应以 0.5 小时为单位"
    return value.quantize(Decimal("0.1")), None


def _names_for(activity_id: int, volunteer_ids: list[int]) -> dict[int, str]:
    """How a refused line names its volunteer: by name when they signed up to this activity once (the
    publisher saw them in the sign-up list), else by number only — a real name is never revealed for an
    arbitrary user id."""
    known = {r.volunteer_id: r.real_name for r in db.session.execute(
        sa.select(ActivitySignup.volunteer_id, User.real_name).join(User, User.id == ActivitySignup.volunteer_id)
        .where(ActivitySignup.activity_id == activity_id, ActivitySignup.volunteer_id.in_(volunteer_ids)))}
    return {v: (f"志愿者{known[v]}" if known.get(v) else f"编号 {v} 的用户") for v in volunteer_ids}
