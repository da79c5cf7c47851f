"""Reading help requests, each from its reader's point of view:
  requester   their own requests, with their contact details and who was assigned;
  staff       the community's queue by status (lists show the phone masked; the detail in clear: they
              arrange the help);
  volunteer   the requests they are assigned to, and in the detail the requester's details in clear (查看);
  public      closed requests only (已办结的公众求助): title, community, a content summary, the closing
              summary and date — never a name, phone or place.
Anyone else asking for a request that is not closed gets the same 404 as for a missing one.
"""
from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from app.accounts.models import Organisation, User
from app.accounts.policy import Actor, allows, authorize
from app.community import keyset
from app.community.help_requests import NAME_CONTEXT, PHONE_CONTEXT, help_request_not_found, load_help_request
from app.community.models import HelpAssignment, HelpRequest, HelpRequestStatus
from app.community.states import HELP_REQUEST_STATUS_LABELS
from app.core.crypto import mask_phone
from app.core.runtime import pii
from app.extensions import db

SUMMARY_CHARS = 100


def viewpoint(actor: Actor | None, request: HelpRequest) -> str | None:
    """requester / staff / volunteer, or None for everyone else."""
    if actor is None:
        return None
    if request.requester_id == actor.user_id:
        return "requester"
    if allows(actor, "community.handle_help", organisation_id=request.community_id):
        return "staff"
    if db.session.scalar(sa.select(HelpAssignment.id).where(HelpAssignment.request_id == request.id,
                                                            HelpAssignment.volunteer_id == actor.user_id)):
        return "volunteer"
    return None


def _columns():
    return (HelpRequest.id, HelpRequest.title, HelpRequest.status, HelpRequest.status_reason, HelpRequest.place,
            HelpRequest.wanted_at, HelpRequest.created_at, HelpRequest.closed_at, HelpRequest.close_summary,
            HelpRequest.community_id, HelpRequest.requester_id, Organisation.name.label("community_name"))


def _joined(query: sa.Select) -> sa.Select:
    return query.join(Organisation, Organisation.id == HelpRequest.community_id)


def _brief(row) -> dict:
    return {"id": row.id, "title": row.title, "status": row.status,
            "status_label": HELP_REQUEST_STATUS_LABELS[row.status], "status_reason": row.status_reason,
            "community": {"id": row.community_id, "name": row.community_name}, "place": row.place,
            "wanted_at": row.wanted_at, "created_at": row.created_at, "closed_at": row.closed_at,
            "close_summary": row.close_summary}


def _assignments(request_ids: list[int], viewer_id: int) -> dict[int, list[dict]]:
    """The assignments of each request, oldest first; `mine` marks the viewer's own (a volunteer's form
    starts from the result they reported before)."""
    found: dict[int, list[dict]] = defaultdict(list)
    if request_ids:
        for row in db.session.execute(
                sa.select(HelpAssignment.request_id, HelpAssignment.volunteer_id, HelpAssignment.assigned_at,
                          HelpAssignment.result, HelpAssignment.reported_at, HelpAssignment.credited_hours,
                          User.real_name)
                .join(User, User.id == HelpAssignment.volunteer_id)
                .where(HelpAssignment.request_id.in_(request_ids)).order_by(HelpAssignment.id)):
            found[row.request_id].append({
                "volunteer_id": row.volunteer_id, "name": row.real_name or "志愿者", "assigned_at": row.assigned_at,
                "result": row.result, "reported_at": row.reported_at, "credited_hours": row.credited_hours,
                "mine": row.volunteer_id == viewer_id})
    return found


def _page(query: sa.Select, id_column, before_id: int | None, limit: int) -> tuple[list, int | None]:
    if before_id is not None:
        query = query.where(id_column < before_id)
    rows = db.session.execute(query.order_by(id_column.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1].id if more and rows else None


def help_request_detail(actor: Actor | None, request_id: int) -> dict:
    """One request as the caller may see it (see the module docstring)."""
    request = load_help_request(request_id)
    seen_as = viewpoint(actor, request)
    if seen_as is None:
        if request.status is not HelpRequestStatus.CLOSED:
            raise help_request_not_found()
        return public_view(request_id)
    row = db.session.execute(_joined(sa.select(*_columns(), HelpRequest.content)).where(
        HelpRequest.id == request_id)).one()
    cipher = pii()
    return _brief(row) | {
        "viewpoint": seen_as, "content": row.content,
        "contact_name": cipher.decrypt(request.contact_name_enc, context=NAME_CONTEXT),
        "contact_phone": cipher.decrypt(request.contact_phone_enc, context=PHONE_CONTEXT),
        "assignments": _assignments([request_id], actor.user_id)[request_id]}


def my_requests(actor: Actor, *, before_id: int | None = None, limit: int = 20) -> dict:
    """我的求助: newest first, with the status, reason and who was assigned."""
    rows, next_id = _page(_joined(sa.select(*_columns())).where(HelpRequest.requester_id == actor.user_id),
                          HelpRequest.id, before_id, limit)
    assigned = _assignments([r.id for r in rows], actor.user_id)
    return {"items": [_brief(r) | {"assignments": assigned[r.id]} for r in rows], "next_before_id": next_id}


def staff_queue(actor: Actor, *, status: HelpRequestStatus | None = None, organisation_id: int | None = None,
                before_id: int | None = None, limit: int = 20) -> dict:
    """求助管理: the requests to the actor's communities (or the one named), newest first, by status; the
    contact phone masked (the detail shows it in clear)."""
    query = _joined(sa.select(*_columns(), HelpRequest.contact_name_enc, HelpRequest.contact_phone_enc))
    if organisation_id is not None:
        authorize(actor, "community.handle_help", organisation_id=organisation_id)
        query = query.where(HelpRequest.community_id == organisation_id)
    elif not actor.is_platform_admin:
        ids = sorted({g.organisation_id for g in actor.grants_for("community.handle_help")})
        query = query.where(HelpRequest.community_id.in_(ids))
    if status is not None:
        query = query.where(HelpRequest.status == status)
    rows, next_id = _page(query, HelpRequest.id, before_id, limit)
    assigned = _assignments([r.id for r in rows], actor.user_id)
    cipher = pii()
    return {"items": [_brief(r) | {
        "contact_name": cipher.decrypt(r.contact_name_enc, context=NAME_CONTEXT),
        "contact_phone": mask_phone(cipher.decrypt(r.contact_phone_enc, context=PHONE_CONTEXT)),
        "assignments": assigned[r.id]} for r in rows], "next_before_id": next_id}


def my_assignments(actor: Actor, *, before_id: int | None = None, limit: int = 20) -> dict:
    """我的求助安排: the requests the caller is assigned to, newest assignment first, with their own result."""
    query = (_joined(sa.select(*_columns(), HelpAssignment.id.label("assignment_id"),
                               HelpAssignment.assigned_at, HelpAssignment.result, HelpAssignment.reported_at,
                               HelpAssignment.credited_hours)
                     .select_from(HelpAssignment).join(HelpRequest, HelpRequest.id == HelpAssignment.request_id))
             .where(HelpAssignment.volunteer_id == actor.user_id))
    if before_id is not None:
        query = query.where(HelpAssignment.id < before_id)
    rows = db.session.execute(query.order_by(HelpAssignment.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [{"assignment_id": r.assignment_id, "assigned_at": r.assigned_at, "result": r.result,
                       "reported_at": r.reported_at, "credited_hours": r.credited_hours, "request": _brief(r)}
                      for r in rows],
            "next_before_id": rows[-1].assignment_id if more and rows else None}


def _public_columns():
    return (HelpRequest.id, HelpRequest.title, HelpRequest.closed_at, HelpRequest.close_summary,
            HelpRequest.community_id, Organisation.name.label("community_name"),
            sa.func.substr(HelpRequest.content, 1, SUMMARY_CHARS).label("summary"))


def _public(row) -> dict:
    return {"id": row.id, "title": row.title, "community": {"id": row.community_id, "name": row.community_name},
            "summary": row.summary, "close_summary": row.close_summary, "closed_at": row.closed_at}


def public_view(request_id: int) -> dict:
    row = db.session.execute(_joined(sa.select(*_public_columns())).where(
        HelpRequest.id == request_id, HelpRequest.status == HelpRequestStatus.CLOSED)).first()
    if row is None:
        raise help_request_not_found()
    return _public(row) | {"viewpoint": "public"}


def closed_requests(*, cursor: str | None = None, limit: int = 20) -> dict:
    """求助办理情况 (public): closed requests, the latest closed first, without personal details."""
    query = _joined(sa.select(*_public_columns())).where(HelpRequest.status == HelpRequestStatus.CLOSED)
    rows, next_cursor = keyset.page(query, HelpRequest.closed_at, HelpRequest.id, cursor=cursor, limit=limit,
                                    time_key="closed_at")
    return {"items": [_public(r) for r in rows], "next_cursor": next_cursor}
