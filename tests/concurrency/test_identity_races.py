"""Races on identity: many first logins of one person, many refreshes of one token."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.accounts.models import AuthSession, User
from app.extensions import db
from tests.concurrency.conftest import run_together

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("round_", range(3))
def test_simultaneous_first_logins_create_one_user(app, postgres_only, round_):
    name = f"dev-racer{round_}"

    def login(_):
        with app.test_client() as client:
            return client.post("/api/v1/auth/mp/login", json={"code": name})

    responses = run_together(8, login)
    assert all(r.status_code == 200 for r in responses), [r.json for r in responses]
    user_ids = {r.json["user"]["id"] for r in responses}
    assert len(user_ids) == 1
    assert sum(r.json["is_new_user"] for r in responses) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuthSession)) == 8


def test_simultaneous_refreshes_of_one_token_yield_at_most_one_new_pair(app, postgres_only):
    with app.test_client() as client:
        login = client.post("/api/v1/auth/mp/login", json={"code": "dev-refresher"}).json

    def refresh(_):
        with app.test_client() as client:
            return client.post("/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]})

    responses = run_together(6, refresh)
    assert sorted(r.status_code for r in responses) == [200] + [401] * 5
