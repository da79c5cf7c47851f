"""Volunteer reports (app/community/reports.py, report_queries.py): who may report, every field's check,
the review decisions and publishing, who reads a report and its photos, the public column and the digest."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.community import report_queries, reports
from app.community.models import ReportStatus, VolunteerReport
from app.community.queues_digest import reports_pending
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.uploads.models import Upload
from app.uploads.services import can_read
from tests.activities.factories_activities import actor, make_volunteer
from tests.community.factories_help import help_world, member, photo, report_form, submit_report, told


@pytest.fixture
def world(app_ctx):
    return help_world()


def refused(exc_type, user_id, call, *args, **kwargs):
    with pytest.raises(exc_type) as caught, unit_of_work():
        call(actor(user_id), *args, **kwargs)
    return caught.value


def decide(user_id, call, *args, **kwargs):
    with unit_of_work():
        return call(actor(user_id), *args, **kwargs).id


def row(report_id) -> VolunteerReport:
    db.session.expire_all()
    return db.session.get(VolunteerReport, report_id)


# -- submitting -------------------------------------------------------------------------------------------
def test_a_community_volunteer_reports_to_their_community_and_its_admins_hear(world):
    author = member(world, "王小明")
    pictures = [photo(author), photo(author)]

    report_id = submit_report(author, kind="plan", photo_upload_ids=pictures)

    report = row(report_id)
    assert (report.community_id, report.author_id, report.kind, report.status, report.published_at) == (
        world["community"], author, "plan", ReportStatus.PENDING, None)
    assert report_queries.report_detail(actor(author), report_id)["photo_upload_ids"] == pictures
    # The route goes to the community's admins only: not its staff member, not the other community.
    assert set(told("report.submitted")) == {world["community_admin"]}


def test_someone_who_has_not_joined_a_community_is_asked_to_join_first(world):
    error = refused(Conflict, make_volunteer("路人"), reports.submit_report, report_form())
    assert (error.error, error.message) == ("community_volunteer_required",
                                            "请先申请加入服务社区，成为社区志愿者后再上报")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(VolunteerReport)) == 0


@pytest.mark.parametrize("changes,field,message", [
    ({"kind": "diary"}, "kind", "请选择上报类型：心得体会或活动计划"),
    ({"kind": None}, "kind", "请选择上报类型：心得体会或活动计划"),
    ({"title": "   "}, "title", "请填写标题"),
    ({"title": "标" * 101}, "title", "标题不能超过 100 个字"),
    ({"content": ""}, "content", "请填写内容"),
    ({"content": "字" * 5001}, "content", "内容不能超过 5000 个字"),
    ({"photo_upload_ids": list(range(1, 11))}, "photo_upload_ids", "最多上传 9 张图片"),
])
def test_every_field_is_checked(world, changes, field, message):
    error = refused(InvalidInput, member(world), reports.submit_report, report_form(**changes))
    assert error.errors == {field: [message]}


def test_the_limits_themselves_are_accepted(world):
    author = member(world)
    report_id = submit_report(author, title="标" * 100, content="字" * 5000,
                              photo_upload_ids=[photo(author) for _ in range(9)])
    assert len(row(report_id).title) == 100


def test_all_faults_are_reported_at_once(world):
    error = refused(InvalidInput, member(world), reports.submit_report, report_form(kind="x", title="", content=""))
    assert set(error.errors) == {"kind", "title", "content"}


def test_photos_must_be_the_authors_own_uploads(world):
    author = member(world)
    foreign = photo(world["community_admin"])
    error = refused(InvalidInput, author, reports.submit_report, report_form(photo_upload_ids=[foreign]))
    assert error.errors == {"photo_upload_ids": {0: ["图片不存在或已被删除"]}}
    assert db.session.get(Upload, foreign).attached_kind is None


# -- reviewing and publishing ----------------------------------------------------------------------------
def test_approving_and_publishing_at_once_tells_the_author(world):
    author = member(world, "王小明")
    report_id = submit_report(author)

    decide(world["community_staff"], reports.approve_report, report_id, publish_now=True)

    report = row(report_id)
    assert (report.status, report.reviewed_by_id) == (ReportStatus.APPROVED, world["community_staff"])
    assert report.published_at is not None
    [event] = told("report.reviewed")[author]
    assert event.title == "志愿者上报审核结果：审核通过"
    column = report_queries.public_reports()["items"]
    assert [(i["id"], i["author_name"], i["community"]["id"]) for i in column] == [
        (report_id, "王**", world["community"])]


def test_approving_without_publishing_keeps_it_out_of_the_column_until_published(world):
    report_id = submit_report(member(world))
    decide(world["community_admin"], reports.approve_report, report_id)
    assert row(report_id).published_at is None and report_queries.public_reports()["items"] == []

    decide(world["community_admin"], reports.publish_report, report_id)
    assert [i["id"] for i in report_queries.public_reports()["items"]] == [report_id]
    assert refused(Conflict, world["community_admin"], reports.publish_report, report_id).error == (
        "report_already_published")

    decide(world["community_admin"], reports.unpublish_report, report_id)
    assert row(report_id).published_at is None and report_queries.public_reports()["items"] == []
    assert refused(Conflict, world["community_admin"], reports.unpublish_report, report_id).error == (
        "report_not_published")


def test_rejecting_needs_a_reason_which_the_author_reads(world):
    author = member(world)
    report_id = submit_report(author)
    error = refused(InvalidInput, world["community_admin"], reports.reject_report, report_id, "  ")
    assert error.errors == {"reason": ["请填写原因"]}

    decide(world["community_admin"], reports.reject_report, report_id, "内容与志愿服务无关")

    [mine] = report_queries.my_reports(actor(author))["items"]
    assert (mine["status"], mine["status_label"], mine["status_reason"]) == (
        ReportStatus.REJECTED, "审核不通过", "内容与志愿服务无关")
    [event] = told("report.reviewed")[author]
    assert "内容与志愿服务无关" in event.body


@pytest.mark.parametrize("call,args", [
    (reports.approve_report, ()), (reports.reject_report, ("理由",)), (reports.publish_report, ()),
])
def test_a_decided_or_unapproved_report_refuses_the_wrong_step(world, call, args):
    report_id = submit_report(member(world))
    decide(world["community_admin"], reports.reject_report, report_id, "不合适")
    assert refused(Conflict, world["community_admin"], call, report_id, *args).error == "invalid_transition"


def test_a_pending_report_cannot_be_published(world):
    report_id = submit_report(member(world))
    assert refused(Conflict, world["community_admin"], reports.publish_report, report_id).error == (
        "invalid_transition")


def test_another_communitys_staff_see_a_missing_report_and_volunteers_are_refused(world):
    report_id = submit_report(member(world))
    error = refused(NotFound, world["other_community_admin"], reports.approve_report, report_id)
    assert error.error == "report_not_found"
    refused(Forbidden, member(world, "别人"), reports.approve_report, report_id)
    assert row(report_id).status is ReportStatus.PENDING


# -- reading ---------------------------------------------------------------------------------------------
def test_an_unpublished_report_and_its_photos_are_the_authors_and_the_communitys(world):
    author = member(world)
    picture = photo(author)
    report_id = submit_report(author, photo_upload_ids=[picture])
    upload = db.session.get(Upload, picture)
    stranger, other_staff = member(world, "别人"), world["other_community_admin"]

    for reader in (author, world["community_admin"], world["community_staff"]):
        assert report_queries.report_detail(actor(reader), report_id)["author_name"] == "王小明"
        assert can_read(actor(reader), upload)
    for reader in (stranger, other_staff):
        with pytest.raises(NotFound):
            report_queries.report_detail(actor(reader), report_id)
        assert not can_read(actor(reader), upload)
    with pytest.raises(NotFound):
        report_queries.report_detail(None, report_id)

    decide(world["community_admin"], reports.approve_report, report_id, publish_now=True)
    db.session.expire_all()
    assert can_read(actor(stranger), db.session.get(Upload, picture))
    public = report_queries.report_detail(None, report_id)
    assert public["author_name"] == "王**" and "status_reason" not in public and "author_id" not in public
    assert report_queries.report_detail(actor(author), report_id)["author_name"] == "王小明"


def test_the_review_queue_holds_the_communitys_reports_by_status(world):
    mine = submit_report(member(world))
    approved = submit_report(member(world, "李四"))
    decide(world["community_admin"], reports.approve_report, approved)
    theirs = submit_report(member(world, "赵六", community="other_community"))

    queue = report_queries.review_queue(actor(world["community_staff"]))
    assert [i["id"] for i in queue["items"]] == [approved, mine]
    pending = report_queries.review_queue(actor(world["community_staff"]), status=ReportStatus.PENDING)
    assert [i["id"] for i in pending["items"]] == [mine]
    assert [i["id"] for i in report_queries.review_queue(actor(world["other_community_admin"]))["items"]] == [theirs]
    with pytest.raises(NotFound):
        report_queries.review_queue(actor(world["community_admin"]), organisation_id=world["other_community"])


def test_the_public_column_pages_newest_publication_first(world):
    author = member(world)
    ids = [submit_report(author, title=f"体会{i}") for i in range(3)]
    for report_id in (ids[1], ids[0], ids[2]):  # published in this order
        decide(world["community_admin"], reports.approve_report, report_id, publish_now=True)

    first = report_queries.public_reports(limit=2)
    second = report_queries.public_reports(cursor=first["next_cursor"], limit=2)

    assert [i["id"] for i in first["items"]] + [i["id"] for i in second["items"]] == [ids[2], ids[0], ids[1]]
    assert second["next_cursor"] is None
    with pytest.raises(InvalidInput) as caught:
        report_queries.public_reports(cursor="not-a-cursor")
    assert set(caught.value.errors) == {"cursor"}


def test_the_digest_counts_pending_reports_for_the_communitys_staff(world):
    submit_report(member(world))
    decided = submit_report(member(world, "李四"))
    decide(world["community_admin"], reports.reject_report, decided, "不合适")
    submit_report(member(world, "赵六", community="other_community"))

    counts = {(user, label): n for user, label, n in db.session.execute(reports_pending())}
    assert counts == {(world["community_admin"], "上报待审核"): 1, (world["community_staff"], "上报待审核"): 1,
                      (world["other_community_admin"], "上报待审核"): 1}
