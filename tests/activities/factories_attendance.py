"""Helpers for the attendance and feedback tests: an activity that volunteers signed up to and that has
since started (or ended), confirmations through the real service, and the ledger's invariants.

    activity_id, volunteers = started_activity(world, ["王小明", "李红"])
    confirm(world["community_admin"], activity_id, [line(volunteers[0], 2), absent(volunteers[1])])
    assert_ledger_consistent()
"""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.activities import attendance
from app.activities.models import Activity, ActivityAttendance
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, LedgerTransfer, OwnerType
from tests.activities.factories_activities import actor, make_activity, make_volunteer, sign


def move_window(activity_id: int, *, starts_ago: timedelta = timedelta(hours=3), length=timedelta(hours=2)) -> None:
    """Put the activity's window `starts_ago` in the past (sign-ups are only possible before the start)."""
    with unit_of_work():
        activity = db.session.get(Activity, activity_id)
        activity.starts_at = utcnow() - starts_ago
        activity.ends_at = activity.starts_at + length


def started_activity(world: dict, names=("王小明", "李红"), *, length=timedelta(hours=2),
                     starts_ago: timedelta = timedelta(hours=3), publisher: str = "community") -> tuple[int, list[int]]:
    """A recruiting activity of world[publisher], signed up to by one new volunteer per name, since started."""
    activity_id = make_activity(world, headcount=max(len(names), 1) + 2, publisher=publisher)
    volunteers = [make_volunteer(name, phone=f"1380000{i:04d}") for i, name in enumerate(names)]
    for volunteer_id in volunteers:
        sign(volunteer_id, activity_id)
    move_window(activity_id, starts_ago=starts_ago, length=length)
    return activity_id, volunteers


def line(volunteer_id: int, hours) -> dict:
    return {"volunteer_id": volunteer_id, "attended": True, "hours": Decimal(str(hours))}


def absent(volunteer_id: int) -> dict:
    return {"volunteer_id": volunteer_id, "attended": False, "hours": None}


def confirm(user_id: int, activity_id: int, items: list[dict]):
    with unit_of_work():
        return [(row.volunteer_id, row.revision) for row in
                attendance.confirm_attendance(actor(user_id), activity_id, items)]


def rows(activity_id: int) -> dict[int, ActivityAttendance]:
    db.session.expire_all()
    return {r.volunteer_id: r for r in db.session.scalars(
        sa.select(ActivityAttendance).where(ActivityAttendance.activity_id == activity_id))}


def account(user_id: int) -> tuple[int, Decimal, int]:
    """(points, hours, services) of the volunteer's ledger account (zeros when it does not exist)."""
    db.session.expire_all()
    found = db.session.execute(sa.select(LedgerAccount.balance, LedgerAccount.hours, LedgerAccount.services).where(
        LedgerAccount.owner_type == OwnerType.USER, LedgerAccount.owner_id == user_id)).first()
    return tuple(found) if found else (0, Decimal(0), 0)


def attendance_keys(activity_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(LedgerTransfer.cause_key).where(
        LedgerTransfer.cause == Cause.ATTENDANCE, LedgerTransfer.cause_key.like(f"attendance:{activity_id}:%"))
        .order_by(LedgerTransfer.id)))


def assert_ledger_consistent() -> None:
    """Every transfer sums to zero; each account's cached totals equal the sum of its entries."""
    db.session.expire_all()
    assert db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount), 0),
                                        sa.func.coalesce(sa.func.sum(LedgerEntry.hours), 0),
                                        sa.func.coalesce(sa.func.sum(LedgerEntry.services), 0))).one() == (0, 0, 0)
    sums = {r.account_id: (r.amount, r.hours, r.services) for r in db.session.execute(
        sa.select(LedgerEntry.account_id, sa.func.sum(LedgerEntry.amount).label("amount"),
                  sa.func.sum(LedgerEntry.hours).label("hours"), sa.func.sum(LedgerEntry.services).label("services"))
        .group_by(LedgerEntry.account_id))}
    for acc in db.session.scalars(sa.select(LedgerAccount)):
        assert (acc.balance, acc.hours, acc.services) == sums.get(acc.id, (0, 0, 0)), acc.owner_id


def assert_ledger_matches_rows(activity_id: int) -> None:
    """What the rows say each volunteer was credited is what the ledger booked for this activity."""
    db.session.expire_all()
    booked: dict[int, list] = {}
    for transfer in db.session.scalars(sa.select(LedgerTransfer).where(
            LedgerTransfer.cause_key.like(f"attendance:{activity_id}:%"))):
        volunteer_id = int(transfer.cause_key.split(":")[2])
        sign_ = 1 if transfer.source_id != _user_account(volunteer_id) else -1
        totals = booked.setdefault(volunteer_id, [0, Decimal(0), 0])
        totals[0] += sign_ * transfer.amount
        totals[1] += sign_ * transfer.hours
        totals[2] += sign_ * transfer.services
    for volunteer_id, row in rows(activity_id).items():
        expected = [row.credited_points, row.credited_hours, row.credited_services]
        assert booked.get(volunteer_id, [0, Decimal(0), 0]) == expected, volunteer_id
        assert expected == ([row.credited_points, row.hours, 1] if row.attended else [0, 0, 0])


def _user_account(user_id: int) -> int | None:
    return db.session.scalar(sa.select(LedgerAccount.id).where(
        LedgerAccount.owner_type == OwnerType.USER, LedgerAccount.owner_id == user_id))


def photo(owner_id: int, colour: str = "green") -> int:
    """An uploaded image of `owner_id`, not attached to anything yet."""
    import io

    from PIL import Image

    from app.uploads.services import store_upload

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, "PNG")
    with unit_of_work():
        return store_upload(owner_id, buffer.getvalue()).id
