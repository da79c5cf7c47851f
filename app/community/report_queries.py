"""Reading volunteer reports: the author's own (我的上报, with status and reason), the community staff's
queue (待审核 / 审核通过 / 审核不通过), one report's detail, and the public column (志愿者上报栏目: published
reports, newest publication first, the author's name masked as 张*).

Each list is a constant number of queries whatever its page size: names joined in, photos fetched for the
whole page at once.
"""
from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from app.accounts.models import Organisation, User
from app.accounts.policy import Actor, allows, authorize
from app.community import keyset
from app.community.models import ReportStatus, VolunteerReport
from app.community.reports import PHOTO_KIND, load_report, may_read, report_not_found
from app.community.states import REPORT_STATUS_LABELS
from app.core.crypto import mask_name
from app.extensions import db
from app.uploads.models import Upload

KIND_LABELS = {"experience": "心得体会", "plan": "活动计划"}


def _columns():
    return (VolunteerReport.id, VolunteerReport.kind, VolunteerReport.title, VolunteerReport.status,
            VolunteerReport.status_reason, VolunteerReport.published_at, VolunteerReport.reviewed_at,
            VolunteerReport.created_at, VolunteerReport.author_id, VolunteerReport.community_id,
            Organisation.name.label("community_name"), User.real_name.label("author_name"))


def _joined(query: sa.Select) -> sa.Select:
    return (query.join(Organisation, Organisation.id == VolunteerReport.community_id)
            .join(User, User.id == VolunteerReport.author_id))


def _photos(report_ids: list[int]) -> dict[int, list[int]]:
    """The photo upload ids of each report, oldest first, in one query for the whole page."""
    found: dict[int, list[int]] = defaultdict(list)
    if report_ids:
        for upload_id, report_id in db.session.execute(
                sa.select(Upload.id, Upload.attached_id).where(Upload.attached_kind == PHOTO_KIND,
                                                               Upload.attached_id.in_(report_ids))
                .order_by(Upload.id)):
            found[report_id].append(upload_id)
    return found


def _present(row, photos: dict[int, list[int]], *, public: bool) -> dict:
    item = {"id": row.id, "kind": row.kind, "kind_label": KIND_LABELS[row.kind], "title": row.title,
            "community": {"id": row.community_id, "name": row.community_name},
            "author_name": (mask_name(row.author_name) if public else row.author_name) or "志愿者",
            "published_at": row.published_at, "created_at": row.created_at, "photo_upload_ids": photos.get(row.id, [])}
    if not public:
        item |= {"author_id": row.author_id, "status": row.status, "status_label": REPORT_STATUS_LABELS[row.status],
                 "status_reason": row.status_reason, "reviewed_at": row.reviewed_at,
                 "is_published": row.published_at is not None}
    return item


def _page(query: sa.Select, before_id: int | None, limit: int, *, public: bool = False) -> dict:
    if before_id is not None:
        query = query.where(VolunteerReport.id < before_id)
    rows = db.session.execute(query.order_by(VolunteerReport.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    photos = _photos([r.id for r in rows])
    return {"items": [_present(r, photos, public=public) for r in rows],
            "next_before_id": rows[-1].id if more and rows else None}


def my_reports(actor: Actor, *, before_id: int | None = None, limit: int = 20) -> dict:
    """我的上报: newest first, with the status and the reviewer's reason."""
    query = _joined(sa.select(*_columns())).where(VolunteerReport.author_id == actor.user_id)
    return _page(query, before_id, limit)


def review_queue(actor: Actor, *, status: ReportStatus | None = None, organisation_id: int | None = None,
                 before_id: int | None = None, limit: int = 20) -> dict:
    """上报审核: the reports of the actor's communities (or of the one named), newest first."""
    query = _joined(sa.select(*_columns(), VolunteerReport.content))
    if organisation_id is not None:
        authorize(actor, "community.review_report", organisation_id=organisation_id)
        query = query.where(VolunteerReport.community_id == organisation_id)
    elif not actor.is_platform_admin:
        ids = sorted({g.organisation_id for g in actor.grants_for("community.review_report")})
        query = query.where(VolunteerReport.community_id.in_(ids))
    if status is not None:
        query = query.where(VolunteerReport.status == status)
    return _page(query, before_id, limit)


def report_detail(actor: Actor | None, report_id: int) -> dict:
    """One report: published ones to anyone (author masked unless the caller is the author or its
    community's staff); unpublished ones to the author and the community's staff only (else 404)."""
    report = load_report(report_id)
    if not may_read(actor, report):
        raise report_not_found()
    row = db.session.execute(_joined(sa.select(*_columns(), VolunteerReport.content))
                             .where(VolunteerReport.id == report_id)).one()
    public = not _involved(actor, report)
    return _present(row, _photos([report_id]), public=public) | {"content": row.content}


def _involved(actor: Actor | None, report: VolunteerReport) -> bool:
    return actor is not None and (report.author_id == actor.user_id or allows(
        actor, "community.review_report", organisation_id=report.community_id))


def public_reports(*, cursor: str | None = None, limit: int = 20) -> dict:
    """志愿者上报栏目: published reports, the latest publication first, author names masked."""
    query = (_joined(sa.select(*_columns(), sa.func.substr(VolunteerReport.content, 1, 120).label("summary")))
             .where(VolunteerReport.published_at.is_not(None)))
    rows, next_cursor = keyset.page(query, VolunteerReport.published_at, VolunteerReport.id, cursor=cursor,
                                    limit=limit, time_key="published_at")
    photos = _photos([r.id for r in rows])
    return {"items": [_present(r, photos, public=True) | {"summary": r.summary} for r in rows],
            "next_cursor": next_cursor}
