"""An organisation's points (我的积分, org_points.view): its balance and history in the shared ledger, which
grow with the scores it receives (app/needs/scoring.py). The ledger does the work; this only decides whose
account a staff member may read."""
from __future__ import annotations

from dataclasses import dataclass

from app.accounts.policy import Actor
from app.ledger import history, services
from app.ledger.models import OwnerType
from app.needs.todos import acting_organisation

PERMISSION = "org_points.view"


@dataclass(frozen=True)
class OrgBalance:
    organisation_id: int
    organisation_name: str
    balance: int


def org_balance(actor: Actor, organisation_id: int | None = None) -> OrgBalance:
    """The balance of the organisation the caller acts for (see todos.acting_organisation)."""
    org = acting_organisation(actor, PERMISSION, organisation_id)
    return OrgBalance(org.id, org.name, services.balance(OwnerType.ORGANISATION, org.id))


def org_history(actor: Actor, organisation_id: int | None = None, *, before_id: int | None = None,
                limit: int = 20) -> list[history.HistoryEntry]:
    """The organisation's ledger entries, newest first (keyset by entry id)."""
    org = acting_organisation(actor, PERMISSION, organisation_id)
    return history.history((OwnerType.ORGANISATION, org.id), before_id=before_id, limit=limit)
