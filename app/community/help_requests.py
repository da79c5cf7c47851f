"""Public help requests (公众求助, DOMAIN.md §5): anyone signed in asks a service community for help; the
community's staff assign its own volunteers (安排, again to add more) or decline (不予受理, with a reason);
the assigned volunteers see the requester's details, serve and report the result (反馈); the staff close
the request (办结) with a public summary, crediting each assigned volunteer's hours once. The requester
may withdraw while nobody is assigned.

Every decision locks the request row first, so two staff members acting at once run one after the other:
the second close meets a closed request (409) and credits nothing; a second assignment of the same
volunteer finds them assigned (and the unique (request, volunteer) constraint is the last word). Credits
carry the cause key help_request:{id}:volunteer:{vid}: nothing books twice, whatever retries.

The requester's contact name and phone are encrypted (contexts below) and shown in clear only to the
requester, the community's staff and the assigned volunteers (app/community/help_request_queries.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, RegionLevel, User
from app.accounts.policy import Actor, authorize
from app.community import events
from app.community.models import CommunityVolunteer, HelpAssignment, HelpRequest, HelpRequestStatus
from app.community.notices import help_context
from app.community.states import HELP_REQUEST
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.persistence import insert_unique
from app.core.phones import is_landline, is_mobile
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.extensions import db
from app.ledger.models import Cause, OwnerType
from app.ledger.rates import points_for_hours
from app.ledger.services import issue
from app.notify.publish import publish

SUBJECT = "help_request"
NAME_CONTEXT = "help_requests.contact_name"
PHONE_CONTEXT = "help_requests.contact_phone"
TEXT_LIMITS = {"title": ("求助事项", 100), "content": ("求助内容", 2000), "place": ("地点", 200),
               "contact_name": ("联系人", 30)}
SUMMARY_MAX = 2000
RESULT_MAX = 2000
ASSIGN_MAX = 20
HOURS_MAX = Decimal(24)
WANTED_WITHIN = timedelta(days=365)


class AlreadyAssigned(Conflict):
    error = "already_assigned"
    message = "所选志愿者均已安排到该求助"


def help_request_not_found() -> NotFound:
    return NotFound("求助不存在或已被删除", error="help_request_not_found")


def _texts(values: dict, errors: dict) -> dict[str, str]:
    texts = {}
    for name, (label, limit) in TEXT_LIMITS.items():
        texts[name] = (values.get(name) or "").strip()
        if not texts[name]:
            errors[name] = [f"请填写{label}"]
        elif len(texts[name]) > limit:
            errors[name] = [f"{label}不能超过 {limit} 个字"]
    return texts


def _service_community(community_id, errors: dict) -> Organisation | None:
    """An active community organisation sitting at a community (a district office handles no requests)."""
    org = db.session.get(Organisation, community_id) if isinstance(community_id, int) else None
    if (org is None or not org.is_active or org.kind is not OrgKind.COMMUNITY
            or org.region.level is not RegionLevel.COMMUNITY):
        errors["community_id"] = ["请选择服务社区"]
        return None
    return org


def _wanted_at(value, errors: dict) -> None:
    now = utcnow()
    if not isinstance(value, datetime) or value.tzinfo is None:
        errors["wanted_at"] = ["请填写带时区的期望服务时间"]
    elif value <= now:
        errors["wanted_at"] = ["期望服务时间须晚于当前时间"]
    elif value > now + WANTED_WITHIN:
        errors["wanted_at"] = ["期望服务时间须在一年以内"]


def submit_help_request(actor: Actor, values: dict) -> HelpRequest:
    """发起求助: to the chosen service community, whose admins are told. All faults at once (422)."""
    errors: dict[str, list] = {}
    texts = _texts(values, errors)
    community = _service_community(values.get("community_id"), errors)
    _wanted_at(values.get("wanted_at"), errors)
    phone = (values.get("contact_phone") or "").strip().replace(" ", "")
    if not (is_mobile(phone) or is_landline(phone)):
        errors["contact_phone"] = ["请填写正确的手机号码或固定电话"]
    if errors:
        raise InvalidInput(errors=errors)
    cipher = pii()
    request = HelpRequest(requester_id=actor.user_id, community_id=community.id, region_path=community.region.path,
                          title=texts["title"], content=texts["content"], place=texts["place"],
                          wanted_at=values["wanted_at"],
                          contact_name_enc=cipher.encrypt(texts["contact_name"], context=NAME_CONTEXT),
                          contact_phone_enc=cipher.encrypt(phone, context=PHONE_CONTEXT),
                          status=HelpRequestStatus.PENDING)
    db.session.add(request)
    db.session.flush()
    events.record(SUBJECT, request.id, "submit", community_id=community.id, to_status=str(request.status),
                  actor_id=actor.user_id)
    publish("help_request.submitted", (SUBJECT, request.id), help_context(request, user_ids=[]))
    return request


def load_help_request(request_id: int, *, lock: bool = False) -> HelpRequest:
    query = sa.select(HelpRequest).where(HelpRequest.id == request_id)
    if lock:
        # populate_existing: decide on the row as locked, not on a copy read before another decision.
        query = query.with_for_update().execution_options(populate_existing=True)
    request = db.session.scalars(query).first()
    if request is None:
        raise help_request_not_found()
    return request


def _for_staff(actor: Actor, request_id: int) -> HelpRequest:
    """The request, locked, if the actor handles its community's help; another community's looks missing."""
    request = load_help_request(request_id, lock=True)
    try:
        authorize(actor, "community.handle_help", organisation_id=request.community_id)
    except NotFound:
        raise help_request_not_found() from None
    return request


def _move(request: HelpRequest, action: str, actor: Actor, reason: str | None = None) -> None:
    events.apply(HELP_REQUEST, request, SUBJECT, action, actor_id=actor.user_id, community_id=request.community_id,
                 reason=reason)


def assigned_ids(request_id: int) -> list[int]:
    return list(db.session.scalars(sa.select(HelpAssignment.volunteer_id)
                                   .where(HelpAssignment.request_id == request_id).order_by(HelpAssignment.id)))


def assign_volunteers(actor: Actor, request_id: int, volunteer_ids: list[int]) -> list[HelpAssignment]:
    """安排志愿者: the community's own volunteers only (422 naming each other one); assigning again adds to
    those already assigned. The newly assigned volunteers and the requester are told."""
    request = _for_staff(actor, request_id)
    _move(request, "assign", actor)  # 409 unless pending or assigned
    ids = list(volunteer_ids or [])
    if not ids:
        raise InvalidInput("请选择志愿者", errors={"volunteer_ids": ["请选择志愿者"]})
    if len(ids) > ASSIGN_MAX:
        raise InvalidInput(errors={"volunteer_ids": [f"一次最多安排 {ASSIGN_MAX} 名志愿者"]})
    if len(set(ids)) != len(ids):
        raise InvalidInput(errors={"volunteer_ids": ["同一名志愿者不能重复选择"]})
    members = set(db.session.scalars(sa.select(CommunityVolunteer.user_id).where(
        CommunityVolunteer.community_id == request.community_id, CommunityVolunteer.user_id.in_(ids))))
    outsiders = {index: ["不是本社区的志愿者"] for index, vid in enumerate(ids) if vid not in members}
    if outsiders:
        raise InvalidInput("只能安排本社区的志愿者", errors={"volunteer_ids": outsiders})
    already = set(assigned_ids(request.id))
    fresh = [vid for vid in ids if vid not in already]
    if not fresh:
        raise AlreadyAssigned()
    assignments = [insert_unique(HelpAssignment(request_id=request.id, volunteer_id=vid, assigned_by_id=actor.user_id),
                                 AlreadyAssigned()) for vid in fresh]
    db.session.flush()
    batch = f"assign:{assignments[0].id}"
    publish("help_request.assigned", (SUBJECT, request.id), help_context(request, user_ids=fresh), key=batch)
    publish("help_request.updated", (SUBJECT, request.id), help_context(request, result="已安排志愿者"), key=batch)
    return assignments


def decline_help_request(actor: Actor, request_id: int, reason: str) -> HelpRequest:
    """不予受理, with the reason the requester reads."""
    request = _for_staff(actor, request_id)
    _move(request, "decline", actor, reason)
    db.session.flush()
    publish("help_request.updated", (SUBJECT, request.id),
            help_context(request, result="不予受理", reason=request.status_reason or ""), key="decline")
    return request


def withdraw_help_request(actor: Actor, request_id: int) -> HelpRequest:
    """撤回: the requester, while nobody is assigned. Someone else's request answers like a missing one."""
    request = load_help_request(request_id, lock=True)
    if request.requester_id != actor.user_id:
        raise help_request_not_found()
    _move(request, "withdraw", actor)
    db.session.flush()
    return request


def report_result(actor: Actor, request_id: int, result: str) -> HelpAssignment:
    """反馈服务结果: an assigned volunteer, while the request is open (a later report replaces theirs);
    the community's admins are told it may be closed."""
    request = load_help_request(request_id, lock=True)
    assignment = db.session.scalar(sa.select(HelpAssignment).where(
        HelpAssignment.request_id == request.id, HelpAssignment.volunteer_id == actor.user_id))
    if assignment is None:
        raise help_request_not_found()
    text = (result or "").strip()
    if not text:
        raise InvalidInput(errors={"result": ["请填写服务结果"]})
    if len(text) > RESULT_MAX:
        raise InvalidInput(errors={"result": [f"服务结果不能超过 {RESULT_MAX} 个字"]})
    _move(request, "report", actor)  # 409 once closed
    assignment.result, assignment.reported_at = text, utcnow()
    db.session.flush()
    name = db.session.scalar(sa.select(User.real_name).where(User.id == actor.user_id)) or "志愿者"
    publish("help_request.reported", (SUBJECT, request.id), help_context(request, volunteer_name=name),
            key=f"result:{assignment.id}:{assignment.reported_at.isoformat()}")
    return assignment


def _hours(entries: list[dict], assigned: set[int]) -> dict[int, Decimal]:
    """{volunteer id: hours}: assigned volunteers only, each once, 0.1–24 hours in tenths."""
    hours: dict[int, Decimal] = {}
    faults: dict[int, list[str]] = {}
    for index, entry in enumerate(entries or []):
        vid, value = entry.get("volunteer_id"), entry.get("hours")
        try:
            amount = Decimal(str(value))
        except (InvalidOperation, ValueError):
            amount = None
        if vid not in assigned:
            faults[index] = ["该志愿者未被安排到此求助"]
        elif vid in hours:
            faults[index] = ["同一名志愿者只能填写一次时长"]
        elif amount is None or not amount.is_finite() or not 0 < amount <= HOURS_MAX or amount != amount.quantize(
                Decimal("0.1")):
            faults[index] = [f"服务时长应在 0.1 到 {HOURS_MAX} 小时之间，最多一位小数"]
        else:
            hours[vid] = amount
    if faults:
        raise InvalidInput("服务时长填写有误", errors={"hours": faults})
    return hours


def close_help_request(actor: Actor, request_id: int, summary: str, hours: list[dict] | None = None) -> HelpRequest:
    """办结: with the public summary (办理情况); each assigned volunteer given hours is credited once —
    hours, one service, and the points those hours earn. The requester and the credited volunteers are told."""
    request = _for_staff(actor, request_id)
    _move(request, "close", actor)  # 409 unless assigned: a second close stops here
    text = (summary or "").strip()
    if not text:
        raise InvalidInput(errors={"summary": ["请填写办理情况"]})
    if len(text) > SUMMARY_MAX:
        raise InvalidInput(errors={"summary": [f"办理情况不能超过 {SUMMARY_MAX} 个字"]})
    assignments = {a.volunteer_id: a for a in db.session.scalars(
        sa.select(HelpAssignment).where(HelpAssignment.request_id == request.id))}
    credited = _hours(hours or [], set(assignments))
    now = utcnow()
    request.close_summary, request.closed_by_id, request.closed_at = text, actor.user_id, now
    for vid, amount in credited.items():
        assignments[vid].credited_hours = amount
        points = points_for_hours(amount)
        issue((OwnerType.USER, vid), points, cause=Cause.HELP_REQUEST,
              cause_key=f"help_request:{request.id}:volunteer:{vid}", memo=f"公众求助：{request.title}",
              actor_id=actor.user_id, hours=amount, services=1)
        if points:
            publish("points.credited", (SUBJECT, request.id),
                    {"user_ids": [vid], "title": request.title, "points": points}, key=f"volunteer:{vid}")
    db.session.flush()
    publish("help_request.updated", (SUBJECT, request.id), help_context(request, result="已办结"), key="close")
    return request
