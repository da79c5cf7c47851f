"""Volunteer reports (志愿者上报, DOMAIN.md §5): a community volunteer posts an experience (心得体会) or a plan
(活动计划) with up to nine photos; it goes to their service community, whose staff approve it — optionally
publishing it to the public "志愿者上报" column at once — or reject it with a reason; an approved report
can be published and taken down again (撤下). Every decision locks the report row, so two staff members
deciding at once act one after the other and the second meets the new status (409).

Photos are uploads of kind "volunteer_report": the author and the community's staff read them while the
report is unpublished, everyone signed in once it is published.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Organisation
from app.accounts.policy import Actor, allows, authorize
from app.community import events
from app.community.models import CommunityVolunteer, ReportKind, ReportStatus, VolunteerReport
from app.community.notices import report_context
from app.community.states import REPORT
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.timeutil import utcnow
from app.extensions import db
from app.notify.publish import publish
from app.uploads.access import register_access_rule
from app.uploads.services import attach_uploads

PHOTO_KIND = "volunteer_report"
PHOTOS_MAX = 9
TITLE_MAX = 100
CONTENT_MAX = 5000
RESULT_LABELS = {"approve": "审核通过", "reject": "审核不通过"}


class NotACommunityVolunteer(Conflict):
    error = "community_volunteer_required"
    message = "请先申请加入服务社区，成为社区志愿者后再上报"


class AlreadyPublished(Conflict):
    error = "report_already_published"
    message = "该上报已发布"


class NotPublished(Conflict):
    error = "report_not_published"
    message = "该上报未发布"


SUBJECT = "report"  # in notifications and the audit trail


def report_not_found() -> NotFound:
    return NotFound("上报内容不存在或已被删除", error="report_not_found")


def submit_report(actor: Actor, values: dict) -> VolunteerReport:
    """志愿者上报: to the author's service community; its admins are told. Every field is checked and all
    the faults reported at once (422)."""
    membership = db.session.scalar(sa.select(CommunityVolunteer).where(CommunityVolunteer.user_id == actor.user_id))
    if membership is None:
        raise NotACommunityVolunteer()
    community = db.session.get(Organisation, membership.community_id)
    if community is None or not community.is_active:
        raise Conflict("您所在的服务社区已停用，暂不能上报", error="community_inactive")
    errors: dict[str, list] = {}
    kind = values.get("kind")
    if kind not in set(ReportKind):
        errors["kind"] = ["请选择上报类型：心得体会或活动计划"]
    texts = {}
    for name, label, limit in (("title", "标题", TITLE_MAX), ("content", "内容", CONTENT_MAX)):
        texts[name] = (values.get(name) or "").strip()
        if not texts[name]:
            errors[name] = [f"请填写{label}"]
        elif len(texts[name]) > limit:
            errors[name] = [f"{label}不能超过 {limit} 个字"]
    photo_ids = values.get("photo_upload_ids") or []
    if len(photo_ids) > PHOTOS_MAX:
        errors["photo_upload_ids"] = [f"最多上传 {PHOTOS_MAX} 张图片"]
    if errors:
        raise InvalidInput(errors=errors)
    report = VolunteerReport(author_id=actor.user_id, community_id=community.id, kind=ReportKind(kind),
                             title=texts["title"], content=texts["content"], status=ReportStatus.PENDING)
    db.session.add(report)
    db.session.flush()
    events.record(SUBJECT, report.id, "submit", community_id=community.id, to_status=str(report.status),
                  actor_id=actor.user_id)
    attach_uploads(photo_ids, actor_user_id=actor.user_id, kind=PHOTO_KIND, target_id=report.id,
                   max_count=PHOTOS_MAX, field="photo_upload_ids")
    publish("report.submitted", ("report", report.id), report_context(report))
    return report


def load_report(report_id: int, *, lock: bool = False) -> VolunteerReport:
    query = sa.select(VolunteerReport).where(VolunteerReport.id == report_id)
    if lock:
        # populate_existing: a copy already in the session is refreshed from the locked read.
        query = query.with_for_update().execution_options(populate_existing=True)
    report = db.session.scalars(query).first()
    if report is None:
        raise report_not_found()
    return report


def _for_staff(actor: Actor, report_id: int) -> VolunteerReport:
    """The report, locked, if the actor reviews for its community; another community's looks missing."""
    report = load_report(report_id, lock=True)
    try:
        authorize(actor, "community.review_report", organisation_id=report.community_id)
    except NotFound:
        raise report_not_found() from None
    return report


def approve_report(actor: Actor, report_id: int, *, publish_now: bool = False) -> VolunteerReport:
    """审核通过 (the community's staff), and 发布 at once when asked; the author is told."""
    report = _for_staff(actor, report_id)
    _move(report, "approve", actor)
    now = utcnow()
    report.reviewed_by_id, report.reviewed_at = actor.user_id, now
    if publish_now:
        _move(report, "publish", actor)
        report.published_at = now
    _tell_author(report, "approve")
    db.session.flush()
    return report


def reject_report(actor: Actor, report_id: int, reason: str) -> VolunteerReport:
    """审核不通过, with the reason the author reads."""
    report = _for_staff(actor, report_id)
    _move(report, "reject", actor, reason)
    report.reviewed_by_id, report.reviewed_at = actor.user_id, utcnow()
    _tell_author(report, "reject")
    db.session.flush()
    return report


def publish_report(actor: Actor, report_id: int) -> VolunteerReport:
    """发布到“志愿者上报”栏目: an approved, unpublished report."""
    report = _for_staff(actor, report_id)
    _move(report, "publish", actor)
    if report.published_at is not None:
        raise AlreadyPublished()
    report.published_at = utcnow()
    db.session.flush()
    return report


def unpublish_report(actor: Actor, report_id: int) -> VolunteerReport:
    """撤下: the report leaves the public column (and its photos become private again)."""
    report = _for_staff(actor, report_id)
    _move(report, "unpublish", actor)
    if report.published_at is None:
        raise NotPublished()
    report.published_at = None
    db.session.flush()
    return report


def _move(report: VolunteerReport, action: str, actor: Actor, reason: str | None = None) -> None:
    events.apply(REPORT, report, SUBJECT, action, actor_id=actor.user_id, community_id=report.community_id,
                 reason=reason)


def _tell_author(report: VolunteerReport, action: str) -> None:
    publish("report.reviewed", ("report", report.id),
            report_context(report, result=RESULT_LABELS[action], reason=report.status_reason or ""))


def may_read(actor: Actor | None, report: VolunteerReport) -> bool:
    """Published: everyone. Otherwise the author and the staff of the report's community."""
    if report.published_at is not None:
        return True
    if actor is None:
        return False
    return report.author_id == actor.user_id or allows(actor, "community.review_report",
                                                       organisation_id=report.community_id)


def _may_read_photo(actor, report_id: int) -> bool:
    report = db.session.get(VolunteerReport, report_id)
    return report is not None and may_read(actor, report)


register_access_rule(PHOTO_KIND, _may_read_photo)
