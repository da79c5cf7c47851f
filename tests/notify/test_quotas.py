"""Subscribe credits: client reports are advisory, WeChat's popup event is authoritative."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify import quotas
from app.notify.models import SubscriptionGrant
from tests.factories import auth, make_user, token_for
from tests.notify.helpers import REMINDER, TODO


def test_reporting_accepts_through_the_api(client, app_ctx):
    token = token_for(make_user(mp_openid="o-quota"))
    state = client.get("/api/v1/subscriptions", headers=auth(token)).json
    assert state["templates"]["todo"] == TODO and state["credits"] == {}
    reported = client.post("/api/v1/subscriptions", headers=auth(token),
                           json={"results": {TODO: "accept", REMINDER: "reject"}})
    assert reported.status_code == 200 and reported.json["credits"] == {TODO: 1}
    client.post("/api/v1/subscriptions", headers=auth(token), json={"results": {TODO: "acceptWithAudio"}})
    assert client.get("/api/v1/subscriptions", headers=auth(token)).json["credits"] == {TODO: 2}
    bad = client.post("/api/v1/subscriptions", headers=auth(token),
                      json={"results": {"someone-elses-template": "accept", TODO: "maybe"}})
    assert bad.status_code == 422
    assert set(bad.json["errors"]["results"]) == {"someone-elses-template", TODO}
    assert client.get("/api/v1/subscriptions", headers=auth(token)).json["credits"] == {TODO: 2}


def test_push_event_confirms_overrules_or_adds(app_ctx):
    user = make_user(mp_openid="o-popup")
    with unit_of_work():
        quotas.record_client_results(user, {TODO: "accept", REMINDER: "accept"})
    with unit_of_work():
        changed = quotas.record_popup_event("o-popup", [{"template_id": TODO, "status": "accept"},
                                                       {"template_id": REMINDER, "status": "reject"}], "o-popup:100")
    assert changed == 2
    assert quotas.credits_of(user) == {TODO: 1, REMINDER: 0}
    with unit_of_work():  # WeChat re-sends the same push: nothing changes
        assert quotas.record_popup_event("o-popup", [{"template_id": TODO, "status": "accept"}], "o-popup:100") == 0
    with unit_of_work():  # an accept the client never reported
        quotas.record_popup_event("o-popup", [{"template_id": TODO, "status": "accept"}], "o-popup:200")
    assert quotas.credits_of(user) == {TODO: 2, REMINDER: 0}
    with unit_of_work():
        assert quotas.record_popup_event("o-nobody", [{"template_id": TODO, "status": "accept"}], "x:1") == 0


def test_reconciliation_voids_unconfirmed_client_reports_once(app_ctx):
    user = make_user(mp_openid="o-stale")
    with unit_of_work():
        quotas.record_client_results(user, {TODO: "accept"})
        quotas.record_client_results(user, {TODO: "accept"})
        quotas.record_client_results(user, {REMINDER: "accept"})
    with unit_of_work():
        db.session.execute(sa.update(SubscriptionGrant).where(SubscriptionGrant.template_id == TODO)
                           .values(created_at=utcnow() - timedelta(days=2)))
    with unit_of_work():
        assert quotas.reconcile() == 2
    with unit_of_work():
        assert quotas.reconcile() == 0
    assert quotas.credits_of(user) == {TODO: 0, REMINDER: 1}


def test_reconcile_task_does_nothing_without_wechat_pushes(app):
    from app.tasks.notify_jobs import reconcile_quotas

    assert app.config["WECHAT_MP_PUSH_ENABLED"] is False
    assert reconcile_quotas.delay().get() == 0
