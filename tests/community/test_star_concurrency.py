"""An association override racing the quarterly job (PostgreSQL: real row locks, one connection per thread):
whichever commits first, the override stands and the job's other rows are written."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.community import stars
from app.community.models import StarAward, StarKind
from app.core.timeutil import SHANGHAI
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.community.factories_showcase import CITY, WUSHAN, actor, credit, make_member, region_id, star_world
from tests.concurrency.conftest import postgres_only, run_together  # noqa: F401 - postgres_only is a fixture

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]
Q = "2025Q3"
NOW = datetime(2025, 10, 2, tzinfo=UTC)


@pytest.mark.parametrize("round_", range(5))
def test_the_job_never_replaces_an_override_saved_at_the_same_time(app, app_ctx, round_):
    world = star_world()
    top, chosen = make_member(world, "华农", "张高"), make_member(world, "茶山", "李选")
    credit(top, 10, at=datetime(2025, 8, 1, tzinfo=SHANGHAI))
    credit(chosen, 1, at=datetime(2025, 8, 2, tzinfo=SHANGHAI))
    if round_ % 2:
        with unit_of_work():
            stars.compute_stars(Q, now=NOW)  # half the rounds race against existing computed rows
    manager = actor(world["association_admin"])

    def work(index: int):
        with app.app_context():
            try:
                with unit_of_work():
                    if index == 0:
                        return stars.compute_stars(Q, now=datetime(2025, 10, 3, round_, tzinfo=UTC))
                    return stars.override_star(manager, Q, WUSHAN, StarKind.VOLUNTEER, user_id=chosen,
                                               citation="表现突出", now=NOW).id
            finally:
                db.session.remove()

    results = run_together(2, work)

    assert not any(isinstance(r, Exception) for r in results), results
    db.session.expire_all()
    rows = {(a.region_id, a.kind): a for a in db.session.scalars(sa.select(StarAward).where(StarAward.quarter == Q))}
    wushan = rows[(region_id(WUSHAN), StarKind.VOLUNTEER)]
    assert (wushan.user_id, wushan.overridden_by_id, wushan.citation) == (
        chosen, world["association_admin"], "表现突出")
    assert rows[(region_id(CITY), StarKind.VOLUNTEER)].user_id == top
