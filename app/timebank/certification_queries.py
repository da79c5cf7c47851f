"""Reading certifications: the list behind the association's 审核 queue and the station's 订单时数认证列表,
and one certification in full. Both are scoped by the caller's order.view regions (a station its street, the
association its city); a certification outside them answers exactly like a missing one."""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from app.accounts.models import Organisation, Region, User
from app.accounts.policy import Actor, allows, authorize, region_paths
from app.accounts.wechat_login import phone_of
from app.core.crypto import mask_phone
from app.core.errors import NotFound
from app.extensions import db
from app.timebank.access import load_certification
from app.timebank.certifications import SUBJECT
from app.timebank.models import Certification, CertificationStatus, CertifiedHours, OrderTake, WishOrder
from app.timebank.models.certification import RATINGS
from app.timebank.states import ACTION_LABELS, CERTIFICATION, actions_from
from app.uploads.services import attached_uploads

VIEW = "order.view"
STATUS_LABELS = {CertificationStatus.PENDING: "待审核", CertificationStatus.APPROVED: "审核通过",
                 CertificationStatus.REJECTED: "审核不通过"}
_PERSON = sa.func.coalesce(User.real_name, User.username)


def _total_hours():
    return (sa.select(sa.func.coalesce(sa.func.sum(CertifiedHours.hours), 0))
            .where(CertifiedHours.certification_id == Certification.id).scalar_subquery())


def list_certifications(actor: Actor, *, status: CertificationStatus | None = None, number: str | None = None,
                        street_code: str | None = None, page: int = 1, page_size: int = 20) -> dict:
    """One page of certifications, newest filing first, with the list's columns: order number, title,
    street, service dates, volunteer head count, total hours, status, filed at, filer. Two queries (the
    page and its total), whatever the page size."""
    filters = []
    paths = region_paths(actor, VIEW)
    if paths is not None:
        filters.append(sa.or_(*(WishOrder.region_path.startswith(p) for p in paths)) if paths else sa.false())
    if status is not None:
        filters.append(Certification.status == status)
    if number:
        filters.append(WishOrder.number.startswith(number, autoescape=True))
    if street_code:
        filters.append(Region.code == street_code)
    base = (sa.select(Certification.id).join(WishOrder, WishOrder.id == Certification.order_id)
            .join(Region, Region.id == WishOrder.street_id).where(*filters))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery()))
    rows = db.session.execute(
        base.add_columns(Certification.order_id, WishOrder.number, WishOrder.title, Region.name.label("street"),
                         Certification.service_date_start, Certification.service_date_end,
                         Certification.volunteer_headcount, _total_hours().label("total_hours"),
                         Certification.status, Certification.filed_at, _PERSON.label("filed_by"))
        .join(User, User.id == Certification.filed_by_id)
        .order_by(Certification.filed_at.desc(), Certification.id.desc())
        .limit(page_size).offset((page - 1) * page_size)).all()
    items = [{**row._asdict(), "order_number": row.number, "total_hours": float(Decimal(row.total_hours)),
              "status_label": STATUS_LABELS[row.status]} for row in rows]
    return {"items": items, "total": total, "page": page, "page_size": page_size}


def certification_for(actor: Actor, certification_id: int) -> Certification:
    """The certification if the caller's order.view reaches its order; else the same 404 as a missing one."""
    certification = load_certification(certification_id)
    region_path = db.session.scalar(sa.select(WishOrder.region_path).where(WishOrder.id == certification.order_id))
    try:
        authorize(actor, VIEW, region_path=region_path)
    except NotFound as exc:
        raise NotFound("时数认证不存在", error="certification_not_found") from exc
    return certification


def latest_certification(order_id: int) -> dict | None:
    """The order's newest hours certification (id, status and its label), or None before any filing."""
    row = db.session.execute(
        sa.select(Certification.id, Certification.status).where(Certification.order_id == order_id)
        .order_by(Certification.id.desc()).limit(1)).first()
    return None if row is None else {"id": row.id, "status": row.status, "status_label": STATUS_LABELS[row.status]}


def certification_actions(actor: Actor, status: CertificationStatus, region_path: str) -> list[dict]:
    """What the caller may do to the certification now: the association's 审核通过 / 审核不通过 while it
    is pending, each only if certification.review reaches the order's region."""
    if not allows(actor, "certification.review", region_path=region_path):
        return []
    return [{"action": name, "label": ACTION_LABELS[name]} for name in actions_from(CERTIFICATION, status)]


def describe(certification: Certification, actor: Actor) -> dict:
    """Everything the detail page shows: the form as filed, hours per taker (volunteer name and masked
    phone, or the provider organisation's name), points once credited, photos, review outcome, and what
    `actor` may do to it now."""
    order, street = db.session.execute(
        sa.select(WishOrder, Region.name).join(Region, Region.id == WishOrder.street_id)
        .where(WishOrder.id == certification.order_id)).one()
    take_ids = [row.take_id for row in certification.hours]
    takers = {take.id: (take, volunteer, org) for take, volunteer, org in db.session.execute(
        sa.select(OrderTake, User, Organisation)
        .outerjoin(User, User.id == OrderTake.volunteer_id)
        .outerjoin(Organisation, Organisation.id == OrderTake.provider_org_id)
        .where(OrderTake.id.in_(take_ids or [-1])))}
    people = dict(db.session.execute(sa.select(User.id, _PERSON).where(
        User.id.in_([i for i in (certification.filed_by_id, certification.reviewed_by_id) if i is not None]))).all())
    return {
        "id": certification.id, "order_id": order.id, "order_number": order.number, "title": order.title,
        "street": street, "service_starts_at": order.starts_at, "service_ends_at": order.ends_at,
        "order_status": order.status,
        **{name: getattr(certification, name) for name in (
            "service_date_start", "service_date_end", "beneficiary_person_times", "beneficiary_headcount",
            "volunteer_person_times", "volunteer_headcount", "service_summary", "effect_summary", "status",
            "status_reason", "filed_at", "reviewed_at", *RATINGS)},
        "status_label": STATUS_LABELS[certification.status],
        "total_hours": float(sum((row.hours for row in certification.hours), Decimal(0))),
        "hours": [_hours_row(row, *takers[row.take_id]) for row in certification.hours],
        "photos": attached_uploads(SUBJECT, certification.id),
        "filed_by": people.get(certification.filed_by_id),
        "reviewed_by": people.get(certification.reviewed_by_id),
        "actions": certification_actions(actor, certification.status, order.region_path),
    }


def _hours_row(row: CertifiedHours, take: OrderTake, volunteer: User | None, org: Organisation | None) -> dict:
    if volunteer is not None:
        taker = {"taker_type": "volunteer", "name": volunteer.real_name, "phone": mask_phone(phone_of(volunteer))}
    else:
        taker = {"taker_type": "provider", "name": org.name if org else None, "phone": None}
    return {"take_id": take.id, "volunteer_id": take.volunteer_id, "provider_org_id": take.provider_org_id,
            **taker, "hours": float(row.hours), "points": row.points}
