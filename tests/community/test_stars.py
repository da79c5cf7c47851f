"""Quarterly stars (app/community/stars.py): computed winners against a hand computation on generated data, the
tie rules, quarter boundaries in Asia/Shanghai, idempotent reruns, and association overrides kept by reruns."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation, Region, RegionLevel
from app.community import quarters, stars
from app.community.models import StarAward, StarKind
from app.core.errors import InvalidInput, NotFound
from app.core.timeutil import SHANGHAI
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services as ledger_services
from app.ledger.models import Cause, LedgerTransfer, OwnerType
from tests.community.factories_showcase import (
    BEIJING_STREET,
    CITY,
    COMMUNITIES,
    TIANHE,
    WUSHAN,
    YUANCUN,
    YUEXIU,
    actor,
    attend,
    credit,
    make_activity,
    make_member,
    reclaim,
    region_id,
    star_world,
)
from tests.factories import make_account, make_org

Q = "2025Q3"
START, END = quarters.bounds(Q)  # 2025-07-01 and 2025-10-01, 00:00 Beijing time
NOW = datetime(2025, 10, 2, 3, 0, tzinfo=UTC)
STAR_CODES = (CITY, TIANHE, YUEXIU, WUSHAN, YUANCUN, BEIJING_STREET)


def region_path(code: str) -> str:
    return db.session.scalar(sa.select(Region.path).where(Region.code == code))


@pytest.fixture
def world(app_ctx):
    return star_world()


def at(day: int, hour: int = 10, month: int = 8) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=SHANGHAI)


def compute(quarter: str = Q, now: datetime = NOW) -> dict:
    with unit_of_work():
        return stars.compute_stars(quarter, now=now)


def awards(quarter: str = Q) -> dict[tuple[str, str], tuple[int, Decimal]]:
    """{(region code, kind): (subject id, hours)} of the quarter."""
    db.session.expire_all()
    rows = db.session.execute(sa.select(Region.code, StarAward).join(Region, Region.id == StarAward.region_id)
                              .where(StarAward.quarter == quarter)).all()
    return {(code, a.kind.value): (a.user_id or a.organisation_id, a.hours) for code, a in rows}


def award(code: str, kind: str, quarter: str = Q) -> StarAward:
    db.session.expire_all()
    return db.session.scalars(sa.select(StarAward).where(
        StarAward.quarter == quarter, StarAward.region_id == region_id(code), StarAward.kind == kind)).one()


# --- quarters ------------------------------------------------------------------------------------------------------

def test_quarters_are_calendar_quarters_in_beijing_time():
    assert quarters.bounds("2026Q3") == (datetime(2026, 7, 1, tzinfo=SHANGHAI), datetime(2026, 10, 1, tzinfo=SHANGHAI))
    assert quarters.bounds("2026Q4")[1] == datetime(2027, 1, 1, tzinfo=SHANGHAI)
    assert quarters.quarter_of(datetime(2026, 6, 30, 15, 59, 59, tzinfo=UTC)) == "2026Q2"  # 23:59:59 on 30 June
    assert quarters.quarter_of(datetime(2026, 6, 30, 16, 0, tzinfo=UTC)) == "2026Q3"  # 00:00 on 1 July in Beijing
    assert quarters.previous("2026Q1") == "2025Q4" and quarters.previous("2026Q3") == "2026Q2"
    for bad in ("2026Q5", "2026Q0", "26Q1", "2026q1", "", "2026Q1 "):
        with pytest.raises(InvalidInput):
            quarters.parse(bad)


def test_hours_count_in_the_quarter_their_beijing_date_falls_in(world):
    early, late = make_member(world, "华农", "张早"), make_member(world, "华农", "李晚")
    # 23:59:59 on 30 June in Beijing: the second quarter; five seconds later, 1 July: the third.
    credit(early, 8, at=datetime(2026, 6, 30, 15, 59, 59, tzinfo=UTC))
    credit(late, 3, at=datetime(2026, 6, 30, 16, 0, 4, tzinfo=UTC))
    # And the end of the third quarter: 00:00 on 1 October in Beijing is already the fourth.
    credit(late, 50, at=datetime(2026, 9, 30, 16, 0, tzinfo=UTC))
    attend(world, "provider", "440106001001", late, 6, at=datetime(2026, 6, 30, 15, 59, 59, tzinfo=UTC))
    attend(world, "华农", "440106001001", late, 2, at=datetime(2026, 6, 30, 16, 0, tzinfo=UTC))
    now = datetime(2026, 10, 5, tzinfo=UTC)

    compute("2026Q2", now)
    compute("2026Q3", now)

    assert awards("2026Q2")[(CITY, "volunteer")] == (early, Decimal("8.0"))
    assert awards("2026Q3")[(CITY, "volunteer")] == (late, Decimal("3.0"))
    assert awards("2026Q2")[(CITY, "team")] == (world["provider"], Decimal("6.0"))
    assert awards("2026Q3")[(CITY, "team")] == (world["华农"], Decimal("2.0"))


def test_a_quarter_that_has_not_ended_is_not_judged(world):
    with pytest.raises(InvalidInput) as caught:
        compute("2025Q4", NOW)
    assert caught.value.errors == {"quarter": ["该季度尚未结束"]}


# --- computed winners against a hand computation -------------------------------------------------------------------

def _expected_volunteers(members: dict, credits: list) -> dict:
    """Per star region: the eligible members' hours served inside it (a credit's place of service)."""
    paths = {code: db.session.scalar(sa.select(Region.path).where(Region.code == code)) for code in STAR_CODES}
    expected = {}
    for code, path in paths.items():
        totals: dict[int, list] = {}
        for user_id, hours, services, moment, place in credits:
            if START <= moment < END and place.startswith(path):
                total = totals.setdefault(user_id, [Decimal(0), 0, None])
                total[0] += hours
                total[1] += services
                if hours > 0 and (total[2] is None or moment < total[2]):
                    total[2] = moment
        eligible = [(u, *totals[u]) for u, (community_path, party) in members.items()
                    if party and community_path.startswith(path) and u in totals and totals[u][0] > 0]
        if eligible:
            best = min(eligible, key=lambda t: (-t[1], -t[2], t[3], t[0]))
            expected[(code, "volunteer")] = (best[0], best[1])
    return expected


def _expected_teams(rows: list) -> dict:
    paths = {code: db.session.scalar(sa.select(Region.path).where(Region.code == code)) for code in STAR_CODES}
    expected = {}
    for code, path in paths.items():
        per_org: dict[int, list] = {}
        for org_id, place_path, hours, moment, attended in rows:
            if attended and hours > 0 and START <= moment < END and place_path.startswith(path):
                total = per_org.setdefault(org_id, [Decimal(0), 0, moment])
                total[0] += hours
                total[1] += 1
                total[2] = min(total[2], moment)
        if per_org:
            org_id, (hours, _, _) = min(per_org.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[1][2], kv[0]))
            expected[(code, "team")] = (org_id, hours)
    return expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_computed_winners_match_a_hand_computation(world, seed):
    rng = random.Random(seed)
    members = {}
    for i in range(14):
        community = rng.choice(list(COMMUNITIES))
        party = rng.random() < 0.75
        user_id = make_member(world, community, f"志愿者{i}", party=party)
        members[user_id] = (db.session.get(Organisation, world[community]).region.path, party)
    moments = [START - timedelta(hours=3), START, START + timedelta(days=40), END - timedelta(seconds=1), END,
               END + timedelta(days=2)]
    credits = []
    for user_id in members:
        for _ in range(rng.randint(0, 4)):
            hours = Decimal(rng.randint(1, 16)) / 2
            moment = rng.choice(moments) + timedelta(minutes=rng.randint(0, 5))
            cause = rng.choice([Cause.ATTENDANCE, Cause.CERTIFICATION, Cause.HELP_REQUEST])
            # Served in the volunteer's own community or in any other (another street, another district).
            place = members[user_id][0] if rng.random() < 0.5 else region_path(rng.choice(list(COMMUNITIES.values())))
            place_code = place.rstrip("/").rsplit("/", 1)[-1]
            credit(user_id, hours, at=moment, cause=cause, region_code=place_code)
            credits.append((user_id, hours, 1, moment, place))
            if rng.random() < 0.2:  # a correction (冲正) of part of it, later in the same window
                back = min(hours, Decimal(1))
                reclaim(user_id, back, at=moment + timedelta(minutes=1), cause=cause, services=0,
                        region_code=place_code)
                credits.append((user_id, -back, 0, moment + timedelta(minutes=1), place))
        # Points moved for other causes carry no service hours that count.
        credit(user_id, 20, at=START + timedelta(days=5), cause=Cause.ADJUSTMENT)
    publishers = {"华农": "440106001001", "茶山": "440106001002", "惠新": "440104001001", "provider": "440106002001",
                  "other_provider": "440104001002", "员村": "440106002001"}
    rows = []
    for publisher, code in publishers.items():
        place_path = db.session.scalar(sa.select(Region.path).where(Region.code == code))
        for _ in range(rng.randint(0, 4)):
            activity = make_activity(world, publisher, code)
            for user_id in rng.sample(list(members), 3):
                attended = rng.random() < 0.85
                hours = Decimal(rng.randint(1, 12)) / 2 if attended else Decimal(0)
                moment = rng.choice(moments) + timedelta(minutes=rng.randint(0, 5))
                attend(world, publisher, code, user_id, hours, at=moment, attended=attended, activity_id=activity)
                rows.append((world[publisher], place_path, hours, moment, attended))

    result = compute()

    expected = _expected_volunteers(members, credits) | _expected_teams(rows)
    assert len(expected) >= 8  # the generated data gives most regions both stars
    assert awards() == expected
    assert result == {"volunteer": sum(1 for k in expected if k[1] == "volunteer"),
                      "team": sum(1 for k in expected if k[1] == "team"), "removed": 0}
    # Only city, district and street regions get stars.
    levels = set(db.session.scalars(sa.select(Region.level).join(StarAward, StarAward.region_id == Region.id)))
    assert levels <= {RegionLevel.CITY, RegionLevel.DISTRICT, RegionLevel.STREET}


def test_only_party_members_inside_the_region_and_only_service_causes_count(world):
    party = make_member(world, "华农", "张党员")
    not_party = make_member(world, "华农", "王群众", party=False)
    yuexiu = make_member(world, "惠新", "赵越秀")
    credit(party, 2, at=at(3))
    credit(not_party, 9, at=at(3))
    credit(party, 30, at=at(4), cause=Cause.RATING)
    credit(yuexiu, 5, at=at(5), cause=Cause.CERTIFICATION)

    compute()

    found = awards()
    assert found[(CITY, "volunteer")] == (yuexiu, Decimal("5.0"))
    assert found[(TIANHE, "volunteer")] == found[(WUSHAN, "volunteer")] == (party, Decimal("2.0"))
    assert found[(YUEXIU, "volunteer")] == found[(BEIJING_STREET, "volunteer")] == (yuexiu, Decimal("5.0"))
    assert (YUANCUN, "volunteer") not in found  # nobody with hours serves there: no row
    assert not any(kind == "team" for _, kind in found)  # no attendance at all: no team star


def test_a_volunteer_who_served_in_two_regions_counts_in_each_only_the_hours_served_there(world):
    # 张两地 lives in 华农 (五山街道, 天河) and served 6 h there and 5 h in 惠新 (北京街道, 越秀); 李天河, also
    # of 华农, served 4 h at home, 王越秀 of 惠新 4 h at home.
    both = make_member(world, "华农", "张两地")
    tianhe, yuexiu = make_member(world, "华农", "李天河"), make_member(world, "惠新", "王越秀")
    credit(both, 6, at=at(3), region_code="440106001001")
    credit(both, 5, at=at(4), region_code="440104001001", cause=Cause.HELP_REQUEST)
    credit(both, 2, at=at(5), region_code="440106002001", cause=Cause.CERTIFICATION)  # 员村街道, 天河
    credit(tianhe, 7, at=at(3))
    credit(yuexiu, 4, at=at(3))

    compute()

    found = awards()
    assert found[(CITY, "volunteer")] == (both, Decimal("13.0"))     # the city: every hour, 6 + 5 + 2
    assert found[(TIANHE, "volunteer")] == (both, Decimal("8.0"))    # 天河: 6 + 2, not the 5 in 越秀
    assert found[(WUSHAN, "volunteer")] == (tianhe, Decimal("7.0"))  # 五山: only the 6 served there, 7 beats it
    # 越秀: 张两地 served 5 h there but is no volunteer of it; 王越秀's 4 h win.
    assert found[(YUEXIU, "volunteer")] == found[(BEIJING_STREET, "volunteer")] == (yuexiu, Decimal("4.0"))
    assert (YUANCUN, "volunteer") not in found  # 2 h served there by a volunteer of another street

    # The override checks the same: 张两地's hours in 五山 are the 6 served there.
    with unit_of_work():
        chosen = stars.override_star(actor(world["association_admin"]), Q, WUSHAN, StarKind.VOLUNTEER, user_id=both,
                                     citation="两地服务", now=NOW)
    assert chosen.hours == Decimal("6.0")


def test_points_without_a_place_of_service_count_for_no_star(world):
    volunteer = make_member(world, "华农", "张三")
    with unit_of_work():  # a service credit booked before the ledger knew its place (no region_path)
        transfer_id = ledger_services.issue((OwnerType.USER, volunteer), 3, cause=Cause.ATTENDANCE,
                                            cause_key="test-star:no-place", hours=Decimal(3), services=1)
        db.session.execute(sa.update(LedgerTransfer).where(LedgerTransfer.id == transfer_id)
                           .values(created_at=at(3)))
    compute()
    assert awards() == {}


def test_an_inactive_or_non_volunteering_organisation_is_never_the_star_team(world):
    volunteer = make_member(world, "华农", "张三")
    attend(world, "provider", "440106001001", volunteer, 9, at=at(3))
    attend(world, "华农", "440106001001", volunteer, 2, at=at(3))
    attend(world, "茶山", "440106001002", volunteer, 5, at=at(3), attended=False)  # a no-show: no hours
    with unit_of_work():
        db.session.get(Organisation, world["provider"]).is_active = False

    compute()

    assert awards()[(WUSHAN, "team")] == (world["华农"], Decimal("2.0"))


# --- ties -------------------------------------------------------------------------------------------------------------

def test_volunteer_ties_go_to_more_services_then_the_earlier_first_credit_then_the_lower_id(world):
    a, b, c, d = (make_member(world, "华农", name) for name in ("甲一", "乙二", "丙三", "丁四"))
    credit(a, 4, at=at(10))                 # 4 h in one service
    credit(b, 2, at=at(11))                 # 4 h in two services: wins on services
    credit(b, 2, at=at(12))
    compute()
    assert awards()[(WUSHAN, "volunteer")][0] == b

    credit(c, 2, at=at(9))                  # 4 h in two services, first credit earlier than b's
    credit(c, 2, at=at(20))
    compute()
    assert awards()[(WUSHAN, "volunteer")][0] == c

    credit(d, 2, at=at(9))                  # the same hours, services and first credit as c: the lower id wins
    credit(d, 2, at=at(21))
    compute()
    assert awards()[(WUSHAN, "volunteer")][0] == min(c, d) == c


def test_team_ties_go_to_more_attendances_then_the_earlier_first_confirmation_then_the_lower_id(world):
    v = [make_member(world, "华农", f"志愿者{i}") for i in range(4)]
    attend(world, "华农", "440106001001", v[0], 4, at=at(10))
    茶山 = make_activity(world, "茶山", "440106001002")
    attend(world, "茶山", "440106001002", v[0], 2, at=at(11), activity_id=茶山)
    attend(world, "茶山", "440106001002", v[1], 2, at=at(12), activity_id=茶山)
    compute()
    assert awards()[(WUSHAN, "team")] == (world["茶山"], Decimal("4.0"))

    provider = make_activity(world, "provider", "440106001002")
    attend(world, "provider", "440106001002", v[0], 2, at=at(9), activity_id=provider)
    attend(world, "provider", "440106001002", v[1], 2, at=at(20), activity_id=provider)
    compute()
    assert awards()[(WUSHAN, "team")][0] == world["provider"]  # same hours and rows, confirmed first

    华农 = make_activity(world, "华农", "440106001001")
    attend(world, "华农", "440106001001", v[2], 2, at=at(9), activity_id=华农)
    attend(world, "华农", "440106001001", v[3], 2, at=at(9), activity_id=华农)  # 华农: 8 h now
    compute()
    assert awards()[(WUSHAN, "team")] == (world["华农"], Decimal("8.0"))


# --- reruns and overrides -------------------------------------------------------------------------------------------

def test_a_rerun_rewrites_the_same_rows_and_drops_a_star_whose_hours_were_reclaimed(world):
    first, second = make_member(world, "华农", "张一"), make_member(world, "惠新", "李二")
    credit(first, 5, at=at(3))
    credit(second, 3, at=at(3))
    compute()
    before = {(a.region_id, a.kind): a.id for a in db.session.scalars(sa.select(StarAward))}

    assert compute(now=NOW + timedelta(hours=1)) == {"volunteer": 5, "team": 0, "removed": 0}
    after = {(a.region_id, a.kind): a.id for a in db.session.scalars(sa.select(StarAward))}
    assert after == before  # the same rows, updated in place

    reclaim(first, 5, at=at(20))  # corrected within the quarter: no net hours left
    assert compute(now=NOW + timedelta(hours=2)) == {"volunteer": 3, "team": 0, "removed": 2}
    found = awards()
    assert found[(CITY, "volunteer")] == (second, Decimal("3.0"))
    assert (TIANHE, "volunteer") not in found and (WUSHAN, "volunteer") not in found


def test_an_override_is_kept_across_reruns_and_clearing_it_recomputes(world):
    top, chosen = make_member(world, "华农", "张高"), make_member(world, "茶山", "李选")
    credit(top, 10, at=at(3))
    credit(chosen, 1, at=at(4))
    compute()
    association = actor(world["association_admin"])

    with unit_of_work():
        stars.override_star(association, Q, WUSHAN, StarKind.VOLUNTEER, user_id=chosen, citation="长期坚持助老服务",
                            now=NOW)
    with unit_of_work():
        stars.override_star(association, Q, TIANHE, StarKind.TEAM, organisation_id=world["provider"],
                            citation="组织多场义诊", now=NOW)
    credit(top, 5, at=at(5))
    compute(now=NOW + timedelta(days=1))
    compute(now=NOW + timedelta(days=2))

    star = award(WUSHAN, "volunteer")
    assert (star.user_id, star.hours, star.citation, star.overridden_by_id) == (
        chosen, Decimal("1.0"), "长期坚持助老服务", world["association_admin"])
    team = award(TIANHE, "team")
    assert (team.organisation_id, team.hours, team.overridden_by_id) == (
        world["provider"], 0, world["association_admin"])
    assert awards()[(CITY, "volunteer")] == (top, Decimal("15.0"))  # the rest recomputed

    with unit_of_work():
        restored = stars.clear_override(association, Q, WUSHAN, StarKind.VOLUNTEER, now=NOW + timedelta(days=3))
    assert (restored.user_id, restored.hours, restored.citation, restored.overridden_by_id) == (
        top, Decimal("15.0"), None, None)
    with unit_of_work():
        assert stars.clear_override(association, Q, TIANHE, StarKind.TEAM, now=NOW + timedelta(days=3)) is None
    assert (TIANHE, "team") not in awards()  # nobody had attendance hours: no row
    with pytest.raises(NotFound):
        stars.clear_override(association, Q, WUSHAN, StarKind.VOLUNTEER)


def test_an_override_names_an_eligible_subject_of_an_ended_quarter(world):
    association = actor(world["association_admin"])
    member, outsider = make_member(world, "华农", "张三"), make_member(world, "惠新", "李四")
    not_party = make_member(world, "华农", "王五", party=False)

    def refused(**kwargs) -> dict:
        values = {"quarter": Q, "region_code": WUSHAN, "kind": StarKind.VOLUNTEER, "citation": "表现突出"} | kwargs
        with pytest.raises(InvalidInput) as caught:
            stars.override_star(association, values.pop("quarter"), values.pop("region_code"), values.pop("kind"),
                                now=NOW, **values)
        db.session.rollback()
        return caught.value.errors

    assert refused(user_id=outsider) == {"user_id": ["须为服务社区在本区域内的党员志愿者"]}
    assert refused(user_id=not_party) == {"user_id": ["须为服务社区在本区域内的党员志愿者"]}
    assert refused(user_id=world["association_admin"]) == {"user_id": ["须为服务社区在本区域内的党员志愿者"]}
    assert refused(user_id=None) == {"user_id": ["须为服务社区在本区域内的党员志愿者"]}
    assert refused(user_id=member, citation="  ") == {"citation": ["请填写推荐理由（不超过 200 字）"]}
    assert refused(user_id=member, organisation_id=world["华农"]) == {
        "organisation_id": ["个人之星请填写 user_id，团队之星请填写 organisation_id"]}
    assert refused(user_id=member, quarter="2025Q4") == {"quarter": ["该季度尚未结束"]}
    team_error = {"organisation_id": ["须为本区域内正常状态的社区或志愿服务组织"]}
    assert refused(kind=StarKind.TEAM, organisation_id=world["惠新"]) == team_error       # another street
    assert refused(kind=StarKind.TEAM, organisation_id=world["league"]) == team_error     # not a volunteering kind
    assert refused(kind=StarKind.TEAM, organisation_id=world["provider"]) == team_error   # at the district, not inside
    with unit_of_work():
        db.session.get(Organisation, world["茶山"]).is_active = False
    assert refused(kind=StarKind.TEAM, organisation_id=world["茶山"]) == team_error       # inactive
    with pytest.raises(NotFound):  # a community is not a star region
        stars.override_star(association, Q, "440106001001", StarKind.VOLUNTEER, user_id=member, citation="好",
                            now=NOW)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StarAward)) == 0


def test_an_association_reaches_only_its_own_region(world):
    with unit_of_work():
        city = Region(code="320300", name="徐州市", level=RegionLevel.CITY, path="/320300/")
        db.session.add(city)
    from app.accounts.models import OrgKind

    xuzhou = make_org(OrgKind.ASSOCIATION, "320300", "徐州市志愿者协会")
    other = actor(make_account(xuzhou, "xz-admin"))
    member = make_member(world, "华农", "张三")
    with pytest.raises(NotFound):
        stars.override_star(other, Q, CITY, StarKind.VOLUNTEER, user_id=member, citation="好", now=NOW)
    with pytest.raises(NotFound):
        stars.override_star(actor(world["association_admin"]), Q, "320300", StarKind.VOLUNTEER, user_id=member,
                            citation="好", now=NOW)
