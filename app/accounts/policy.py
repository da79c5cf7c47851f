"""The one access policy: who may do what, to which organisation, in which region.

Every endpoint names a permission (or is explicitly public / signed-in only). A permission is a row
of RULES: which organisation kinds and member roles hold it, and how far it reaches:
  OWN_ORG  the target must belong to the actor's own organisation;
  REGION   the target must sit inside the actor's organisation's region (a station inside its
           street, a community inside its community, the association city-wide).
Platform administrators hold every permission everywhere.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from app.accounts.models import MemberRole, OrgKind
from app.core.errors import Forbidden, NotFound


class Scope(enum.StrEnum):
    OWN_ORG = "own_org"
    REGION = "region"
    PLATFORM = "platform"  # platform administrators only


@dataclass(frozen=True)
class Rule:
    kinds: frozenset[OrgKind] = frozenset()
    roles: frozenset[MemberRole] = frozenset({MemberRole.ADMIN, MemberRole.STAFF})
    scope: Scope = Scope.OWN_ORG


ADMIN_ONLY = frozenset({MemberRole.ADMIN})
ALL_KINDS = frozenset(OrgKind)

# permission                        who (kinds, roles)                              reach
RULES: dict[str, Rule] = {
    "organisation.create":          Rule(scope=Scope.PLATFORM),
    "organisation.view":            Rule(kinds=ALL_KINDS, scope=Scope.OWN_ORG),
    "organisation.manage_accounts": Rule(kinds=ALL_KINDS, roles=ADMIN_ONLY, scope=Scope.OWN_ORG),
    "user.manage":                  Rule(kinds=ALL_KINDS, roles=ADMIN_ONLY, scope=Scope.OWN_ORG),
    "region.manage":                Rule(scope=Scope.PLATFORM),
    "notify.admin":                 Rule(scope=Scope.PLATFORM),
}


@dataclass(frozen=True)
class MembershipGrant:
    organisation_id: int
    kind: OrgKind
    role: MemberRole
    region_path: str


@dataclass(frozen=True)
class Actor:
    user_id: int
    is_platform_admin: bool = False
    grants: tuple[MembershipGrant, ...] = field(default_factory=tuple)

    def grants_for(self, permission: str) -> list[MembershipGrant]:
        rule = RULES[permission]
        return [g for g in self.grants if g.kind in rule.kinds and g.role in rule.roles]

    def organisation_ids(self) -> set[int]:
        return {g.organisation_id for g in self.grants}


def allows(actor: Actor, permission: str, *, organisation_id: int | None = None,
           region_path: str | None = None) -> bool:
    rule = RULES[permission]
    if actor.is_platform_admin:
        return True
    if rule.scope is Scope.PLATFORM:
        return False
    grants = actor.grants_for(permission)
    if rule.scope is Scope.OWN_ORG:
        return organisation_id is None and bool(grants) or any(
            g.organisation_id == organisation_id for g in grants)
    # REGION: the target's region path lies inside one of the actor's organisations' regions.
    if region_path is None:
        return bool(grants)
    return any(region_path.startswith(g.region_path) for g in grants)


def authorize(actor: Actor, permission: str, *, organisation_id: int | None = None,
              region_path: str | None = None, hide: bool = True) -> None:
    """Raise unless allowed. With `hide`, a target outside the actor's reach answers 404, so probing
    ids reveals nothing about other organisations; without it, 403."""
    if allows(actor, permission, organisation_id=organisation_id, region_path=region_path):
        return
    targeted = organisation_id is not None or region_path is not None
    if hide and targeted and actor.grants_for(permission):
        raise NotFound()
    raise Forbidden()


def region_paths(actor: Actor, permission: str) -> list[str] | None:
    """The region prefixes a list query must filter by; None means no limit (platform admin)."""
    if actor.is_platform_admin:
        return None
    return [g.region_path for g in actor.grants_for(permission)]
