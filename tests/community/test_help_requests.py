"""Public help requests (app/community/help_requests.py, help_request_queries.py): every field's check,
the state changes and who may make them, who sees the requester's details, crediting hours once at
closing, the public list and the digest."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind
from app.community import help_request_queries as queries
from app.community import help_requests
from app.community.models import HelpAssignment, HelpRequest, HelpRequestStatus
from app.community.queues_digest import help_requests_pending
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger.models import Cause, LedgerAccount, LedgerTransfer, OwnerType
from app.ledger.rates import points_for_hours
from app.ledger.services import issue
from app.notify.models import NotificationEvent
from tests.activities.factories_activities import actor, make_volunteer
from tests.community.factories_help import REQUESTER_PHONE, assign, help_form, help_world, member, submit_help, told
from tests.factories import make_org

PERSONAL = {"contact_name", "contact_phone", "place", "content", "assignments", "status_reason"}


@pytest.fixture
def world(app_ctx):
    world = help_world()
    world["requester"] = make_volunteer("求助人", phone="13600001111")
    world["v1"], world["v2"] = member(world, "王小明"), member(world, "李四")
    world["outsider"] = member(world, "赵六", community="other_community")
    return world


def act(user_id, call, *args, **kwargs):
    with unit_of_work():
        return call(actor(user_id), *args, **kwargs)


def refused(exc_type, user_id, call, *args, **kwargs):
    with pytest.raises(exc_type) as caught, unit_of_work():
        call(actor(user_id), *args, **kwargs)
    return caught.value


def row(request_id) -> HelpRequest:
    db.session.expire_all()
    return db.session.get(HelpRequest, request_id)


def account(user_id):
    db.session.expire_all()
    return db.session.scalar(sa.select(LedgerAccount).where(LedgerAccount.owner_type == OwnerType.USER,
                                                            LedgerAccount.owner_id == user_id))


# -- submitting ------------------------------------------------------------------------------------------
def test_a_request_goes_to_the_community_with_the_contact_details_encrypted(world):
    request_id = submit_help(world["requester"], world)

    request = row(request_id)
    assert (request.status, request.community_id, request.requester_id) == (
        HelpRequestStatus.PENDING, world["community"], world["requester"])
    assert REQUESTER_PHONE not in request.contact_phone_enc and "李阿姨" not in request.contact_name_enc
    assert request.region_path.endswith("/440106001001/")
    [event] = told("help_request.submitted")[world["community_admin"]]
    assert set(told("help_request.submitted")) == {world["community_admin"]}
    assert REQUESTER_PHONE not in event.body and "李阿姨" not in event.body


_NOW = utcnow()


@pytest.mark.parametrize("changes,field,message", [
    ({"title": ""}, "title", "请填写求助事项"),
    ({"title": "题" * 101}, "title", "求助事项不能超过 100 个字"),
    ({"content": "  "}, "content", "请填写求助内容"),
    ({"content": "字" * 2001}, "content", "求助内容不能超过 2000 个字"),
    ({"place": ""}, "place", "请填写地点"),
    ({"place": "地" * 201}, "place", "地点不能超过 200 个字"),
    ({"contact_name": ""}, "contact_name", "请填写联系人"),
    ({"contact_name": "名" * 31}, "contact_name", "联系人不能超过 30 个字"),
    ({"contact_phone": "12345"}, "contact_phone", "请填写正确的手机号码或固定电话"),
    ({"contact_phone": "12912345678"}, "contact_phone", "请填写正确的手机号码或固定电话"),
    ({"wanted_at": _NOW - timedelta(minutes=1)}, "wanted_at", "期望服务时间须晚于当前时间"),
    ({"wanted_at": _NOW + timedelta(days=366)}, "wanted_at", "期望服务时间须在一年以内"),
    ({"wanted_at": (_NOW + timedelta(days=1)).replace(tzinfo=None)}, "wanted_at", "请填写带时区的期望服务时间"),
    ({"wanted_at": None}, "wanted_at", "请填写带时区的期望服务时间"),
    ({"community_id": 999999}, "community_id", "请选择服务社区"),
    ({"community_id": None}, "community_id", "请选择服务社区"),
])
def test_every_field_is_checked(world, changes, field, message):
    error = refused(InvalidInput, world["requester"], help_requests.submit_help_request, help_form(world, **changes))
    assert error.errors == {field: [message]}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HelpRequest)) == 0


@pytest.mark.parametrize("target", ["district_community", "station", "inactive"])
def test_only_an_active_community_at_a_community_takes_requests(world, target):
    org_id = {"district_community": lambda: make_org(OrgKind.COMMUNITY, "440106", "天河区社区办"),
              "station": lambda: make_org(OrgKind.STATION, "440106001", "五山街道社工站"),
              "inactive": lambda: world["community"]}[target]()
    if target == "inactive":
        with unit_of_work():
            db.session.get(Organisation, org_id).is_active = False
    error = refused(InvalidInput, world["requester"], help_requests.submit_help_request,
                    help_form(world, community_id=org_id))
    assert error.errors == {"community_id": ["请选择服务社区"]}


def test_a_landline_and_the_limits_are_accepted(world):
    request_id = submit_help(world["requester"], world, contact_phone="0516-83801234", title="题" * 100,
                             wanted_at=utcnow() + timedelta(days=364))
    detail = queries.help_request_detail(actor(world["requester"]), request_id)
    assert detail["contact_phone"] == "0516-83801234"


# -- assigning -------------------------------------------------------------------------------------------
def test_assigning_the_communitys_volunteers_tells_them_and_the_requester(world):
    request_id = submit_help(world["requester"], world)

    act(world["community_staff"], help_requests.assign_volunteers, request_id, [world["v1"]])

    assert row(request_id).status is HelpRequestStatus.ASSIGNED
    assert set(told("help_request.assigned")) == {world["v1"]}
    assert told("help_request.updated")[world["requester"]][0].title == "求助处理进度：已安排志愿者"

    # Assigning again adds; only the newly assigned hear of it.
    act(world["community_admin"], help_requests.assign_volunteers, request_id, [world["v1"], world["v2"]])
    assert help_requests.assigned_ids(request_id) == [world["v1"], world["v2"]]
    assert {user: len(events) for user, events in told("help_request.assigned").items()} == {
        world["v1"]: 1, world["v2"]: 1}


def test_assigning_someone_already_assigned_adds_nobody(world):
    request_id = submit_help(world["requester"], world)
    assign(world["community_admin"], request_id, [world["v1"]])
    error = refused(Conflict, world["community_admin"], help_requests.assign_volunteers, request_id, [world["v1"]])
    assert error.error == "already_assigned"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HelpAssignment)) == 1


@pytest.mark.parametrize("who,expected", [
    ("outsider", {"volunteer_ids": {1: ["不是本社区的志愿者"]}}),
    ("not_a_volunteer", {"volunteer_ids": {1: ["不是本社区的志愿者"]}}),
    ("twice", {"volunteer_ids": ["同一名志愿者不能重复选择"]}),
    ("nobody", {"volunteer_ids": ["请选择志愿者"]}),
])
def test_only_the_communitys_own_volunteers_can_be_assigned(world, who, expected):
    request_id = submit_help(world["requester"], world)
    ids = {"outsider": [world["v1"], world["outsider"]], "not_a_volunteer": [world["v1"], world["requester"]],
           "twice": [world["v1"], world["v1"]], "nobody": []}[who]
    error = refused(InvalidInput, world["community_admin"], help_requests.assign_volunteers, request_id, ids)
    assert error.errors == expected
    assert row(request_id).status is HelpRequestStatus.PENDING
    assert help_requests.assigned_ids(request_id) == []


def test_another_community_sees_a_missing_request_and_others_are_refused(world):
    request_id = submit_help(world["requester"], world)
    error = refused(NotFound, world["other_community_admin"], help_requests.assign_volunteers, request_id,
                    [world["outsider"]])
    assert error.error == "help_request_not_found"
    refused(Forbidden, world["v1"], help_requests.decline_help_request, request_id, "不归我管")
    assert row(request_id).status is HelpRequestStatus.PENDING


# -- declining and withdrawing ---------------------------------------------------------------------------
def test_declining_needs_a_reason_and_tells_the_requester(world):
    request_id = submit_help(world["requester"], world)
    error = refused(InvalidInput, world["community_admin"], help_requests.decline_help_request, request_id, "")
    assert error.errors == {"reason": ["请填写原因"]}

    act(world["community_admin"], help_requests.decline_help_request, request_id, "不在本社区服务范围")

    request = row(request_id)
    assert (request.status, request.status_reason) == (HelpRequestStatus.DECLINED, "不在本社区服务范围")
    [event] = told("help_request.updated")[world["requester"]]
    assert event.title == "求助处理进度：不予受理" and "不在本社区服务范围" in event.body
    assert refused(Conflict, world["community_admin"], help_requests.assign_volunteers, request_id,
                   [world["v1"]]).error == "invalid_transition"


def test_an_assigned_request_can_no_longer_be_declined_or_withdrawn(world):
    request_id = submit_help(world["requester"], world)
    assign(world["community_admin"], request_id, [world["v1"]])
    refused(Conflict, world["community_admin"], help_requests.decline_help_request, request_id, "晚了")
    refused(Conflict, world["requester"], help_requests.withdraw_help_request, request_id)
    assert row(request_id).status is HelpRequestStatus.ASSIGNED


def test_the_requester_withdraws_a_pending_request_nobody_else_can(world):
    request_id = submit_help(world["requester"], world)
    refused(NotFound, world["v1"], help_requests.withdraw_help_request, request_id)
    refused(NotFound, world["community_admin"], help_requests.withdraw_help_request, request_id)

    act(world["requester"], help_requests.withdraw_help_request, request_id)

    assert row(request_id).status is HelpRequestStatus.WITHDRAWN
    refused(Conflict, world["community_admin"], help_requests.assign_volunteers, request_id, [world["v1"]])


# -- results and closing ---------------------------------------------------------------------------------
def test_an_assigned_volunteer_reports_the_result_and_the_admins_hear(world):
    request_id = submit_help(world["requester"], world)
    assign(world["community_admin"], request_id, [world["v1"]])
    refused(NotFound, world["v2"], help_requests.report_result, request_id, "我也去了")
    refused(InvalidInput, world["v1"], help_requests.report_result, request_id, "  ")

    act(world["v1"], help_requests.report_result, request_id, "已代买药品并送到家中")

    [assignment] = queries.help_request_detail(actor(world["community_admin"]), request_id)["assignments"]
    assert (assignment["volunteer_id"], assignment["result"]) == (world["v1"], "已代买药品并送到家中")
    assert set(told("help_request.reported")) == {world["community_admin"]}


def test_closing_credits_each_volunteers_hours_once_and_tells_everyone(world):
    request_id = submit_help(world["requester"], world)
    assign(world["community_admin"], request_id, [world["v1"], world["v2"]])

    act(world["community_staff"], help_requests.close_help_request, request_id, "已帮助老人买到药品",
        [{"volunteer_id": world["v1"], "hours": Decimal("2.5")}])

    request = row(request_id)
    assert (request.status, request.close_summary, request.closed_by_id) == (
        HelpRequestStatus.CLOSED, "已帮助老人买到药品", world["community_staff"])
    assert request.closed_at is not None
    one = account(world["v1"])
    assert (one.balance, one.hours, one.services) == (points_for_hours(Decimal("2.5")), Decimal("2.5"), 1)
    assert account(world["v2"]) is None  # no hours given, nothing booked
    [transfer] = db.session.scalars(sa.select(LedgerTransfer).where(LedgerTransfer.cause == Cause.HELP_REQUEST))
    assert transfer.cause_key == f"help_request:{request_id}:volunteer:{world['v1']}"
    assert transfer.region_path == request.region_path  # served in the community (the stars count it there)
    assert set(told("points.credited")) == {world["v1"]}
    assert told("help_request.updated")[world["requester"]][-1].title == "求助处理进度：已办结"
    # A retry of the same credit books nothing; a second close is refused before any booking.
    assert issue((OwnerType.USER, world["v1"]), 5, cause=Cause.HELP_REQUEST, cause_key=transfer.cause_key,
                 hours=Decimal("2.5"), services=1) is None
    refused(Conflict, world["community_admin"], help_requests.close_help_request, request_id, "再次办结",
            [{"volunteer_id": world["v1"], "hours": Decimal(3)}])
    refused(Conflict, world["v1"], help_requests.report_result, request_id, "补充")
    assert account(world["v1"]).balance == points_for_hours(Decimal("2.5"))


def test_a_pending_request_cannot_be_closed(world):
    request_id = submit_help(world["requester"], world)
    assert refused(Conflict, world["community_admin"], help_requests.close_help_request, request_id,
                   "办结").error == "invalid_transition"


@pytest.mark.parametrize("entries,expected", [
    ([{"volunteer_id": "v2", "hours": "1"}], {0: ["该志愿者未被安排到此求助"]}),
    ([{"volunteer_id": "v1", "hours": "0"}], {0: ["服务时长应在 0.1 到 24 小时之间，最多一位小数"]}),
    ([{"volunteer_id": "v1", "hours": "24.5"}], {0: ["服务时长应在 0.1 到 24 小时之间，最多一位小数"]}),
    ([{"volunteer_id": "v1", "hours": "1.25"}], {0: ["服务时长应在 0.1 到 24 小时之间，最多一位小数"]}),
    ([{"volunteer_id": "v1", "hours": "NaN"}], {0: ["服务时长应在 0.1 到 24 小时之间，最多一位小数"]}),
    ([{"volunteer_id": "v1", "hours": "1"}, {"volunteer_id": "v1", "hours": "2"}],
     {1: ["同一名志愿者只能填写一次时长"]}),
])
def test_hours_are_checked_and_nothing_is_booked_on_a_fault(world, entries, expected):
    request_id = submit_help(world["requester"], world)
    assign(world["community_admin"], request_id, [world["v1"]])
    entries = [{"volunteer_id": world[e["volunteer_id"]], "hours": Decimal(e["hours"])} for e in entries]
    error = refused(InvalidInput, world["community_admin"], help_requests.close_help_request, request_id, "办结",
                    entries)
    assert error.errors == {"hours": expected}
    assert row(request_id).status is HelpRequestStatus.ASSIGNED and account(world["v1"]) is None


def test_a_summary_is_required_to_close(world):
    request_id = submit_help(world["requester"], world)
    assign(world["community_admin"], request_id, [world["v1"]])
    error = refused(InvalidInput, world["community_admin"], help_requests.close_help_request, request_id, " ")
    assert error.errors == {"summary": ["请填写办理情况"]}


# -- who sees what ---------------------------------------------------------------------------------------
def test_contact_details_in_clear_only_for_requester_staff_and_assigned_volunteers(world):
    request_id = submit_help(world["requester"], world)
    assign(world["community_admin"], request_id, [world["v1"]])

    for user, seen_as in ((world["requester"], "requester"), (world["community_admin"], "staff"),
                          (world["community_staff"], "staff"), (world["v1"], "volunteer")):
        detail = queries.help_request_detail(actor(user), request_id)
        assert (detail["viewpoint"], detail["contact_name"], detail["contact_phone"]) == (
            seen_as, "李阿姨", REQUESTER_PHONE)
    for user in (world["v2"], world["outsider"], world["other_community_admin"]):
        with pytest.raises(NotFound):
            queries.help_request_detail(actor(user), request_id)
    with pytest.raises(NotFound):
        queries.help_request_detail(None, request_id)

    # The staff's list masks the phone; the volunteer's list of assignments carries none.
    [item] = queries.staff_queue(actor(world["community_staff"]))["items"]
    assert item["contact_phone"] == "139****5678"
    [mine] = queries.my_assignments(actor(world["v1"]))["items"]
    assert mine["request"]["id"] == request_id and "contact_phone" not in mine["request"]
    assert queries.my_assignments(actor(world["v2"]))["items"] == []
    # Nothing about the request was written into any notification in clear.
    bodies = " ".join(t + b for t, b in db.session.execute(sa.select(NotificationEvent.title, NotificationEvent.body)))
    assert REQUESTER_PHONE not in bodies and "李阿姨" not in bodies


def test_a_closed_request_is_public_without_personal_details(world):
    request_id = submit_help(world["requester"], world, content="内" * 150)
    assign(world["community_admin"], request_id, [world["v1"]])
    act(world["community_admin"], help_requests.close_help_request, request_id, "已办结，老人很满意")

    for reader in (None, actor(world["v2"]), actor(world["other_community_admin"])):
        public = queries.help_request_detail(reader, request_id)
        assert public["viewpoint"] == "public" and not PERSONAL & set(public)
        assert (public["summary"], public["close_summary"]) == ("内" * 100, "已办结，老人很满意")
    [listed] = queries.closed_requests()["items"]
    assert set(listed) == {"id", "title", "community", "summary", "close_summary", "closed_at"}
    assert queries.help_request_detail(actor(world["v1"]), request_id)["contact_phone"] == REQUESTER_PHONE


def test_only_closed_requests_are_listed_publicly_latest_closed_first(world):
    ids = [submit_help(world["requester"], world, title=f"求助{i}") for i in range(4)]
    for request_id in ids:
        assign(world["community_admin"], request_id, [world["v1"]])
    for request_id in (ids[2], ids[0], ids[1]):
        act(world["community_admin"], help_requests.close_help_request, request_id, "办结")

    first = queries.closed_requests(limit=2)
    second = queries.closed_requests(cursor=first["next_cursor"], limit=2)
    assert [i["id"] for i in first["items"] + second["items"]] == [ids[1], ids[0], ids[2]]
    assert second["next_cursor"] is None


def test_the_requester_lists_their_requests_with_status_and_assignees(world):
    declined = submit_help(world["requester"], world)
    act(world["community_admin"], help_requests.decline_help_request, declined, "重复提交")
    assigned = submit_help(world["requester"], world)
    assign(world["community_admin"], assigned, [world["v1"]])
    submit_help(world["v1"], world)  # someone else's

    items = queries.my_requests(actor(world["requester"]))["items"]
    assert [(i["id"], i["status_label"], i["status_reason"]) for i in items] == [
        (assigned, "已安排", None), (declined, "不予受理", "重复提交")]
    assert [a["name"] for a in items[0]["assignments"]] == ["王小明"]


def test_the_staff_queue_filters_by_status_and_stays_inside_the_community(world):
    pending = submit_help(world["requester"], world)
    assigned = submit_help(world["requester"], world)
    assign(world["community_admin"], assigned, [world["v1"]])
    theirs = submit_help(world["requester"], world, community_id=world["other_community"])

    def ids(user, **kwargs):
        return [i["id"] for i in queries.staff_queue(actor(user), **kwargs)["items"]]

    assert ids(world["community_admin"]) == [assigned, pending]
    assert ids(world["community_admin"], status=HelpRequestStatus.PENDING) == [pending]
    assert ids(world["other_community_admin"]) == [theirs]
    with pytest.raises(NotFound):
        ids(world["community_admin"], organisation_id=world["other_community"])


def test_the_digest_counts_requests_waiting_for_volunteers(world):
    submit_help(world["requester"], world)
    assign(world["community_admin"], submit_help(world["requester"], world), [world["v1"]])
    counts = {(user, label): n for user, label, n in db.session.execute(help_requests_pending())}
    assert counts == {(world["community_admin"], "求助待安排"): 1, (world["community_staff"], "求助待安排"): 1}
