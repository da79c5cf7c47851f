"""Building blocks for tests: real rows through the real services, tokens through the real session code."""
from __future__ import annotations

from app.accounts import sessions
from app.accounts.models import MemberRole, OrgKind, User
from app.accounts.organisations import create_account, create_organisation
from app.accounts.passwords import hash_password
from app.accounts.regions import GUANGZHOU_CSV, load_regions_csv
from app.core.unit_of_work import unit_of_work

PASSWORD = "Passw0rd2026"


def load_regions() -> None:
    with unit_of_work():
        load_regions_csv(GUANGZHOU_CSV)


def make_org(kind: OrgKind, region_code: str, name: str | None = None) -> int:
    with unit_of_work():
        return create_organisation(name or f"{kind.value}-{region_code}", kind, region_code).id


def make_account(org_id: int, username: str, role: MemberRole = MemberRole.ADMIN, *,
                 must_change: bool = False) -> int:
    from app.accounts.models import Organisation
    from app.extensions import db

    with unit_of_work():
        user, _ = create_account(db.session.get(Organisation, org_id), username, role, initial_password=PASSWORD)
        user.must_change_password = must_change
        return user.id


def make_user(**fields) -> int:
    with unit_of_work() as session:
        user = User(**fields)
        session.add(user)
        session.flush()
        return user.id


def make_admin(username: str = "root") -> int:
    return make_user(username=username, password_hash=hash_password(PASSWORD), is_platform_admin=True)


def token_for(user_id: int) -> str:
    from app.extensions import db

    with unit_of_work():
        return sessions.start_session(db.session.get(User, user_id), "password")["access_token"]


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def forget_cached_answers() -> None:
    """Drop every cache generation's token (app.core.generations), so the next reads go to the database:
    a test that counts a request's queries measures the uncached path, whatever ran before it."""
    from flask import current_app

    from app.core import generations

    for name in generations.WATCHED:
        current_app.extensions["timebank.kv"].delete(f"gen:{name}")
