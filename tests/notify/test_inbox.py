"""The in-app inbox over the API."""
from __future__ import annotations

from app.core.unit_of_work import unit_of_work
from app.notify.digest import register_source, unregister_source
from app.notify.publish import publish
from tests.factories import auth, make_user, token_for


def _notify(user_ids, n, first_subject=0):
    for i in range(n):
        with unit_of_work():
            publish("points.credited", ("test", first_subject + i),
                    {"user_ids": user_ids, "title": f"第{i}次服务", "points": i})


def test_list_page_count_and_mark_read(client, app_ctx):
    me, other = make_user(mp_openid="o-me"), make_user(mp_openid="o-other")
    _notify([me], 5)
    _notify([other], 1, first_subject=100)
    headers = auth(token_for(me))
    assert client.get("/api/v1/inbox/unread-count", headers=headers).json == {"unread": 5}
    first = client.get("/api/v1/inbox", headers=headers, query_string={"limit": 3}).json
    assert [item["title"] for item in first] == ["积分到账"] * 3
    assert [item["body"] for item in first] == ["第4次服务：+4 积分", "第3次服务：+3 积分", "第2次服务：+2 积分"]
    rest = client.get("/api/v1/inbox", headers=headers, query_string={"before_id": first[-1]["id"]}).json
    assert len(rest) == 2 and rest[0]["page"] == "packages/volunteer/points/index"

    read = client.post(f"/api/v1/inbox/{first[0]['id']}/read", headers=headers)
    assert read.status_code == 200 and read.json["read_at"]
    assert client.get("/api/v1/inbox/unread-count", headers=headers).json == {"unread": 4}
    unread = client.get("/api/v1/inbox", headers=headers, query_string={"unread_only": True}).json
    assert first[0]["id"] not in [item["id"] for item in unread]
    assert client.post("/api/v1/inbox/read-all", headers=headers).json == {"updated": 4}
    assert client.get("/api/v1/inbox/unread-count", headers=headers).json == {"unread": 0}

    others = client.get("/api/v1/inbox", headers=auth(token_for(other))).json
    stolen = client.post(f"/api/v1/inbox/{others[0]['id']}/read", headers=headers)
    assert stolen.status_code == 404


def test_daily_digest_sums_each_persons_waiting_work_once_a_day(app_ctx):
    import sqlalchemy as sa

    from app.notify.models import InboxItem, NotificationEvent
    from app.tasks.notify_jobs import send_daily_digest

    staff = make_user(mp_openid="o-staff")
    idle = make_user(mp_openid="o-idle")
    register_source("test.beneficiaries", lambda: sa.select(sa.literal(staff), sa.literal("服务对象待审核"),
                                                            sa.literal(3)))
    register_source("test.orders", lambda: sa.select(sa.literal(staff), sa.literal("订单待初审"), sa.literal(2))
                    .union_all(sa.select(sa.literal(idle), sa.literal("订单待初审"), sa.literal(0))))
    try:
        assert send_daily_digest.delay().get() == 1
        assert send_daily_digest.delay().get() == 0  # same day: nothing twice
    finally:
        unregister_source("test.beneficiaries")
        unregister_source("test.orders")
    from app.extensions import db

    [event] = db.session.scalars(sa.select(NotificationEvent))
    assert event.body == "服务对象待审核 3 项；订单待初审 2 项"
    assert [i.user_id for i in db.session.scalars(sa.select(InboxItem))] == [staff]
