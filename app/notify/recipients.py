"""Who receives an event, as SQL: each rule turns the event's context into a SELECT of user ids, so a
dispatch to ten thousand volunteers is one INSERT … SELECT, never a Python loop."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.accounts.models import MemberRole, Membership, Organisation, OrgKind, Region, User


def _ids(value) -> list[int]:
    if value is None:
        return []
    return [int(v) for v in (value if isinstance(value, (list, tuple, set)) else [value])]


def _members(org_filter, roles: frozenset[MemberRole] | None) -> sa.Select:
    query = (sa.select(Membership.user_id)
             .join(Organisation, Organisation.id == Membership.organisation_id)
             .where(Membership.is_active.is_(True), Organisation.is_active.is_(True), org_filter))
    if roles:
        query = query.where(Membership.role.in_(roles))
    return query


@dataclass(frozen=True)
class Users:
    """Named people: context[key] is a user id or a list of them."""
    key: str

    def select(self, context: dict) -> sa.Select:
        return sa.select(User.id).where(User.id.in_(_ids(context.get(self.key)) or [-1]))


@dataclass(frozen=True)
class OrgMembers:
    """The staff of the organisation(s) named by context[key]."""
    key: str
    roles: frozenset[MemberRole] | None = None

    def select(self, context: dict) -> sa.Select:
        return _members(Organisation.id.in_(_ids(context.get(self.key)) or [-1]), self.roles)


@dataclass(frozen=True)
class OrgsCovering:
    """The staff of every organisation of `kind` whose region contains context[path_key]: the station
    of an order's street, the association of its city."""
    kind: OrgKind
    path_key: str = "region_path"
    roles: frozenset[MemberRole] | None = None

    def select(self, context: dict) -> sa.Select:
        path = str(context.get(self.path_key) or "-")
        covering = sa.select(Region.id).where(sa.literal(path).like(Region.path + "%"))
        return _members(sa.and_(Organisation.kind == self.kind, Organisation.region_id.in_(covering)),
                        self.roles)


@dataclass(frozen=True)
class OrgsWithin:
    """The staff of every organisation of `kind` inside context[path_key] (providers of a district)."""
    kind: OrgKind
    path_key: str = "region_path"

    def select(self, context: dict) -> sa.Select:
        path = str(context.get(self.path_key) or "-")
        inside = sa.select(Region.id).where(Region.path.like(path + "%"))
        return _members(sa.and_(Organisation.kind == self.kind, Organisation.region_id.in_(inside)), None)


@dataclass(frozen=True)
class VolunteersIn:
    """Volunteers whose service community lies inside context[path_key] (dispatch 派单)."""
    path_key: str = "region_path"

    def select(self, context: dict) -> sa.Select:
        path = str(context.get(self.path_key) or "-")
        inside = sa.select(Region.id).where(Region.path.like(path + "%"))
        return sa.select(User.id).where(User.service_community_id.in_(inside))


def recipients_select(rules, context: dict) -> sa.Select:
    """Distinct active users reached by any of the rules."""
    selects = [rule.select(context) for rule in rules]
    reached = (selects[0] if len(selects) == 1 else sa.union(*selects)).subquery()
    return sa.select(User.id).where(User.id.in_(sa.select(reached.c[0])), User.is_active.is_(True))
