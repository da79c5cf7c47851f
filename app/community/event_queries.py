"""Reading the community module's audit trail (处理记录): one subject's events, oldest first, to those who may
read the subject in full — its own person (applicant, author, requester, assigned volunteer) and the staff of
its community; anyone else gets the subject's own 404. Staff read who acted by name; the subject's own person
reads their own name and the acting role for everyone else (community staff's names stay with the community).
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import User
from app.accounts.policy import Actor, allows
from app.community import help_request_queries, membership, quarters, reports, stars
from app.community.help_requests import SUBJECT as HELP
from app.community.help_requests import help_request_not_found, load_help_request
from app.community.models import CommunityApplication, CommunityEvent, StarAward, StarKind
from app.community.states import (
    ACTION_LABELS,
    APPLICATION_STATUS_LABELS,
    HELP_REQUEST_STATUS_LABELS,
    REPORT_STATUS_LABELS,
)
from app.core.errors import NotFound
from app.extensions import db

SUBJECT_LABELS = {membership.TRAIL: "志愿者申请", reports.SUBJECT: "志愿者上报", HELP: "公众求助",
                  stars.TRAIL: "之星"}
STATUS_LABELS = {membership.TRAIL: APPLICATION_STATUS_LABELS, reports.SUBJECT: REPORT_STATUS_LABELS,
                 HELP: HELP_REQUEST_STATUS_LABELS,
                 stars.TRAIL: {stars.OVERRIDDEN: "人工调整", stars.COMPUTED: "自动评选"}}
# What a non-staff reader sees for someone else's step: the role that acts so, not the person. The
# submitter submits and withdraws; an assigned volunteer reports back; the community's staff do the rest.
SUBMITTER = {membership.TRAIL: "申请人", reports.SUBJECT: "上报人", HELP: "求助人"}


def star_not_found() -> NotFound:
    return NotFound("该之星不存在", error="star_not_found")


def application_events(actor: Actor, application_id: int) -> list[dict]:
    """志愿者申请的处理记录: the applicant and the receiving community's reviewers."""
    application = db.session.get(CommunityApplication, application_id)
    if application is None:
        raise membership.application_not_found()
    staff = allows(actor, membership.PERMISSION, organisation_id=application.community_id)
    if application.user_id != actor.user_id and not staff:
        raise membership.application_not_found()
    return _events(membership.TRAIL, application_id, actor, staff=staff)


def report_events(actor: Actor, report_id: int) -> list[dict]:
    """志愿者上报的处理记录: the author and the community's reviewers (published or not: the public column
    shows the report, not who reviewed it)."""
    report = reports.load_report(report_id)
    staff = allows(actor, "community.review_report", organisation_id=report.community_id)
    if report.author_id != actor.user_id and not staff:
        raise reports.report_not_found()
    return _events(reports.SUBJECT, report_id, actor, staff=staff)


def help_request_events(actor: Actor, request_id: int) -> list[dict]:
    """公众求助的处理记录: the requester, the community's staff and the assigned volunteers."""
    request = load_help_request(request_id)
    seen_as = help_request_queries.viewpoint(actor, request)
    if seen_as is None:
        raise help_request_not_found()
    return _events(HELP, request_id, actor, staff=seen_as == "staff")


def star_events(actor: Actor, quarter: str, region_code: str, kind: StarKind) -> list[dict]:
    """之星的调整记录 (the association, inside its region): overrides and their withdrawal."""
    quarters.parse(quarter)
    region = stars.star_region(actor, region_code)
    award_id = db.session.scalar(sa.select(StarAward.id).where(
        StarAward.quarter == quarter, StarAward.region_id == region.id, StarAward.kind == kind))
    if award_id is None:
        raise star_not_found()
    return _events(stars.TRAIL, award_id, actor, staff=True)


def _events(subject_type: str, subject_id: int, actor: Actor, *, staff: bool) -> list[dict]:
    rows = db.session.execute(
        sa.select(CommunityEvent, User.real_name, User.username)
        .outerjoin(User, User.id == CommunityEvent.actor_id)
        .where(CommunityEvent.subject_type == subject_type, CommunityEvent.subject_id == subject_id)
        .order_by(CommunityEvent.at, CommunityEvent.id))
    return [_present(event, _who(event, real_name, username, actor, staff)) for event, real_name, username in rows]


def _who(event: CommunityEvent, real_name: str | None, username: str | None, actor: Actor, staff: bool) -> dict:
    if event.actor_id is None:
        return {"id": None, "name": "系统"}
    if staff or event.actor_id == actor.user_id:
        return {"id": event.actor_id, "name": real_name or username or ""}
    if event.action in ("submit", "withdraw"):
        role = SUBMITTER.get(event.subject_type, "提交人")
    else:
        role = "志愿者" if event.action == "report" else "社区工作人员"
    return {"id": None, "name": role}


def _present(event: CommunityEvent, who: dict) -> dict:
    labels = STATUS_LABELS.get(event.subject_type, {})
    return {
        "id": event.id, "subject_type": event.subject_type,
        "subject_label": SUBJECT_LABELS.get(event.subject_type, event.subject_type),
        "subject_id": event.subject_id, "action": event.action,
        "action_label": ACTION_LABELS.get(event.action, event.action),
        "from_status": event.from_status, "from_status_label": labels.get(event.from_status),
        "to_status": event.to_status, "to_status_label": labels.get(event.to_status),
        "reason": event.reason, "at": event.at,
        "actor": who,
    }
