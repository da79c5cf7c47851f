"""Refresh-token reuse: presenting any token the session already rotated away from — not only the one just
before — revokes the whole session; the memory of those tokens goes when the session is purged."""
from __future__ import annotations

from datetime import timedelta

import flask_migrate
import pytest
import sqlalchemy as sa

from app.accounts.models import AuthSession, RetiredRefreshToken
from app.accounts.sessions import _hash
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from tests.factories import auth, make_user

REFRESH = "/api/v1/auth/refresh"


def rotations(client, count: int) -> tuple[dict, list[str]]:
    login = client.post("/api/v1/auth/mp/login", json={"code": "dev-alice"}).json
    tokens = [login["refresh_token"]]
    for _ in range(count):
        rotated = client.post(REFRESH, json={"refresh_token": tokens[-1]})
        assert rotated.status_code == 200
        tokens.append(rotated.json["refresh_token"])
    return login, tokens


@pytest.mark.parametrize("back", [2, 3])
def test_a_token_from_several_rotations_ago_revokes_the_session(client, app_ctx, back):
    login, tokens = rotations(client, 3)
    replay = client.post(REFRESH, json={"refresh_token": tokens[-1 - back]})
    assert replay.status_code == 401 and replay.json["error"] == "invalid_refresh_token"
    assert client.post(REFRESH, json={"refresh_token": tokens[-1]}).status_code == 401
    me = client.get("/api/v1/me", headers=auth(login["access_token"]))
    assert me.status_code == 401 and me.json["error"] == "session_revoked"


def test_an_unknown_token_revokes_nothing(client, app_ctx):
    _, tokens = rotations(client, 1)
    assert client.post(REFRESH, json={"refresh_token": "never-issued-token"}).status_code == 401
    assert client.post(REFRESH, json={"refresh_token": tokens[-1]}).status_code == 200


def test_purging_a_dead_session_forgets_its_retired_tokens(client, app_ctx):
    from app.accounts.maintenance import purge_expired_sessions

    rotations(client, 2)
    with unit_of_work():
        db.session.execute(sa.update(AuthSession).values(revoked_at=utcnow() - timedelta(days=30)))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RetiredRefreshToken)) == 2
    with unit_of_work():
        assert purge_expired_sessions() == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RetiredRefreshToken)) == 0


def test_the_migration_keeps_the_previous_token_of_existing_sessions_a_detected_reuse(client, app_ctx):
    db.session.remove()
    flask_migrate.downgrade(revision="ba6cfa44d04f")
    try:
        user_id = make_user(mp_openid="o-before")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO auth_sessions (id, user_id, channel, refresh_hash, previous_refresh_hash, created_at,"
                " expires_at) VALUES ('s-old', :uid, 'mp', :current, :previous, :now, :later)"),
                {"uid": user_id, "current": _hash("current-token-x"), "previous": _hash("previous-token"),
                 "now": utcnow(), "later": utcnow() + timedelta(days=10)})
    finally:
        flask_migrate.upgrade()
    assert client.post(REFRESH, json={"refresh_token": "previous-token"}).status_code == 401
    assert db.session.get(AuthSession, "s-old").revoked_at is not None
