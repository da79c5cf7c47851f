"""Organisation profiles (完善信息 / 组织信息管理): a volunteer-service organisation completes its profile
before it may claim; a league's is optional (DOMAIN.md §4)."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Organisation, OrgKind
from app.accounts.policy import Actor, allows
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.phones import is_landline, is_mobile
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.extensions import db
from app.needs.models import OrganisationProfile
from app.uploads.access import register_access_rule
from app.uploads.services import attach_uploads

PHONE_CONTEXT = "organisation_profiles.contact_phone"
LOGO_KIND = "organisation_logo"  # the upload kind of logos, attached to the organisation's id


# What a volunteer-service organisation must fill before it may claim (完善信息), by form field.
REQUIRED_FIELDS = {"registration_no": "登记证号", "contact_name": "联系人", "contact_phone": "联系电话",
                   "service_areas": "服务领域", "introduction": "组织简介"}


class ProfileIncomplete(Conflict):
    error = "profile_incomplete"
    message = "请先完善组织信息（登记证号、联系人、联系电话、服务领域、组织简介）后再认领"


def organisation_of(actor: Actor, org_id: int) -> Organisation:
    """The league or volunteer-service organisation whose profile the actor manages. Missing, of another
    kind, or someone else's: one and the same 404, so probing ids tells nothing (the route already
    requires org_profile.manage somewhere, so there is no 403 case left to tell apart)."""
    org = db.session.get(Organisation, org_id)
    if (org is None or org.kind not in (OrgKind.LEAGUE, OrgKind.VOLUNTEER_ORG)
            or not allows(actor, "org_profile.manage", organisation_id=org_id)):
        raise NotFound("组织不存在", error="organisation_not_found")
    return org


def get_profile(org_id: int) -> OrganisationProfile:
    return db.session.get(OrganisationProfile, org_id) or OrganisationProfile(organisation_id=org_id,
                                                                                service_areas=[])


def save_profile(actor: Actor, org_id: int, fields: dict) -> OrganisationProfile:
    """完善信息: replace the editable fields; a volunteer-service organisation's profile is complete when
    every required field is filled."""
    org = organisation_of(actor, org_id)
    phone = (fields.get("contact_phone") or "").strip() or None
    if phone and not (is_mobile(phone) or is_landline(phone)):
        raise InvalidInput(errors={"contact_phone": ["请填写正确的手机号码或固定电话"]})
    areas = [area.strip() for area in fields.get("service_areas") or [] if area.strip()]
    profile = db.session.get(OrganisationProfile, org_id)
    if profile is None:
        profile = OrganisationProfile(organisation_id=org_id)
        db.session.add(profile)
    for name in ("registration_no", "registered_with", "contact_name", "introduction"):
        value = fields.get(name)
        setattr(profile, name, value.strip() or None if isinstance(value, str) else value)
    # The logo must be the caller's own fresh upload (or the one already attached): any other id would
    # let an organisation show, and make readable, a photo it does not own.
    logo_id = fields.get("logo_upload_id")
    attach_uploads([logo_id] if logo_id is not None else [], actor_user_id=actor.user_id, kind=LOGO_KIND,
                   target_id=org_id, max_count=1, field="logo_upload_id")
    profile.logo_upload_id = logo_id
    profile.contact_phone_enc = pii().encrypt(phone, context=PHONE_CONTEXT) if phone else None
    profile.service_areas = list(dict.fromkeys(areas))
    if org.kind is OrgKind.VOLUNTEER_ORG:
        profile.completed_at = (profile.completed_at or utcnow()) if not missing_fields(profile) else None
    db.session.flush()
    return profile


def missing_fields(profile: OrganisationProfile | None) -> list[str]:
    """The required fields (REQUIRED_FIELDS, in form order) the profile leaves empty."""
    if profile is None:
        return list(REQUIRED_FIELDS)
    filled = {"registration_no": profile.registration_no, "contact_name": profile.contact_name,
              "contact_phone": profile.contact_phone_enc, "service_areas": profile.service_areas,
              "introduction": profile.introduction}
    return [name for name in REQUIRED_FIELDS if not filled[name]]


def profile_gaps(org: Organisation) -> list[str]:
    """首次进入需完善组织资料: what a volunteer-service organisation still has to fill in (empty once complete);
    a league's profile is optional, so nothing is missing for it."""
    if org.kind is not OrgKind.VOLUNTEER_ORG:
        return []
    return missing_fields(db.session.get(OrganisationProfile, org.id))


def contact_phone(profile: OrganisationProfile) -> str | None:
    return pii().decrypt(profile.contact_phone_enc, context=PHONE_CONTEXT) if profile.contact_phone_enc else None


def require_complete(org_id: int) -> None:
    profile = db.session.get(OrganisationProfile, org_id)
    if profile is None or profile.completed_at is None:
        raise ProfileIncomplete()


def _may_read_logo(_actor, org_id: int) -> bool:
    """Organisation pages are public, and so are their logos: anyone signed in reads one still in use."""
    return db.session.scalar(sa.select(OrganisationProfile.organisation_id).where(
        OrganisationProfile.organisation_id == org_id, OrganisationProfile.logo_upload_id.is_not(None))) is not None


register_access_rule(LOGO_KIND, _may_read_logo)
