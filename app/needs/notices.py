"""What the needs module's notifications say (the context each route's texts are formatted with)."""
from __future__ import annotations

from app.accounts.models import Organisation
from app.extensions import db
from app.needs.models import Claim, Need


def claim_context(need: Need, claim: Claim, **extra) -> dict:
    claimer = db.session.get(Organisation, claim.org_id)
    return {"need_id": need.id, "title": need.title, "league_id": need.league_org_id,
            "volunteer_org_id": claim.org_id, "claimer_name": claimer.name if claimer else "", "result": "",
            "reason": "", **extra}
