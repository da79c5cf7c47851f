"""Races on joining a community (PostgreSQL: real row locks, one connection per thread).

Each racer is a full HTTP request through its own test client and app context, so the transaction, the
locks and the error envelope are the production ones.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.community.models import ApplicationStatus, CommunityApplication, CommunityVolunteer
from app.extensions import db
from app.notify.models import NotificationEvent
from tests.community.factories_community import community_world, form, id_card, make_person, submit
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture
from tests.factories import auth, token_for

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def world(app_ctx):
    return community_world()


def post(app, path, token, body=None):
    with app.app_context(), app.test_client() as client:
        return client.post(path, json=body if body is not None else {}, headers=auth(token))


def applications_of(user_id: int) -> list[CommunityApplication]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(CommunityApplication).where(CommunityApplication.user_id == user_id)))


@pytest.mark.parametrize("round_", range(3))
def test_the_same_person_submitting_at_once_gets_one_pending_application(app, world, round_):
    person = make_person()
    token = token_for(person)
    targets = [world["community"], world["second"]] * 4
    number = id_card()

    responses = run_together(8, lambda i: post(app, "/api/v1/community/applications", token,
                                               form(targets[i], id_card_number=number)))

    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * 7, [r.json for r in responses]
    assert {r.json["error"] for r in responses if r.status_code == 409} == {"application_pending"}
    rows = applications_of(person)
    assert len(rows) == 1 and rows[0].status is ApplicationStatus.PENDING
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent).where(
        NotificationEvent.kind == "application.submitted")) == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_staff_deciding_at_once_decide_once(app, world, round_):
    person = make_person()
    application_id = submit(person, world["community"])
    tokens = [token_for(world["community_admin"]), token_for(world["community_staff"])] * 3
    paths = [f"/api/v1/community/applications/{application_id}/{action}" for action in ("approve", "reject")]

    def work(i):
        # Four approvals and two rejections race: exactly one decision wins.
        action = paths[1] if i in (2, 5) else paths[0]
        return post(app, action, tokens[i], {"reason": "资料不全"} if action == paths[1] else None)

    responses = run_together(6, work)

    assert sorted(r.status_code for r in responses) == [200] + [409] * 5, [r.json for r in responses]
    assert {r.json["error"] for r in responses if r.status_code == 409} == {"invalid_transition"}
    row = applications_of(person)[0]
    members = db.session.scalars(sa.select(CommunityVolunteer).where(CommunityVolunteer.user_id == person)).all()
    decided = db.session.scalars(sa.select(NotificationEvent.body).where(
        NotificationEvent.kind == "application.decided")).all()
    assert len(decided) == 1
    if row.status is ApplicationStatus.APPROVED:
        assert len(members) == 1 and db.session.get(User, person).service_community_id is not None
    else:
        assert row.status is ApplicationStatus.REJECTED and members == []


@pytest.mark.parametrize("round_", range(3))
def test_withdrawing_while_the_staff_approve_leaves_one_consistent_outcome(app, world, round_):
    person = make_person()
    application_id = submit(person, world["community"])
    staff, applicant = token_for(world["community_admin"]), token_for(person)

    def work(i):
        if i == 0:
            return post(app, f"/api/v1/community/applications/{application_id}/withdraw", applicant)
        return post(app, f"/api/v1/community/applications/{application_id}/approve", staff)

    responses = run_together(2, work)

    assert sorted(r.status_code for r in responses) == [200, 409], [r.json for r in responses]
    row = applications_of(person)[0]
    members = db.session.scalars(sa.select(CommunityVolunteer).where(CommunityVolunteer.user_id == person)).all()
    assert (row.status is ApplicationStatus.APPROVED) == (len(members) == 1)
    assert row.status in (ApplicationStatus.APPROVED, ApplicationStatus.WITHDRAWN)
