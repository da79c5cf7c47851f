"""Migration d4e8b2a7c916: service credits booked before the ledger named their place get it from their cause
key (the activity's, the help request's region), so the first quarterly stars after the upgrade count them."""
from __future__ import annotations

import flask_migrate
import sqlalchemy as sa

from app.activities.models import Activity
from app.community.models import HelpRequest
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services as ledger
from app.ledger.models import Cause, LedgerTransfer, OwnerType
from tests.activities.factories_activities import OTHER_COMMUNITY, make_activity, make_volunteer
from tests.community.factories_help import help_world, member, submit_help


def test_the_upgrade_gives_earlier_service_credits_their_place(app_ctx):
    world = help_world()
    volunteer = member(world)
    activity_id = make_activity(world, region_code=OTHER_COMMUNITY)
    request_id = submit_help(make_volunteer("求助人", community_code=None, phone="13900001111"), world)
    owner = (OwnerType.USER, volunteer)
    with unit_of_work():  # booked the old way: no place
        attended = ledger.issue(owner, 2, cause=Cause.ATTENDANCE, cause_key=f"attendance:{activity_id}:{volunteer}:r1",
                                hours=2, services=1)
        back = ledger.reclaim(owner, 1, cause=Cause.ATTENDANCE, hours=1,
                              cause_key=f"attendance:{activity_id}:{volunteer}:r2")
        helped = ledger.issue(owner, 3, cause=Cause.HELP_REQUEST, hours=3, services=1,
                              cause_key=f"help_request:{request_id}:volunteer:{volunteer}")
        rated = ledger.issue(owner, 5, cause=Cause.RATING, cause_key=f"rating:{activity_id}:x")
    db.session.remove()

    flask_migrate.downgrade(revision="c3f1a7d2e9b4")
    flask_migrate.upgrade()

    places = dict(db.session.execute(sa.select(LedgerTransfer.id, LedgerTransfer.region_path)).all())
    activity_path = db.session.get(Activity, activity_id).region_path
    assert activity_path.endswith(f"/{OTHER_COMMUNITY}/")
    assert places == {attended: activity_path, back: activity_path,
                      helped: db.session.get(HelpRequest, request_id).region_path, rated: None}
