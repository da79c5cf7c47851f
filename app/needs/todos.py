"""To-dos (待办项) of an organisation in the needs flow, and which organisation a staff member acts for.

A league sees 待确认 (pending claims on its needs), 待认领 (its needs nobody has claimed) and 待评分
(accepted claims it has not scored); a volunteer-service organisation sees 待确认 (its own claims waiting on
a league) and 待评分 (accepted claims it has not scored). All counts come in one SELECT and each list's first
items in one query per list, whatever the numbers. Oldest first: what has waited longest comes first.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.accounts.models import Organisation, OrgKind
from app.accounts.policy import Actor
from app.core.errors import NotFound
from app.extensions import db
from app.needs import access
from app.needs.models import Claim, ClaimStatus, Need, NeedStatus

NEEDS_ORG_KINDS = (OrgKind.LEAGUE, OrgKind.VOLUNTEER_ORG)


@dataclass(frozen=True)
class TodoItem:
    need_id: int
    need_title: str
    claim_id: int | None
    org_id: int | None      # the other organisation: the claimer for a league, the league for a claimer
    org_name: str | None
    since: datetime         # when it began waiting


@dataclass(frozen=True)
class TodoList:
    key: str
    label: str
    count: int
    items: list[TodoItem]


def acting_organisation(actor: Actor, permission: str, organisation_id: int | None = None) -> Organisation:
    """The league or volunteer-service organisation the caller acts for (app.needs.access decides: the one
    named, or the caller's only one; 422 when it must be named, 403 for an organisation not the caller's).
    A platform administrator naming an organisation of another kind finds no needs workspace there (404)."""
    org = access.acting_organisation(actor, permission, organisation_id)
    if org.kind not in NEEDS_ORG_KINDS:
        raise NotFound("组织不存在", error="organisation_not_found")
    return org


Columns = tuple[sa.ColumnElement, ...]


def _claims_on_my_needs(org_id: int, *conditions) -> tuple[sa.Select, Columns]:
    claimer = aliased(Organisation)
    query = (sa.select(Claim.id).join(Need, Need.id == Claim.need_id).join(claimer, claimer.id == Claim.org_id)
             .where(Need.league_org_id == org_id, *conditions))
    return query, (Need.id, Need.title, Claim.id, claimer.id, claimer.name)


def _my_claims(org_id: int, *conditions) -> tuple[sa.Select, Columns]:
    league = aliased(Organisation)
    query = (sa.select(Claim.id).join(Need, Need.id == Claim.need_id).join(league, league.id == Need.league_org_id)
             .where(Claim.org_id == org_id, *conditions))
    return query, (Need.id, Need.title, Claim.id, league.id, league.name)


def _unclaimed_needs(org_id: int) -> tuple[sa.Select, Columns]:
    query = sa.select(Need.id).where(Need.league_org_id == org_id, Need.status == NeedStatus.UNCLAIMED)
    return query, (Need.id, Need.title, sa.null(), sa.null(), sa.null())


PENDING = Claim.status == ClaimStatus.PENDING
ACCEPTED = Claim.status == ClaimStatus.ACCEPTED


@dataclass(frozen=True)
class _ListSpec:
    key: str
    label: str
    rows: Callable[[int], tuple[sa.Select, Columns]]  # org id -> (SELECT of waiting ids, item columns)
    since: sa.ColumnElement


TODO_LISTS: dict[OrgKind, tuple[_ListSpec, ...]] = {
    OrgKind.LEAGUE: (
        _ListSpec("to_confirm", "待确认", lambda org: _claims_on_my_needs(org, PENDING), Claim.created_at),
        _ListSpec("to_claim", "待认领", _unclaimed_needs, Need.created_at),
        _ListSpec("to_score", "待评分",
                  lambda org: _claims_on_my_needs(org, ACCEPTED, Claim.league_scored_at.is_(None)), Claim.decided_at),
    ),
    OrgKind.VOLUNTEER_ORG: (
        _ListSpec("to_confirm", "待确认", lambda org: _my_claims(org, PENDING), Claim.created_at),
        _ListSpec("to_score", "待评分", lambda org: _my_claims(org, ACCEPTED, Claim.claimer_scored_at.is_(None)),
                  Claim.decided_at),
    ),
}


def todos(org: Organisation, *, limit: int = 5) -> list[TodoList]:
    """The organisation's to-do lists with their counts and first `limit` items (oldest first)."""
    specs = TODO_LISTS[org.kind]
    built = [(spec, *spec.rows(org.id)) for spec in specs]
    counts = db.session.execute(sa.select(*(
        query.with_only_columns(sa.func.count(), maintain_column_froms=True).scalar_subquery()
        for _spec, query, _columns in built))).one()
    lists = []
    for (spec, query, columns), count in zip(built, counts, strict=True):
        items = []
        if count and limit:
            since = sa.func.coalesce(spec.since, Need.created_at)
            rows = db.session.execute(
                query.with_only_columns(*columns, since, maintain_column_froms=True)
                .order_by(since, Claim.id if spec.key != "to_claim" else Need.id).limit(limit)).all()
            items = [TodoItem(*row) for row in rows]
        lists.append(TodoList(spec.key, spec.label, count, items))
    return lists
