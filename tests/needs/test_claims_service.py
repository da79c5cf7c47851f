"""Needs, claims and initial needs through the services: every transition and every refusal."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs import claims, initial_needs, needs
from app.needs.models import Claim, ClaimStatus, InitialNeedStatus, Need, NeedEvent, NeedStatus
from app.notify.models import NotificationEvent
from tests.factories import make_user
from tests.needs.factories_needs import (
    accept,
    actor,
    claim,
    make_provider,
    need_fields,
    needs_core_world,
    publish,
)


@pytest.fixture
def world(app_ctx):
    return needs_core_world()


def row(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def kinds():
    return sorted(db.session.scalars(sa.select(NotificationEvent.kind)))


@pytest.mark.parametrize("typed", ["暑期陪伴", "【七彩假期】暑期陪伴", " 【 七彩假期 】【七彩假期】暑期陪伴",
                                   "[七彩假期]暑期陪伴"])
def test_the_platform_writes_the_zone_prefix_once(world, typed):
    assert row(Need, publish(world, title=typed)).title == "【七彩假期】暑期陪伴"


def test_a_need_outside_a_zone_keeps_its_title_and_the_phones_are_encrypted(world):
    need = row(Need, publish(world, zone_id=None, title="周末助学"))
    assert need.title == "周末助学" and need.status is NeedStatus.UNCLAIMED
    assert "13800001111" not in need.leader_mobile_enc


def test_publishing_refuses_bad_fields_in_one_answer(world):
    with pytest.raises(InvalidInput) as refused, unit_of_work():
        needs.publish_need(actor(world["league_admin"]), need_fields(
            region_code="440104001", leader_mobile="12345", leader_landline="8765",
            ends_at=need_fields()["starts_at"] - timedelta(hours=1)))
    assert set(refused.value.errors) == {"region_code", "leader_mobile", "leader_landline", "ends_at"}


def test_a_closed_zone_refuses_new_needs(world):
    with unit_of_work():
        from app.needs.models import Zone

        db.session.get(Zone, world["zone"]).is_active = False
    with pytest.raises(Conflict) as refused:
        publish(world)
    assert refused.value.error == "zone_closed"


def test_claiming_needs_a_completed_profile_and_one_live_claim(world):
    need_id = publish(world)
    unready = make_provider("新成立志愿队", "pv-new", complete=False)
    with pytest.raises(Conflict) as refused:
        claim(unready, need_id)
    assert refused.value.error == "profile_incomplete"
    first = claim(world["provider"], need_id)
    with pytest.raises(Conflict) as twice:
        claim(world["provider"], need_id)
    assert twice.value.error == "already_claimed"
    assert row(Claim, first).status is ClaimStatus.PENDING and kinds() == ["claim.requested"]


def test_accepting_claims_the_need_and_returns_the_others(world):
    need_id = publish(world)
    first, second = claim(world["provider"], need_id), claim(world["provider2"], need_id)
    accept(world, second)
    assert row(Need, need_id).status is NeedStatus.CLAIMED and row(Need, need_id).claimed_at is not None
    assert row(Claim, second).status is ClaimStatus.ACCEPTED
    returned = row(Claim, first)
    assert returned.status is ClaimStatus.RETURNED and returned.status_reason == "需求已由其他组织认领"
    assert kinds() == ["claim.accepted", "claim.requested", "claim.requested", "claim.returned", "scoring.pending"]
    with pytest.raises(Conflict) as late:
        claim(make_provider("迟到志愿队", "pv-late"), need_id)
    assert late.value.error == "need_not_claimable"


def test_return_needs_a_reason_and_withdraw_is_the_claimers(world):
    need_id = publish(world)
    first, second = claim(world["provider"], need_id), claim(world["provider2"], need_id)
    with pytest.raises(InvalidInput), unit_of_work():
        claims.return_claim(actor(world["league_admin"]), first, " ")
    with unit_of_work():
        claims.return_claim(actor(world["league_admin"]), first, "服务区域不匹配")
    assert (row(Claim, first).status, row(Claim, first).status_reason) == (ClaimStatus.RETURNED, "服务区域不匹配")
    with pytest.raises(NotFound), unit_of_work():  # another organisation's claim does not exist for it
        claims.withdraw_claim(actor(world["provider"]["admin"]), second)
    with unit_of_work():
        claims.withdraw_claim(actor(world["provider2"]["admin"]), second)
    assert row(Claim, second).status is ClaimStatus.WITHDRAWN
    with pytest.raises(Conflict), unit_of_work():
        claims.accept_claim(actor(world["league_admin"]), second)


def test_another_league_cannot_decide_and_sees_a_missing_claim(world):
    claim_id = claim(world["provider"], publish(world))
    with pytest.raises(NotFound) as hidden, unit_of_work():
        claims.accept_claim(actor(world["other_league_admin"]), claim_id)
    assert hidden.value.error == "claim_not_found"


def test_withdrawing_a_need_returns_its_pending_claims_and_completing_needs_a_claim(world):
    need_id = publish(world)
    pending = claim(world["provider"], need_id)
    with pytest.raises(Conflict), unit_of_work():
        needs.complete_need(actor(world["league_admin"]), need_id)
    with unit_of_work():
        needs.withdraw_need(actor(world["league_admin"]), need_id, "活动取消")
    assert row(Need, need_id).status is NeedStatus.WITHDRAWN
    assert row(Claim, pending).status_reason == "需求已由发布方撤回"
    claimed = publish(world)
    accept(world, claim(world["provider"], claimed))
    with pytest.raises(Conflict), unit_of_work():
        needs.withdraw_need(actor(world["league_admin"]), claimed)
    with unit_of_work():
        needs.complete_need(actor(world["league_admin"]), claimed)
    assert row(Need, claimed).status is NeedStatus.COMPLETED
    actions = db.session.scalars(sa.select(NeedEvent.action).where(NeedEvent.need_id == claimed)
                                 .order_by(NeedEvent.id)).all()
    assert actions == ["publish", "claim", "accept", "claim_accepted", "complete"]


def test_an_initial_need_is_adopted_by_a_league_of_its_region(world):
    poster = make_user(mp_openid="o-poster", real_name="张阿姨")
    with unit_of_work():
        initial = initial_needs.post_initial_need(actor(poster), {
            "title": "小区孩子暑期托管", "content": "双职工家庭多", "region_code": "440106001001",
            "contact_name": "张阿姨", "contact_phone": "13700003333"}).id
    with pytest.raises(NotFound), unit_of_work():  # 越秀 league: outside its region
        initial_needs.adopt_initial_need(actor(world["other_league_admin"]), initial, need_fields())
    with unit_of_work():
        need = initial_needs.adopt_initial_need(actor(world["league_admin"]), initial,
                                                {k: v for k, v in need_fields(zone_id=world["zone"]).items()
                                                 if k not in ("title", "content")})
        need_id = need.id
    adopted = row(Need, need_id)
    assert adopted.title == "【七彩假期】小区孩子暑期托管" and adopted.origin_initial_need_id == initial
    from app.needs.models import InitialNeed

    assert row(InitialNeed, initial).status is InitialNeedStatus.ADOPTED
    with pytest.raises(Conflict), unit_of_work():
        initial_needs.decline_initial_need(actor(world["league_admin"]), initial, "重复")
    assert "initial_need.submitted" in kinds() and "initial_need.decided" in kinds()


def test_zones_are_managed_by_the_platform_with_sane_names_and_periods(world):
    from datetime import date

    from app.accounts.policy import Actor
    from app.core.errors import Forbidden
    from app.needs import zones

    admin = Actor(user_id=make_user(username="root2"), is_platform_admin=True)
    with pytest.raises(Forbidden), unit_of_work():
        zones.create_zone(actor(world["league_admin"]), {"name": "暑期", "starts_on": date(2026, 7, 1),
                                                          "ends_on": date(2026, 8, 1)})
    with pytest.raises(InvalidInput) as bad, unit_of_work():
        zones.create_zone(admin, {"name": "【坏】", "starts_on": date(2026, 8, 1), "ends_on": date(2026, 7, 1)})
    assert set(bad.value.errors) == {"name", "ends_on"}
    with pytest.raises(Conflict), unit_of_work():
        zones.create_zone(admin, {"name": "七彩假期", "starts_on": date(2026, 7, 1), "ends_on": date(2026, 8, 1)})
