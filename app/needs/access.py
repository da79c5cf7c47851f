"""Which organisation an actor acts for, and loading needs-module rows for them: a row another
organisation owns answers exactly like a missing one (404), so probing ids reveals nothing."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Organisation
from app.accounts.policy import Actor, authorize
from app.core.errors import Forbidden, InvalidInput, NotFound
from app.extensions import db
from app.needs.models import Claim, InitialNeed, Need

NEED_NOT_FOUND = ("需求不存在或已被删除", "need_not_found")
CLAIM_NOT_FOUND = ("认领记录不存在", "claim_not_found")
INITIAL_NOT_FOUND = ("初始需求不存在", "initial_need_not_found")


def acting_organisation(actor: Actor, permission: str, organisation_id: int | None) -> Organisation:
    """The organisation the actor acts for under `permission`: the one named, or their only one."""
    if actor.is_platform_admin and organisation_id is None:
        raise InvalidInput("请选择代表哪个组织操作", errors={"organisation_id": ["请选择组织"]})
    if organisation_id is None:
        ids = {grant.organisation_id for grant in actor.grants_for(permission)}
        if len(ids) != 1:
            raise InvalidInput("您属于多个组织，请选择代表哪个组织操作", errors={"organisation_id": ["请选择组织"]})
        organisation_id = ids.pop()
    authorize(actor, permission, organisation_id=organisation_id, hide=False)
    org = db.session.get(Organisation, organisation_id)
    if org is None or not org.is_active:
        raise Forbidden("该组织不可用", error="organisation_inactive")
    return org


def _load(model, row_id: int, lock: bool, message: str, error: str):
    query = sa.select(model).where(model.id == row_id)
    if lock:
        # populate_existing: a row already in the session is refreshed from the locked read.
        query = query.with_for_update().execution_options(populate_existing=True)
    row = db.session.scalars(query).first()
    if row is None:
        raise NotFound(message, error=error)
    return row


def load_need(need_id: int, *, lock: bool = False) -> Need:
    return _load(Need, need_id, lock, *NEED_NOT_FOUND)


def load_claim(claim_id: int, *, lock: bool = False) -> Claim:
    return _load(Claim, claim_id, lock, *CLAIM_NOT_FOUND)


def load_initial_need(initial_id: int, *, lock: bool = False) -> InitialNeed:
    return _load(InitialNeed, initial_id, lock, *INITIAL_NOT_FOUND)


def own(actor: Actor, permission: str, organisation_id: int, not_found: tuple[str, str]) -> None:
    """Refuse unless `permission` reaches `organisation_id`; another organisation's row is a 404."""
    try:
        authorize(actor, permission, organisation_id=organisation_id)
    except NotFound:
        raise NotFound(not_found[0], error=not_found[1]) from None
