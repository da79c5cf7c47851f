"""Reading needs and claims: the public list and detail (formal needs only), a league's posts with their
progress, the claims of a need, an organisation's claims, and the public organisation page.

The leader's phones (负责人手机 / 固定电话) are shown in clear only to the league's own staff, to the
staff of the organisation whose claim was accepted, and to platform administrators; everyone else —
the public, volunteers, other organisations, claimers still waiting or returned — gets null: seed 002
says the number is not shown before the league accepts a claim, and a masked number still gives away
its prefix and last four digits.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind, Region
from app.accounts.policy import Actor, allows
from app.core.crypto import mask_phone
from app.core.errors import InvalidInput, NotFound
from app.extensions import db
from app.needs.access import NEED_NOT_FOUND, load_need, own
from app.needs.favourites import is_favourite
from app.needs.initial_needs import contact_phone as initial_phone
from app.needs.models import (
    Claim,
    ClaimScore,
    ClaimStatus,
    FavouriteKind,
    InitialNeed,
    Need,
    NeedEvent,
    NeedStatus,
    OrganisationProfile,
    Zone,
)
from app.needs.need_form import leader_phones
from app.needs.profiles import contact_phone, get_profile
from app.needs.states import ACTION_LABELS, CLAIM_STATUS_LABELS, INITIAL_NEED_STATUS_LABELS, NEED_STATUS_LABELS

_league = sa.orm.aliased(Organisation)
_accepted = sa.orm.aliased(Claim)
_accepted_org = sa.orm.aliased(Organisation)


def _rows(query):
    """Need rows with their zone, league, region and accepted claimer names (one query)."""
    return (query.add_columns(Zone.name.label("zone_name"), _league.name.label("league_name"),
                              Region.name.label("region_name"), Region.code.label("region_code"),
                              _accepted.org_id.label("accepted_org_id"),
                              _accepted_org.name.label("accepted_org_name"))
            .outerjoin(Zone, Zone.id == Need.zone_id).join(_league, _league.id == Need.league_org_id)
            .join(Region, Region.id == Need.region_id)
            .outerjoin(_accepted, sa.and_(_accepted.need_id == Need.id, _accepted.status == ClaimStatus.ACCEPTED))
            .outerjoin(_accepted_org, _accepted_org.id == _accepted.org_id))


def sees_phones(actor: Actor | None, need: Need, accepted_org_id: int | None) -> bool:
    if actor is None:
        return False
    if actor.is_platform_admin or allows(actor, "need.publish", organisation_id=need.league_org_id):
        return True
    return accepted_org_id is not None and allows(actor, "claim.make", organisation_id=accepted_org_id)


def _summary(row, actor: Actor | None) -> dict:
    need = row.Need
    clear = sees_phones(actor, need, row.accepted_org_id)
    # Decrypt only for a caller entitled to the numbers: nobody else gets even a masked form.
    mobile, landline = leader_phones(need) if clear else (None, None)
    return {
        "id": need.id, "title": need.title, "zone_id": need.zone_id, "zone_name": row.zone_name,
        "league_org_id": need.league_org_id, "league_name": row.league_name, "region_name": row.region_name,
        "region_code": row.region_code,
        "starts_at": need.starts_at, "ends_at": need.ends_at, "headcount": need.headcount,
        "status": need.status, "status_label": NEED_STATUS_LABELS[need.status], "created_at": need.created_at,
        "accepted_org_id": row.accepted_org_id, "accepted_org_name": row.accepted_org_name,
        "content": need.content, "leader_name": need.leader_name, "phones_visible": clear,
        "leader_mobile": mobile, "leader_landline": landline,
        "origin_initial_need_id": need.origin_initial_need_id,
    }


def public_needs(actor: Actor | None, *, zone_id=None, region_code=None, status=None, keyword=None, page=1,
                 page_size=20) -> dict:
    """需求信息 list: formal needs, not withdrawn, newest first; filters by zone, region, status, keyword."""
    query = sa.select(Need).where(Need.status != NeedStatus.WITHDRAWN)
    if zone_id is not None:
        query = query.where(Need.zone_id == zone_id)
    if region_code:
        path = db.session.scalar(sa.select(Region.path).where(Region.code == region_code))
        if path is None:  # an unknown code is a mistake to name, not a filter matching nothing
            raise InvalidInput("区域不存在", errors={"region_code": ["区域不存在"]})
        query = query.where(Need.region_path.startswith(path))
    if status is not None:
        query = query.where(Need.status == status)
    if keyword:
        # autoescape: a typed % or _ is searched for, not a wildcard.
        word = keyword.strip()
        query = query.where(sa.or_(Need.title.contains(word, autoescape=True),
                                   Need.content.contains(word, autoescape=True)))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.execute(_rows(query).order_by(Need.created_at.desc(), Need.id.desc())
                              .limit(page_size).offset((page - 1) * page_size)).all()
    return {"items": [_summary(row, actor) for row in rows], "total": total, "page": page, "page_size": page_size}


def need_detail(actor: Actor | None, need_id: int) -> dict:
    row = db.session.execute(_rows(sa.select(Need).where(Need.id == need_id))).first()
    if row is None:
        raise NotFound(*NEED_NOT_FOUND[:1], error=NEED_NOT_FOUND[1])
    mine = actor is not None and (actor.is_platform_admin
                                  or allows(actor, "need.publish", organisation_id=row.Need.league_org_id))
    if row.Need.status is NeedStatus.WITHDRAWN and not mine:
        raise NotFound(*NEED_NOT_FOUND[:1], error=NEED_NOT_FOUND[1])
    detail = _summary(row, actor)
    counts = dict(db.session.execute(sa.select(Claim.status, sa.func.count()).where(Claim.need_id == need_id)
                                     .group_by(Claim.status)).all())
    detail["claim_count"] = sum(counts.values())
    detail["pending_claim_count"] = counts.get(ClaimStatus.PENDING, 0)
    detail["events"] = need_events(need_id) if mine else []
    detail["is_favourite"] = actor is not None and is_favourite(actor.user_id, FavouriteKind.NEED, need_id)
    detail["my_claim"] = my_claim(actor, row.Need)
    return detail


def my_claim(actor: Actor | None, need: Need) -> dict | None:
    """The latest claim on the need by one of the caller's own volunteer-service organisations (any status,
    so a returned claim shows its reason); None for anyone else. Platform administrators claim for no
    organisation, so they have none either."""
    if actor is None:
        return None
    org_ids = [g.organisation_id for g in actor.grants_for("claim.make")]
    if not org_ids:
        return None
    row = db.session.execute(sa.select(Claim, Organisation.name).join(Organisation, Organisation.id == Claim.org_id)
                             .where(Claim.need_id == need.id, Claim.org_id.in_(org_ids))
                             .order_by(Claim.id.desc()).limit(1)).first()
    return claim_item(row.Claim, need.title, row.name) if row else None


def need_events(need_id: int) -> list[dict]:
    """处理进度: who did what to the need and its claims, oldest first."""
    return events_of_needs([need_id]).get(need_id, [])


def events_of_needs(need_ids: list[int]) -> dict[int, list[dict]]:
    """处理进度 of several needs in one query, each oldest first."""
    found: dict[int, list[dict]] = {}
    if not need_ids:
        return found
    rows = db.session.scalars(sa.select(NeedEvent).where(NeedEvent.need_id.in_(need_ids)).order_by(NeedEvent.id))
    for e in rows:
        found.setdefault(e.need_id, []).append({
            "action": e.action, "action_label": ACTION_LABELS.get(e.action, e.action), "subject_type": e.subject_type,
            "from_status": e.from_status, "to_status": e.to_status, "reason": e.reason, "at": e.at})
    return found


def league_posts(actor: Actor, league_ids: list[int] | None, status=None) -> list[dict]:
    """我的发布: the leagues' needs, each with its claims' progress and 处理进度 (three queries)."""
    query = sa.select(Need)
    if league_ids is not None:
        query = query.where(Need.league_org_id.in_(league_ids))
    if status is not None:
        query = query.where(Need.status == status)
    rows = db.session.execute(_rows(query).order_by(Need.id.desc()).limit(200)).all()
    ids = [row.Need.id for row in rows]
    counts = {}
    for need_id, claim_status, count in db.session.execute(
            sa.select(Claim.need_id, Claim.status, sa.func.count()).where(Claim.need_id.in_(ids))
            .group_by(Claim.need_id, Claim.status)):
        counts.setdefault(need_id, {})[claim_status] = count
    history = events_of_needs(ids)
    items = []
    for row in rows:
        item = _summary(row, actor)
        per = counts.get(row.Need.id, {})
        item["claim_count"], item["pending_claim_count"] = sum(per.values()), per.get(ClaimStatus.PENDING, 0)
        item["events"] = history.get(row.Need.id, [])
        items.append(item)
    return items


def claim_item(claim: Claim, need_title: str, org_name: str) -> dict:
    return {"id": claim.id, "need_id": claim.need_id, "need_title": need_title, "org_id": claim.org_id,
            "org_name": org_name, "message": claim.message, "status": claim.status,
            "status_label": CLAIM_STATUS_LABELS[claim.status], "reason": claim.status_reason,
            "created_at": claim.created_at, "decided_at": claim.decided_at,
            "league_scored": claim.league_scored_at is not None, "claimer_scored": claim.claimer_scored_at is not None}


def claim_view(claim: Claim) -> dict:
    need, org = db.session.get(Need, claim.need_id), db.session.get(Organisation, claim.org_id)
    return claim_item(claim, need.title, org.name)


def claims_of_need(actor: Actor, need_id: int) -> list[dict]:
    need = load_need(need_id)
    own(actor, "claim.decide", need.league_org_id, NEED_NOT_FOUND)
    rows = db.session.execute(sa.select(Claim, Organisation.name).join(Organisation, Organisation.id == Claim.org_id)
                              .where(Claim.need_id == need_id).order_by(Claim.id)).all()
    return [claim_item(claim, need.title, name) for claim, name in rows]


def claims_of_orgs(org_ids: list[int] | None, status=None) -> list[dict]:
    """我的申请: the organisations' claims, newest first, with the need's title (one query)."""
    query = (sa.select(Claim, Need.title, Organisation.name).join(Need, Need.id == Claim.need_id)
             .join(Organisation, Organisation.id == Claim.org_id).order_by(Claim.id.desc()).limit(200))
    if org_ids is not None:
        query = query.where(Claim.org_id.in_(org_ids))
    if status is not None:
        query = query.where(Claim.status == status)
    return [claim_item(claim, title, name) for claim, title, name in db.session.execute(query)]


def organisation_page(org_id: int, user_id: int | None = None) -> dict:
    """The public page of a league or volunteer-service organisation: profile (phone masked), its claims
    (or needs), the average of the scores it received, and whether the signed-in caller (`user_id`) keeps it
    among their favourites."""
    org = db.session.get(Organisation, org_id)
    if org is None or not org.is_active or org.kind not in (OrgKind.LEAGUE, OrgKind.VOLUNTEER_ORG):
        raise NotFound("组织不存在", error="organisation_not_found")
    profile = get_profile(org_id)
    average, count = db.session.execute(sa.select(sa.func.avg(ClaimScore.stars), sa.func.count())
                                        .where(ClaimScore.scored_org_id == org_id)).one()
    if org.kind is OrgKind.VOLUNTEER_ORG:
        works = [{"need_id": c["need_id"], "title": c["need_title"], "status": c["status"],
                  "status_label": c["status_label"]}
                 for c in claims_of_orgs([org_id]) if c["status"] == ClaimStatus.ACCEPTED]
    else:
        rows = db.session.execute(sa.select(Need.id, Need.title, Need.status).where(
            Need.league_org_id == org_id, Need.status != NeedStatus.WITHDRAWN).order_by(Need.id.desc()).limit(50))
        works = [{"need_id": i, "title": t, "status": s, "status_label": NEED_STATUS_LABELS[s]} for i, t, s in rows]
    return {"id": org.id, "name": org.name, "kind": org.kind, "region_name": org.region.name,
            "registration_no": profile.registration_no, "registered_with": profile.registered_with,
            "contact_name": profile.contact_name, "contact_phone": mask_phone(contact_phone(profile)),
            "service_areas": profile.service_areas or [], "introduction": profile.introduction,
            "logo_upload_id": profile.logo_upload_id, "profile_complete": profile.completed_at is not None,
            "score_average": round(float(average), 2) if average is not None else None, "score_count": count,
            "works": works,
            "is_favourite": user_id is not None and is_favourite(user_id, FavouriteKind.ORGANISATION, org_id)}


def organisation_directory(*, name: str | None, region: str | None, page: int, page_size: int) -> dict:
    """The public list of volunteer-service organisations (seed 002: 首页可以查看志愿服务组织介绍): active
    ones that completed their profile, newest first, with the average score they received."""
    scores = (sa.select(ClaimScore.scored_org_id.label("org_id"), sa.func.avg(ClaimScore.stars).label("average"),
                        sa.func.count().label("count")).group_by(ClaimScore.scored_org_id).subquery())
    query = (sa.select(Organisation, OrganisationProfile, Region.name, scores.c.average, scores.c.count)
             .join(OrganisationProfile, OrganisationProfile.organisation_id == Organisation.id)
             .join(Region, Region.id == Organisation.region_id)
             .outerjoin(scores, scores.c.org_id == Organisation.id)
             .where(Organisation.kind == OrgKind.VOLUNTEER_ORG, Organisation.is_active.is_(True),
                    OrganisationProfile.completed_at.is_not(None)))
    if name:
        query = query.where(Organisation.name.contains(name, autoescape=True))
    if region:
        query = query.where(Region.path.contains(f"/{region}/", autoescape=True))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.order_by(Organisation.id.desc()).limit(page_size)
                              .offset((page - 1) * page_size)).all()
    items = [{"id": org.id, "name": org.name, "region_name": region_name, "service_areas": profile.service_areas or [],
              "introduction": profile.introduction,
              "score_average": round(float(average), 2) if average is not None else None, "score_count": count or 0}
             for org, profile, region_name, average, count in rows]
    return {"items": items, "total": total, "page": page, "page_size": page_size}


def initial_need_views(rows: list[InitialNeed]) -> list[dict]:
    """初始需求, with the formal need each became (one query for all)."""
    adopted = dict(db.session.execute(sa.select(Need.origin_initial_need_id, Need.id).where(
        Need.origin_initial_need_id.in_([row.id for row in rows]))).all()) if rows else {}
    names = dict(db.session.execute(sa.select(Region.id, Region.name).where(
        Region.id.in_({row.region_id for row in rows}))).all()) if rows else {}
    return [{"id": row.id, "title": row.title, "content": row.content, "region_name": names.get(row.region_id),
             "contact_name": row.contact_name, "contact_phone": initial_phone(row), "status": row.status,
             "status_label": INITIAL_NEED_STATUS_LABELS[row.status], "decision_reason": row.decision_reason,
             "need_id": adopted.get(row.id), "created_at": row.created_at} for row in rows]


def initial_need_view(row: InitialNeed) -> dict:
    return initial_need_views([row])[0]


def profile_view(profile) -> dict:
    return {"organisation_id": profile.organisation_id, "registration_no": profile.registration_no,
            "registered_with": profile.registered_with, "contact_name": profile.contact_name,
            "contact_phone": contact_phone(profile), "service_areas": profile.service_areas or [],
            "introduction": profile.introduction, "logo_upload_id": profile.logo_upload_id,
            "complete": profile.completed_at is not None}
