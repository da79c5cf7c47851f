"""The token check's cached answer: served without a query while nothing changed, and stale the moment
a commit touches sessions, users, memberships or organisations (logout, disabled account or organisation,
membership ended) — each takes effect on the very next request."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import MemberRole, Membership, Organisation, OrgKind, User
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.factories import auth, load_regions, make_account, make_org, token_for
from tests.sibling_app import sibling_app

ORGS = "/api/v1/organisations"


@pytest.fixture
def staff(app_ctx):
    load_regions()
    station = make_org(OrgKind.STATION, "440106001", "五山街道社工站")
    user_id = make_account(station, "st-staff", MemberRole.STAFF)
    return {"station": station, "user": user_id, "headers": auth(token_for(user_id))}


def _statements(app, call):
    seen = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = call()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return response, sum("auth_sessions" in statement for statement in seen)


def test_a_repeated_request_is_authenticated_without_a_query(app, client, staff):
    first, cold = _statements(app, lambda: client.get(f"{ORGS}/{staff['station']}", headers=staff["headers"]))
    second, warm = _statements(app, lambda: client.get(f"{ORGS}/{staff['station']}", headers=staff["headers"]))
    assert first.status_code == second.status_code == 200 and first.json == second.json
    assert (cold, warm) == (1, 0)


def _disable_user(staff):
    db.session.get(User, staff["user"]).is_active = False


def _disable_station(staff):
    db.session.execute(sa.update(Organisation).where(Organisation.id == staff["station"]).values(is_active=False))


def _end_membership(staff):
    db.session.execute(sa.update(Membership).where(Membership.user_id == staff["user"]).values(is_active=False))


def _log_out(staff):
    from app.accounts.sessions import revoke_access

    revoke_access(staff["user"])


@pytest.mark.parametrize("change,status", [(_disable_user, 401), (_log_out, 401), (_disable_station, 403),
                                           (_end_membership, 403)],
                         ids=["user-disabled", "logged-out", "organisation-disabled", "membership-ended"])
def test_a_change_takes_effect_on_the_next_request(client, staff, change, status):
    url = f"{ORGS}/{staff['station']}"
    assert client.get(url, headers=staff["headers"]).status_code == 200  # now cached
    with unit_of_work():
        change(staff)
    assert client.get(url, headers=staff["headers"]).status_code == status


@pytest.fixture
def second_worker(app):
    """Another web process's app: its own Redis client and its own cache mirror (app/core/mirror.py), on
    the same database and Redis — as a second gunicorn worker would have."""
    with sibling_app(app) as other:
        yield other


@pytest.mark.parametrize("change,status", [(_disable_user, 401), (_log_out, 401), (_disable_station, 403),
                                           (_end_membership, 403)],
                         ids=["user-disabled", "logged-out", "organisation-disabled", "membership-ended"])
def test_a_change_made_by_another_process_takes_effect_on_its_next_request(second_worker, staff, change, status):
    """The other worker holds the token check's answer in its own cache mirror; a change committed here must
    still refuse its very next request (no wait)."""
    url = f"{ORGS}/{staff['station']}"
    other = second_worker.test_client()
    assert other.get(url, headers=staff["headers"]).status_code == 200  # now cached there
    assert other.get(url, headers=staff["headers"]).status_code == 200  # and answered from its mirror
    with unit_of_work():
        change(staff)
    assert other.get(url, headers=staff["headers"]).status_code == status


def test_a_token_verified_before_is_refused_once_it_expires(client, staff, monkeypatch):
    import time

    from app.accounts import sessions

    url = f"{ORGS}/{staff['station']}"
    assert client.get(url, headers=staff["headers"]).status_code == 200  # its claims are now cached
    later = time.time() + 24 * 3600
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    refused = client.get(url, headers=staff["headers"])
    assert refused.status_code == 401 and refused.json["error"] == "token_expired"


def test_a_forged_token_is_refused(client, staff):
    header, payload, _signature = staff["headers"]["Authorization"].split(" ")[1].split(".")
    forged = client.get(f"{ORGS}/{staff['station']}", headers={"Authorization": f"Bearer {header}.{payload}.AAAA"})
    assert forged.status_code == 401 and forged.json["error"] == "invalid_token"
