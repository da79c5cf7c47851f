"""Statistics, the roster and a volunteer's totals, checked against figures computed by hand from generated
data: random volunteers (party flag, work unit, join date) in four communities of two districts, random
credits through the ledger, activities and help requests in several regions."""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.accounts.models import OrgKind, Region
from app.activities.models import ActivityStatus
from app.community import roster, statistics
from app.community.models import CommunityVolunteer, HelpRequest, HelpRequestStatus
from app.core.errors import NotFound
from app.core.runtime import pii
from app.core.timeutil import SHANGHAI
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.ledger import services as ledger
from app.ledger.models import Cause, LedgerAccount, LedgerEntry, OwnerType
from app.ledger.rates import points_for_hours
from tests.community.factories_showcase import (
    COMMUNITIES,
    TIANHE,
    WUSHAN,
    YUANCUN,
    actor,
    credit,
    make_activity,
    member_of,
    reclaim,
    star_world,
)
from tests.factories import make_account, make_org

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)
UNITS = ["徐州市税务局", "徐州医科大学", "市第一人民医院", "退休", "个体经营"]
STREET_OF = {"华农": WUSHAN, "茶山": WUSHAN, "员村": YUANCUN, "惠新": "440104001"}


@pytest.fixture
def world(app_ctx):
    world = star_world()
    world["district"] = make_org(OrgKind.COMMUNITY, TIANHE, "天河区社区办")
    world["district_admin"] = make_account(world["district"], "th-office")
    return world


def _generate(world: dict, seed: int) -> list[dict]:
    rng = random.Random(seed)
    people = []
    for index in range(40):
        community = rng.choice(list(COMMUNITIES))
        party = rng.random() < 0.5
        user_id = member_of(world[community], f"志愿者{index}", party=party)
        unit = rng.choice(UNITS)
        joined = NOW - timedelta(days=rng.choice([1, 5, 40, 400]))
        with unit_of_work():
            db.session.execute(sa.update(CommunityVolunteer).where(CommunityVolunteer.user_id == user_id)
                               .values(work_unit=unit, joined_at=joined))
        hours, services = Decimal(0), 0
        for _ in range(rng.randrange(0, 4)):
            amount = Decimal(rng.choice(["0.5", "1", "2.5", "3"]))
            credit(user_id, amount, at=NOW, cause=rng.choice([Cause.ATTENDANCE, Cause.CERTIFICATION]))
            hours, services = hours + amount, services + 1
        if services and rng.random() < 0.3:  # a correction takes one service's half hour back
            reclaim(user_id, Decimal("0.5"), at=NOW, services=0)
            hours -= Decimal("0.5")
        people.append({"id": user_id, "community": community, "party": party, "unit": unit,
                       "new": joined >= statistics.month_start(NOW), "hours": hours, "services": services})
    return people


def _expected(people: list[dict], communities: set[str]) -> dict:
    inside = [p for p in people if p["community"] in communities]
    return {"volunteers": len(inside), "party_members": sum(p["party"] for p in inside),
            "new_this_month": sum(p["new"] for p in inside), "services": sum(p["services"] for p in inside),
            "hours": sum((p["hours"] for p in inside), Decimal(0))}


def _figures(row: dict) -> dict:
    return {name: row[name] for name in ("volunteers", "party_members", "new_this_month", "services", "hours")}


@pytest.mark.parametrize("seed", [1, 2])
def test_the_figures_match_a_hand_count(world, seed):
    people = _generate(world, seed)
    rng = random.Random(seed)
    activities = Counter()
    for _ in range(6):
        community = rng.choice(list(COMMUNITIES))
        make_activity(world, community, COMMUNITIES[community])
        activities[community] += 1
    stats = statistics.region_statistics(actor(world["association_admin"]), TIANHE, now=NOW)
    tianhe = {"华农", "茶山", "员村"}
    assert _figures(stats["totals"]) == _expected(people, tianhe)
    assert stats["totals"]["activities"]["total"] == sum(activities[c] for c in tianhe)
    ended = next(s for s in stats["totals"]["activities"]["by_status"] if s["status"] == ActivityStatus.ENDED)
    assert ended["count"] == stats["totals"]["activities"]["total"] and ended["label"] == "已结束"
    children = {child["code"]: child for child in stats["children"]}
    for street in (WUSHAN, YUANCUN):
        here = {c for c, s in STREET_OF.items() if s == street}
        assert _figures(children[street]) == _expected(people, here)
        assert children[street]["activities"] == sum(activities[c] for c in here)
    # Every other street of 天河区 is listed with zeros.
    tianhe_id = db.session.scalar(sa.select(Region.id).where(Region.code == TIANHE))
    streets = set(db.session.scalars(sa.select(Region.code).where(Region.parent_id == tianhe_id)))
    assert set(children) == streets
    units = defaultdict(list)
    for person in people:
        if person["community"] in tianhe:
            units[person["unit"]].append(person)
    assert {u["work_unit"]: _figures(u) for u in stats["work_units"]} == {
        unit: _expected(members, tianhe) for unit, members in units.items()}


def test_the_figures_are_the_ledger_totals_of_every_module(world):
    user_id = member_of(world["华农"], "王小明")
    credit(user_id, 2, at=NOW, cause=Cause.CERTIFICATION)
    credit(user_id, "1.5", at=NOW, cause=Cause.ATTENDANCE)
    credit(user_id, 1, at=NOW, cause=Cause.HELP_REQUEST)
    stats = statistics.region_statistics(actor(world["华农_admin"]), now=NOW)
    assert stats["region"]["code"] == COMMUNITIES["华农"]
    assert (stats["totals"]["services"], stats["totals"]["hours"]) == (3, Decimal("4.5"))


def test_work_units_can_be_searched(world):
    people = _generate(world, 3)
    stats = statistics.region_statistics(actor(world["association_admin"]), work_unit="医", now=NOW)
    hospital = [p for p in people if "医" in p["unit"]]
    assert {u["work_unit"] for u in stats["work_units"]} == {p["unit"] for p in hospital}
    assert sum(u["volunteers"] for u in stats["work_units"]) == len(hospital)


def test_help_requests_are_counted_by_status(world):
    community = db.session.get(Region, db.session.scalar(
        sa.select(Region.id).where(Region.code == COMMUNITIES["茶山"])))
    with unit_of_work():
        for status in (HelpRequestStatus.PENDING, HelpRequestStatus.CLOSED, HelpRequestStatus.CLOSED):
            db.session.add(HelpRequest(
                requester_id=world["association_admin"], community_id=world["茶山"], region_path=community.path,
                title="求助", content="内容", place="地点", wanted_at=NOW,
                contact_name_enc=pii().encrypt("李阿姨", context="t"),
                contact_phone_enc=pii().encrypt("13700001234", context="t"),
                status=status))
    stats = statistics.region_statistics(actor(world["district_admin"]), now=NOW)
    counts = {s["status"]: s["count"] for s in stats["totals"]["help_requests"]["by_status"]}
    assert (stats["totals"]["help_requests"]["total"], counts["pending"], counts["closed"]) == (3, 1, 2)
    assert {c["code"]: c["help_requests"] for c in stats["children"]}[WUSHAN] == 3


def test_each_office_sees_its_own_region_only(world):
    _generate(world, 4)
    hua_nong = actor(world["华农_admin"])
    assert statistics.region_statistics(hua_nong, now=NOW)["region"]["code"] == COMMUNITIES["华农"]
    for outside in (COMMUNITIES["茶山"], TIANHE, "440100", "999999"):
        with pytest.raises(NotFound):
            statistics.region_statistics(hua_nong, outside, now=NOW)
    district = actor(world["district_admin"])
    assert statistics.region_statistics(district, now=NOW)["region"]["code"] == TIANHE
    assert statistics.region_statistics(district, COMMUNITIES["员村"], now=NOW)["region"]["code"] == COMMUNITIES["员村"]
    with pytest.raises(NotFound):
        statistics.region_statistics(district, COMMUNITIES["惠新"], now=NOW)


def test_the_roster_filters_and_pages_inside_the_region(world):
    people = _generate(world, 5)
    district = actor(world["district_admin"])
    seen, before = [], None
    while True:
        page = roster.roster(district, party_member=True, before_id=before, limit=7)
        seen += page["items"]
        before = page["next_before_id"]
        if before is None:
            break
    expected = {p["id"] for p in people if p["party"] and p["community"] != "惠新"}
    assert [row["user_id"] for row in seen] == sorted(expected, reverse=True)
    assert all(row["is_party_member"] for row in seen)
    taxed = roster.roster(district, work_unit="税务")["items"]
    assert {r["user_id"] for r in taxed} == {p["id"] for p in people if p["unit"] == "徐州市税务局"
                                             and p["community"] != "惠新"}
    far = member_of(world["惠新"], "越秀人")
    with pytest.raises(NotFound):
        roster.volunteer_detail(district, far)
    near = seen[0]
    detail = roster.volunteer_detail(district, near["user_id"])
    assert detail["hours"] == next(p["hours"] for p in people if p["id"] == near["user_id"])


def test_a_volunteers_totals_are_the_sums_of_their_ledger_entries(world):
    user_id = member_of(world["华农"], "王小明")
    credit(user_id, 2, at=NOW, cause=Cause.CERTIFICATION)          # a time-bank order
    credit(user_id, 3, at=NOW, cause=Cause.ATTENDANCE)             # a community activity
    reclaim(user_id, 1, at=NOW, cause=Cause.ATTENDANCE, services=0)  # its correction
    credit(user_id, "1.5", at=NOW, cause=Cause.HELP_REQUEST)
    with unit_of_work():  # a donation moves points, not hours
        ledger.transfer(source=(OwnerType.USER, user_id), destination=(OwnerType.ORDER, 1), amount=1,
                        cause=Cause.DONATION, cause_key="donation:test")
    totals = roster.my_totals(user_id)
    account = db.session.scalar(sa.select(LedgerAccount).where(LedgerAccount.owner_type == OwnerType.USER,
                                                               LedgerAccount.owner_id == user_id))
    entries = db.session.execute(sa.select(sa.func.sum(LedgerEntry.amount), sa.func.sum(LedgerEntry.hours),
                                           sa.func.sum(LedgerEntry.services))
                                 .where(LedgerEntry.account_id == account.id)).one()
    assert (totals["balance"], totals["hours"], totals["services"]) == (entries[0], entries[1], entries[2])
    assert (totals["balance"], totals["hours"], totals["services"]) == (account.balance, account.hours,
                                                                        account.services)
    assert (totals["hours"], totals["services"]) == (Decimal("5.5"), 3)
    earned = points_for_hours(2) + points_for_hours(3) - points_for_hours(1) + points_for_hours("1.5")
    assert totals["points_earned"] == earned and totals["balance"] == earned - 1
    by_source = {s["source"]: (s["services"], s["hours"]) for s in totals["by_source"]}
    assert by_source == {"certification": (1, Decimal(2)), "attendance": (1, Decimal(2)),
                         "help_request": (1, Decimal("1.5")), "donation": (0, Decimal(0))}
