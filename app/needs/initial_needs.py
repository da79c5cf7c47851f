"""Initial needs (初始需求): anyone signed in posts one; a league whose region contains it adopts it (it
becomes a formal need of that league, linked to its origin) or declines it with a reason. Exactly one
league decides: the decision locks the initial need. Initial needs are never listed publicly."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Region
from app.accounts.policy import Actor, authorize, region_paths
from app.accounts.regions import get_region
from app.core.errors import InvalidInput, NotFound
from app.core.phones import is_landline, is_mobile
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.extensions import db
from app.needs import events
from app.needs.access import INITIAL_NOT_FOUND, acting_organisation, load_initial_need
from app.needs.models import InitialNeed, InitialNeedStatus, Need
from app.needs.needs import publish_need
from app.needs.states import INITIAL_NEED
from app.notify.publish import publish

SUBJECT = "initial_need"
PHONE_CONTEXT = "initial_needs.contact_phone"


def post_initial_need(actor: Actor, fields: dict) -> InitialNeed:
    """我有需求 (个人): the region's leagues are told."""
    phone = fields["contact_phone"].strip()
    errors = {}
    if not (is_mobile(phone) or is_landline(phone)):
        errors["contact_phone"] = ["请填写正确的手机号码或固定电话"]
    try:
        region = get_region(fields["region_code"])
    except NotFound:
        errors["region_code"] = ["区域不存在"]
    if errors:
        raise InvalidInput(errors=errors)
    initial = InitialNeed(poster_id=actor.user_id, title=fields["title"].strip(), content=fields["content"].strip(),
                          region_id=region.id, region_path=region.path, contact_name=fields["contact_name"].strip(),
                          contact_phone_enc=pii().encrypt(phone, context=PHONE_CONTEXT))
    db.session.add(initial)
    db.session.flush()
    events.record(SUBJECT, initial.id, "post", need_id=None, to_status=str(initial.status), actor_id=actor.user_id)
    publish("initial_need.submitted", (SUBJECT, initial.id), {"title": initial.title, "region_path": region.path})
    return initial


def _for_league(actor: Actor, initial_id: int) -> InitialNeed:
    initial = load_initial_need(initial_id, lock=True)
    try:
        authorize(actor, "initial_need.decide", region_path=initial.region_path)
    except NotFound:
        raise NotFound(*INITIAL_NOT_FOUND[:1], error=INITIAL_NOT_FOUND[1]) from None
    return initial


def adopt_initial_need(actor: Actor, initial_id: int, fields: dict, *, organisation_id: int | None = None) -> Need:
    """采纳: the league publishes it as its own formal need (title, content and region prefilled from the
    initial need unless the league rewrites them); the poster is told."""
    initial = _for_league(actor, initial_id)
    league = acting_organisation(actor, "need.publish", organisation_id)
    if not initial.region_path.startswith(league.region.path):
        # Only a league whose region holds the initial need may make it its own (a platform
        # administrator or a member of several leagues could otherwise name any league).
        raise NotFound(*INITIAL_NOT_FOUND[:1], error=INITIAL_NOT_FOUND[1])
    events.apply(INITIAL_NEED, initial, SUBJECT, "adopt", actor_id=actor.user_id, need_id=None)
    prefilled = {"title": initial.title, "content": initial.content,
                 "region_code": db.session.get(Region, initial.region_id).code}
    need = publish_need(actor, prefilled | fields, organisation_id=league.id, origin_initial_need_id=initial.id)
    _decided(actor, initial, need.league_org_id, "已采纳", "")
    return need


def decline_initial_need(actor: Actor, initial_id: int, reason: str, *, organisation_id: int | None = None
                         ) -> InitialNeed:
    """不采纳, with the league's reason; the poster is told."""
    initial = _for_league(actor, initial_id)
    events.apply(INITIAL_NEED, initial, SUBJECT, "decline", actor_id=actor.user_id, need_id=None, reason=reason,
                 reason_field="decision_reason")
    org_ids = {g.organisation_id for g in actor.grants_for("initial_need.decide")
               if initial.region_path.startswith(g.region_path)}
    _decided(actor, initial, organisation_id or (min(org_ids) if org_ids else None), "未采纳", initial.decision_reason)
    return initial


def _decided(actor: Actor, initial: InitialNeed, org_id: int | None, result: str, reason: str | None) -> None:
    initial.decided_by_id, initial.decided_by_org_id, initial.decided_at = actor.user_id, org_id, utcnow()
    publish("initial_need.decided", (SUBJECT, initial.id),
            {"title": initial.title, "poster_id": initial.poster_id, "result": result, "reason": reason or ""})


def list_for_leagues(actor: Actor, status: InitialNeedStatus | None) -> list[InitialNeed]:
    """The initial needs inside the actor's leagues' regions (newest first)."""
    paths = region_paths(actor, "initial_need.decide")
    query = sa.select(InitialNeed).order_by(InitialNeed.id.desc()).limit(200)
    if paths is not None:
        query = query.where(sa.or_(*[InitialNeed.region_path.startswith(p) for p in paths]) if paths else sa.false())
    if status is not None:
        query = query.where(InitialNeed.status == status)
    return list(db.session.scalars(query))


def list_mine(actor: Actor) -> list[InitialNeed]:
    return list(db.session.scalars(sa.select(InitialNeed).where(InitialNeed.poster_id == actor.user_id)
                                   .order_by(InitialNeed.id.desc()).limit(200)))


def contact_phone(initial: InitialNeed) -> str:
    return pii().decrypt(initial.contact_phone_enc, context=PHONE_CONTEXT)
