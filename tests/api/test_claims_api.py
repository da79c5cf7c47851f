"""Claims over HTTP: input checks, refusals with the error envelope, who hears what, the unique index as the
last word, the phones in lists, and lists at a constant query count."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, Membership
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.needs.models import Claim, ClaimStatus, Need, NeedStatus
from app.notify.models import InboxItem, NotificationEvent
from tests.factories import auth, forget_cached_answers, make_account, make_admin, token_for
from tests.needs.factories_needs import claim, make_provider, needs_core_world, publish

ENVELOPE = {"code", "status", "error", "message", "errors"}


@pytest.fixture
def world(app_ctx):
    world = needs_core_world()
    world["league_staff"] = make_account(world["league"], "lg-staff", MemberRole.STAFF)
    world["h"] = {name: auth(token_for(user)) for name, user in (
        ("league", world["league_admin"]), ("league_staff", world["league_staff"]),
        ("other_league", world["other_league_admin"]), ("provider", world["provider"]["admin"]),
        ("provider2", world["provider2"]["admin"]))}
    return world


def refused(response, status, error):
    assert response.status_code == status, response.json
    assert set(response.json) >= ENVELOPE - {"errors"} and response.json["error"] == error, response.json
    return response.json


def heard(kind: str) -> list[tuple[int, str]]:
    return sorted(db.session.execute(sa.select(InboxItem.user_id, NotificationEvent.body).join(NotificationEvent)
                                     .where(NotificationEvent.kind == kind)).all())


def post_claim(client, world, need_id, who="provider", message="我们有 20 名大学生志愿者"):
    return client.post(f"/api/v1/needs/{need_id}/claims", json={"message": message}, headers=world["h"][who])


@pytest.mark.parametrize("body", [{}, {"message": ""}, {"message": "字" * 501}, {"message": "好", "extra": 1}])
def test_a_claim_needs_a_message_of_at_most_500_characters(client, world, body):
    need_id = publish(world)
    answer = client.post(f"/api/v1/needs/{need_id}/claims", json=body, headers=world["h"]["provider"])
    refused(answer, 422, "validation_error")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Claim)) == 0


def test_one_live_claim_per_organisation_and_a_new_one_after_withdrawing(client, world):
    need_id = publish(world)
    first = post_claim(client, world, need_id, message="字" * 500)
    assert first.status_code == 201 and first.json["status"] == "pending"
    twice = refused(post_claim(client, world, need_id), 409, "already_claimed")
    assert twice["message"] == "贵组织已申请认领该需求，请等待团组织确认"
    refused(client.post(f"/api/v1/claims/{first.json['id']}/withdraw", headers=world["h"]["provider2"]), 404,
            "claim_not_found")
    withdrawn = client.post(f"/api/v1/claims/{first.json['id']}/withdraw", headers=world["h"]["provider"])
    assert withdrawn.status_code == 200 and withdrawn.json["status_label"] == "撤销认领"
    refused(client.post(f"/api/v1/claims/{first.json['id']}/withdraw", headers=world["h"]["provider"]), 409,
            "invalid_transition")
    again = post_claim(client, world, need_id)
    assert again.status_code == 201 and again.json["id"] != first.json["id"]
    refused(post_claim(client, world, 2147483647), 404, "need_not_found")


def test_the_league_decides_and_each_side_hears_of_it(client, world):
    h = world["h"]
    need_id = publish(world)
    kept = post_claim(client, world, need_id).json["id"]
    sent_back = post_claim(client, world, need_id, who="provider2").json["id"]
    league_staff = sorted([world["league_admin"], world["league_staff"]])
    assert [user for user, _ in heard("claim.requested")] == sorted(league_staff * 2)

    refused(client.get(f"/api/v1/needs/{need_id}/claims", headers=h["other_league"]), 404, "need_not_found")
    refused(client.post(f"/api/v1/claims/{kept}/accept", headers=h["other_league"]), 404, "claim_not_found")
    refused(client.post(f"/api/v1/claims/{kept}/accept", headers=h["provider"]), 403, "forbidden")
    refused(client.post(f"/api/v1/claims/{sent_back}/return", json={"reason": " "}, headers=h["league"]), 422,
            "validation_error")
    returned = client.post(f"/api/v1/claims/{sent_back}/return", json={"reason": "服务领域不匹配"},
                           headers=h["league_staff"])
    assert (returned.json["status_label"], returned.json["reason"]) == ("认领失败", "服务领域不匹配")
    assert heard("claim.returned") == [
        (world["provider2"]["admin"], "【七彩假期】暑期陪伴留守儿童 被退回。服务领域不匹配")]
    refused(client.post(f"/api/v1/claims/{sent_back}/accept", headers=h["league"]), 409, "invalid_transition")

    accepted = client.post(f"/api/v1/claims/{kept}/accept", headers=h["league"])
    assert accepted.status_code == 200 and accepted.json["decided_at"] is not None
    assert [user for user, _ in heard("claim.accepted")] == [world["provider"]["admin"]]
    # The league is prompted to score at once (the beat's reminders follow until both sides scored).
    assert heard("scoring.pending") == [(user, "【七彩假期】暑期陪伴留守儿童 已认领成功，请为对方评分")
                                        for user in league_staff]
    listed = client.get(f"/api/v1/needs/{need_id}/claims", headers=h["league_staff"]).json["items"]
    assert [(c["id"], c["status_label"]) for c in listed] == [(kept, "认领成功"), (sent_back, "认领失败")]
    late = make_provider("迟到志愿队", "pv-late")
    refused(client.post(f"/api/v1/needs/{need_id}/claims", json={"message": "还需要吗"},
                        headers=auth(token_for(late["admin"]))), 409, "need_not_claimable")


def test_withdrawing_a_claim_tells_the_league(client, world):
    need_id = publish(world)
    claim_id = post_claim(client, world, need_id).json["id"]
    client.post(f"/api/v1/claims/{claim_id}/withdraw", headers=world["h"]["provider"])
    assert [user for user, _ in heard("claim.withdrawn")] == sorted([world["league_admin"], world["league_staff"]])


def test_the_unique_index_is_the_last_word_and_answers_409_not_500(client, world):
    """Should the need's row lock ever be bypassed, the partial unique index still refuses a second
    accepted claim: here an accepted claim is written behind the services' back while the need still
    says 待认领, and accepting another claim is refused in Chinese, changing nothing."""
    need_id = publish(world)
    pending = claim(world["provider"], need_id)
    sneaked = claim(world["provider2"], need_id)
    with unit_of_work():
        db.session.get(Claim, sneaked).status = ClaimStatus.ACCEPTED
    answer = refused(client.post(f"/api/v1/claims/{pending}/accept", headers=world["h"]["league"]), 409,
                     "need_already_claimed")
    assert answer["message"] == "该需求已同意其他组织的认领"
    db.session.expire_all()
    assert db.session.get(Claim, pending).status is ClaimStatus.PENDING
    assert db.session.get(Need, need_id).status is NeedStatus.UNCLAIMED
    assert heard("claim.accepted") == []


def test_a_member_of_two_organisations_names_the_one_it_claims_for(client, world):
    need_id = publish(world)
    with unit_of_work():
        db.session.add(Membership(user_id=world["provider"]["admin"], organisation_id=world["provider2"]["org"],
                                  role=MemberRole.ADMIN))
    h = auth(token_for(world["provider"]["admin"]))
    refused(client.post(f"/api/v1/needs/{need_id}/claims", json={"message": "认领"}, headers=h), 422,
            "validation_error")
    refused(client.post(f"/api/v1/needs/{need_id}/claims", json={"message": "认领", "organisation_id": world["league"]},
                        headers=h), 403, "forbidden")
    named = client.post(f"/api/v1/needs/{need_id}/claims", json={"message": "认领",
                                                                 "organisation_id": world["provider2"]["org"]},
                        headers=h)
    assert named.status_code == 201 and named.json["org_name"] == "五山青年志愿队"


def test_my_claims_are_the_organisations_own_with_their_status(client, world):
    first, second = publish(world, title="助学"), publish(world, title="助老")
    mine = claim(world["provider"], first)
    claim(world["provider2"], first)
    returned = claim(world["provider"], second)
    client.post(f"/api/v1/claims/{returned}/return", json={"reason": "人数已满"}, headers=world["h"]["league"])
    items = client.get("/api/v1/claims/mine", headers=world["h"]["provider"]).json["items"]
    assert [(c["id"], c["need_title"], c["status_label"], c["reason"]) for c in items] == [
        (returned, "【七彩假期】助老", "认领失败", "人数已满"), (mine, "【七彩假期】助学", "待确认", None)]
    pending = client.get("/api/v1/claims/mine?status=pending", headers=world["h"]["provider"]).json["items"]
    assert [c["id"] for c in pending] == [mine]
    refused(client.get("/api/v1/claims/mine?status=nope", headers=world["h"]["provider"]), 422, "validation_error")


def test_the_detail_shows_my_organisations_latest_claim_and_nobody_elses(client, world):
    need_id = publish(world)
    first = claim(world["provider"], need_id)
    claim(world["provider2"], need_id)

    def my_claim(headers):
        return client.get(f"/api/v1/needs/{need_id}", headers=headers).json["my_claim"]

    shown = my_claim(world["h"]["provider"])
    assert (shown["id"], shown["org_id"], shown["status"], shown["status_label"], shown["reason"]) == (
        first, world["provider"]["org"], "pending", "待确认", None)
    assert (shown["league_scored"], shown["claimer_scored"]) == (False, False)
    # the league, a league of elsewhere, the public and the platform claim for no volunteer organisation
    for headers in (world["h"]["league"], world["h"]["other_league"], {}, auth(token_for(make_admin()))):
        assert my_claim(headers) is None
    assert my_claim(world["h"]["provider2"])["org_id"] == world["provider2"]["org"]

    client.post(f"/api/v1/claims/{first}/return", json={"reason": "人数已满"}, headers=world["h"]["league"])
    returned = my_claim(world["h"]["provider"])
    assert (returned["id"], returned["status_label"], returned["reason"]) == (first, "认领失败", "人数已满")
    again = post_claim(client, world, need_id).json["id"]
    assert my_claim(world["h"]["provider"])["id"] == again


def test_lists_show_the_phones_by_the_same_rule_as_the_detail(client, world):
    need_id = publish(world)
    claim_id = claim(world["provider"], need_id)
    client.post(f"/api/v1/claims/{claim_id}/accept", headers=world["h"]["league"])

    def mobile(headers):
        items = client.get("/api/v1/needs", headers=headers).json["items"]
        return [(i["leader_mobile"], i["phones_visible"]) for i in items if i["id"] == need_id][0]

    assert mobile({}) == (None, False)
    assert mobile(world["h"]["provider2"]) == (None, False)
    assert mobile(world["h"]["other_league"]) == (None, False)
    assert mobile(world["h"]["provider"]) == ("13800001111", True)
    assert mobile(world["h"]["league_staff"]) == ("13800001111", True)
    posts = client.get("/api/v1/needs/mine", headers=world["h"]["league_staff"]).json["items"]
    assert [(p["leader_mobile"], p["leader_landline"]) for p in posts] == [("13800001111", "020-87654321")]


def count_queries(client, url, headers):
    statements = []
    forget_cached_answers()

    def count(_conn, _cursor, statement, *_args):
        if statement != "BEGIN":
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url, headers=headers)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.json
    return len(statements), len(response.json["items"])


def test_lists_cost_the_same_number_of_queries_whatever_their_length(client, world):
    h = world["h"]
    urls = ["/api/v1/needs?page_size=50", "/api/v1/needs/mine", "/api/v1/claims/mine"]

    def add_needs(n):
        for _ in range(n):
            need_id = publish(world)
            claim(world["provider"], need_id)
            claim(world["provider2"], need_id)

    add_needs(1)
    small = {url: count_queries(client, url, h["league"] if "needs/mine" in url else h["provider"]) for url in urls}
    add_needs(5)
    large = {url: count_queries(client, url, h["league"] if "needs/mine" in url else h["provider"]) for url in urls}
    for url in urls:
        assert large[url][1] == 6 * small[url][1], url
        assert large[url][0] == small[url][0], (url, small[url], large[url])
