"""Filing an hours certification (订单时数认证, DOMAIN.md §3.4): the station of the order's street, after the
service ended (订单 待评价) or was aborted (已中止: the hours served before the abort), states how many hours
each approved taker served, the head counts, two summaries,
one to nine photos and six 1–5 star ratings; the association then reviews it (certification_review.py).

Rules a filing must meet; each breach answers 422 with the form field named (all breaches at once):
- service dates: start <= end, both inside the order's service dates (Asia/Shanghai calendar days), neither
  in the future; for an aborted order, neither after the day of the abort;
- hours: one row per certified taker, only approved takes of this order, each at most once, at least one;
  hours > 0 with at most one decimal place, at most 24 per day of the certified date range (and never more
  than 744, a month of days: the column's CHECK); for an aborted order also at most the hours between the
  service start and the abort (an order aborted before its start has nothing to certify: 409);
- head counts (人数) never exceed person-times (人次), and a count of zero goes with zero person-times;
- volunteer head count (服务人员人数): at least one, and at least every certified individual volunteer
  (each of them served); when no provider organisation (接单服务商) is certified it is at most the number of
  certified takes — only a provider may bring people who are not takers themselves;
- summaries (服务情况纪要, 成效小结): 1–500 characters of text, not only blanks;
- photos (服务照片, required in the guide's form): 1–9 of the filer's own uploads (or photos of a rejected
  earlier filing of this order, reused);
- ratings: six whole stars from 1 to 5.
At most one live (pending or approved) certification per order: the partial unique index decides, and a
second filing answers 409; after a rejection the station files again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.accounts.policy import Actor, allows
from app.core.errors import Conflict, InvalidInput
from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.notify.publish import publish
from app.timebank import events
from app.timebank.access import order_for
from app.timebank.models import (
    Certification,
    CertificationStatus,
    CertifiedHours,
    OrderStatus,
    OrderTake,
    TakeStatus,
    TimebankEvent,
    WishOrder,
)
from app.timebank.models.certification import RATINGS
from app.timebank.notices import order_context
from app.timebank.states import ORDER
from app.uploads.access import register_access_rule
from app.uploads.models import Upload
from app.uploads.services import attach_uploads

SUBJECT = "certification"  # the audit trail's subject type, and the upload kind of its photos
MAX_HOURS = Decimal("744")  # CertifiedHours CHECK: hours <= 24 * 31
COUNTS = ("beneficiary_person_times", "beneficiary_headcount", "volunteer_person_times", "volunteer_headcount")
SUMMARIES = ("service_summary", "effect_summary")
TENTH = Decimal("0.1")


class OrderNotEnded(Conflict):
    error = "order_not_to_evaluate"
    message = "服务结束（待评价）或中止后才能提交时数认证"


class NothingServed(Conflict):
    error = "nothing_served"
    message = "订单在服务开始前已中止，没有可认证的服务时数"


class CertificationExists(Conflict):
    error = "certification_exists"
    message = "该订单已有待审核或已通过的时数认证"


@dataclass
class _Errors:
    """Collects every field error of one form, so the station sees all of them at once."""
    fields: dict

    def add(self, field: str, message: str, index: int | None = None, sub: str | None = None) -> None:
        if index is None:
            self.fields.setdefault(field, []).append(message)
        else:
            self.fields.setdefault(field, {}).setdefault(index, {}).setdefault(sub, []).append(message)

    def raise_any(self) -> None:
        if self.fields:
            raise InvalidInput(errors=self.fields)


def service_dates(order: WishOrder, served_until: datetime | None = None) -> tuple[date, date]:
    """The order's first and last service day on the Shanghai calendar (the last: the abort's day when the
    service stopped early)."""
    return order.starts_at.astimezone(SHANGHAI).date(), (served_until or order.ends_at).astimezone(SHANGHAI).date()


def served_until(order: WishOrder) -> datetime | None:
    """When an aborted order's service stopped: the abort, or the planned end if that came first; None for an
    order that ran its course."""
    if order.status != OrderStatus.ABORTED:
        return None
    aborted_at = db.session.scalar(sa.select(sa.func.max(TimebankEvent.at)).where(
        TimebankEvent.subject_type == "order", TimebankEvent.subject_id == order.id,
        TimebankEvent.action == "abort"))
    return min(aborted_at or order.ends_at, order.ends_at)


def approved_takes(order_id: int) -> dict[int, OrderTake]:
    return {t.id: t for t in db.session.scalars(
        sa.select(OrderTake).where(OrderTake.order_id == order_id, OrderTake.status == TakeStatus.APPROVED))}


def file_certification(actor: Actor, order_id: int, data: dict) -> Certification:
    """File the hours certification of an ended order (permission certification.file in the order's region).

    `data` holds the form: service_date_start, service_date_end (dates), hours ([{take_id, hours}]), the four
    counts of COUNTS, the two summaries, photo_ids (upload ids) and the six RATINGS. Locks the order row, so
    filings of one order queue; writes the certification, its hours, the audit event "file", and tells the
    association (certification.filed)."""
    order = order_for(actor, "certification.file", order_id, lock=True)
    # Filable exactly where an approval can complete the order: the state table says which statuses.
    if (order.status, "complete") not in ORDER:
        raise OrderNotEnded()
    until = served_until(order)
    if until is not None and until <= order.starts_at:
        raise NothingServed()
    hours = _validated(order, approved_takes(order.id), data, until)
    certification = Certification(
        order_id=order.id, station_id=order.station_id, filed_by_id=actor.user_id,
        status=CertificationStatus.PENDING, service_date_start=data["service_date_start"],
        service_date_end=data["service_date_end"], **{name: data[name] for name in COUNTS},
        **{name: data[name].strip() for name in SUMMARIES}, **{name: data[name] for name in RATINGS})
    try:
        with db.session.begin_nested():
            db.session.add(certification)
            db.session.flush()
    except IntegrityError as exc:
        # Only the one-live-certification index can fail here: the form was checked above.
        raise CertificationExists() from exc
    db.session.add_all(CertifiedHours(certification_id=certification.id, take_id=take_id, hours=value)
                       for take_id, value in hours)
    photo_ids = list(data.get("photo_ids") or [])
    _release_rejected_photos(order.id, photo_ids)
    attach_uploads(photo_ids, actor_user_id=actor.user_id, kind=SUBJECT, target_id=certification.id,
                   field="photo_ids")
    db.session.flush()
    events.record(SUBJECT, certification.id, "file", order_id=order.id, to_status=CertificationStatus.PENDING.value,
                  actor_id=actor.user_id)
    publish("certification.filed", ("order", order.id), order_context(order, certification_id=certification.id),
            key=f"certification:{certification.id}")
    return certification


def _validated(order: WishOrder, takes: dict[int, OrderTake], data: dict,
               until: datetime | None) -> list[tuple[int, Decimal]]:
    errors = _Errors({})
    days = _check_dates(order, data["service_date_start"], data["service_date_end"], errors, until)
    served = None
    if until is not None:
        # Whole tenths of an hour actually served before the abort.
        served = (Decimal((until - order.starts_at).total_seconds()) / 3600).quantize(TENTH, rounding=ROUND_DOWN)
    hours = _check_hours(takes, data["hours"], days, errors, served)
    _check_counts(data, [takes[take_id] for take_id, _ in hours], errors)
    for name in SUMMARIES:
        if not 1 <= len(data[name].strip()) <= 500:
            errors.add(name, "请填写 1 到 500 个字")
    for name in RATINGS:
        if not (isinstance(data[name], int) and 1 <= data[name] <= 5):
            errors.add(name, "评分应为 1 到 5 星")
    if not data.get("photo_ids"):
        errors.add("photo_ids", "请上传至少 1 张服务照片")
    errors.raise_any()
    return hours


def _check_dates(order: WishOrder, start: date, end: date, errors: _Errors, until: datetime | None) -> int:
    """Adds date errors; returns the number of days certified (the order's own when the dates are wrong)."""
    first, last = service_dates(order, until)
    today = utcnow().astimezone(SHANGHAI).date()
    ok = True
    if start > end:
        errors.add("service_date_end", "服务结束日期不能早于开始日期")
        ok = False
    for field, value in (("service_date_start", start), ("service_date_end", end)):
        if value > today:
            errors.add(field, "服务日期不能晚于今天")
            ok = False
        elif not first <= value <= last:
            errors.add(field, f"服务日期应在订单服务时间内（{first:%Y-%m-%d} 至 {last:%Y-%m-%d}）")
            ok = False
    return (end - start).days + 1 if ok else (last - first).days + 1


def _check_hours(takes: dict[int, OrderTake], rows: list[dict], days: int, errors: _Errors,
                 served: Decimal | None) -> list[tuple[int, Decimal]]:
    cap = min(Decimal(24 * days), MAX_HOURS)
    if served is not None:
        cap = min(cap, served)
    if not rows:
        errors.add("hours", "请至少为一位接单人认证时数")
    seen: set[int] = set()
    accepted = []
    for index, row in enumerate(rows):
        take_id, value = row["take_id"], row["hours"]
        if take_id not in takes:
            errors.add("hours", "不是本订单审核通过的接单", index, "take_id")
        elif take_id in seen:
            errors.add("hours", "同一接单只能认证一次", index, "take_id")
        seen.add(take_id)
        value, problem = _checked_hours(value, cap)
        if problem:
            errors.add("hours", problem, index, "hours")
        elif take_id in takes and take_id not in {t for t, _ in accepted}:
            accepted.append((take_id, value))
    return accepted


def _checked_hours(value, cap: Decimal) -> tuple[Decimal | None, str | None]:
    """The hours as a Decimal, or what is wrong with them. A float goes through its shortest text form,
    so 1.1 stays 1.1 rather than its binary expansion."""
    try:
        value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not value.is_finite() or value <= 0:
            return None, "服务时数应大于 0"
        if value > cap:
            return None, f"服务时数不能超过 {cap} 小时（每天最多 24 小时；已中止的订单不超过中止前的服务时长）"
        if value != value.quantize(TENTH):
            return None, "服务时数最多保留一位小数"
    except (InvalidOperation, TypeError, ValueError):
        return None, "服务时数应为数字"
    return value, None


def _check_counts(data: dict, certified: list[OrderTake], errors: _Errors) -> None:
    for name in COUNTS:
        if not (isinstance(data[name], int) and data[name] >= 0):
            errors.add(name, "应为不小于 0 的整数")
    if any(name in errors.fields for name in COUNTS):
        return
    for who, label in (("beneficiary", "服务对象"), ("volunteer", "服务人员")):
        headcount, person_times = data[f"{who}_headcount"], data[f"{who}_person_times"]
        if headcount > person_times:
            errors.add(f"{who}_headcount", f"{label}人数不能多于人次")
        elif headcount == 0 and person_times > 0:
            errors.add(f"{who}_headcount", f"有{label}人次时人数不能为 0")
    volunteers = sum(1 for take in certified if take.volunteer_id is not None)
    headcount = data["volunteer_headcount"]
    if headcount < max(volunteers, 1):
        errors.add("volunteer_headcount", f"服务人员人数不能少于认证时数的志愿者人数（{max(volunteers, 1)}）")
    elif certified and volunteers == len(certified) and headcount > volunteers:
        errors.add("volunteer_headcount", f"服务人员人数不能多于认证时数的接单人数（{volunteers}）")


def _release_rejected_photos(order_id: int, photo_ids: list[int]) -> None:
    """Photos of a rejected filing of this order may be sent again with the new one: free them first (the
    rejected filing keeps its figures and reason; its photos move to the filing that replaces it)."""
    if not photo_ids:
        return
    rejected = sa.select(Certification.id).where(Certification.order_id == order_id,
                                                 Certification.status == CertificationStatus.REJECTED)
    db.session.execute(
        sa.update(Upload).where(Upload.id.in_(photo_ids), Upload.attached_kind == SUBJECT,
                                Upload.attached_id.in_(rejected))
        .values(attached_kind=None, attached_id=None).execution_options(synchronize_session="fetch"))


def _may_read_photos(actor, certification_id: int) -> bool:
    """Certification photos: the station staff of the order's region and the association (platform
    administrators are admitted by the uploads module itself)."""
    if not isinstance(actor, Actor):
        return False
    region_path = db.session.scalar(
        sa.select(WishOrder.region_path).join(Certification, Certification.order_id == WishOrder.id)
        .where(Certification.id == certification_id))
    return region_path is not None and any(
        allows(actor, permission, region_path=region_path)
        for permission in ("certification.file", "certification.review"))


register_access_rule(SUBJECT, _may_read_photos)
