"""The needs module's queues in the daily digest: each staff member reads what waits on their organisation."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.accounts.models import Region
from app.core.runtime import pii
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs import scoring
from app.needs.models import ClaimStatus, InitialNeed
from app.notify.digest import send_daily_digest
from app.notify.models import InboxItem, NotificationEvent
from tests.factories import make_user
from tests.needs.factories_scoring import accepted_claim, actor, make_claim, make_need, needs_world


@pytest.fixture
def world(app_ctx):
    return needs_world()


def initial_need(region_code: str) -> None:
    poster = make_user(mp_openid=f"o-poster-{region_code}")
    with unit_of_work() as session:
        region = session.scalar(sa.select(Region).where(Region.code == region_code))
        session.add(InitialNeed(poster_id=poster, title="社区需要暑期托管", content="内容", region_id=region.id,
                                region_path=region.path, contact_name="张女士",
                                contact_phone_enc=pii().encrypt("13900001111", context="initial_needs.contact_phone")))


def digests() -> dict[int, str]:
    rows = db.session.execute(sa.select(InboxItem.user_id, NotificationEvent.body)
                              .join(NotificationEvent, NotificationEvent.id == InboxItem.event_id)
                              .where(NotificationEvent.kind == "digest.daily"))
    return dict(rows.all())


def test_each_staff_member_reads_their_organisations_queues(world):
    need = make_need(world)
    make_claim(world, need)
    make_claim(world, need, org=world["provider2"])
    scored_by_league = accepted_claim(world)
    accepted_claim(world)
    with unit_of_work():
        scoring.score_claim(actor(world["league_admin"]), scored_by_league, 5)
    make_claim(world, make_need(world), status=ClaimStatus.RETURNED)
    initial_need("440106001")  # inside the league's district
    initial_need("440104001")  # another district's

    with unit_of_work():
        send_daily_digest(date(2026, 7, 10))

    sent = digests()
    league = "认领待确认 2 项；认领待评分 1 项；初始需求待处理 1 项"
    assert sent[world["league_admin"]] == sent[world["league_staff"]] == league
    assert sent[world["provider_admin"]] == sent[world["provider_staff"]] == "认领待评分 2 项"
    assert world["provider2_admin"] not in sent  # its claim waits on the league, not on it
