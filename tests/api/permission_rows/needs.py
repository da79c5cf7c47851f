"""Permission rows for the needs core (七彩假期): zones, needs, claims, initial needs, organisation profiles.

need.publish and claim.decide reach the league's own needs, claim.make the volunteer-service organisation's
own claims, initial_need.decide the initial needs inside the league's region, org_profile.manage the
organisation's own profile: another league or provider (who hold the permission elsewhere) sees a missing
row (404); organisations without the permission are refused outright (403). A platform administrator acts
everywhere, but must name the organisation it acts for when publishing or claiming (422). Lists, details
and organisation pages that are public have no rows.
"""
from __future__ import annotations

from datetime import timedelta

from app.core.timeutil import utcnow
from tests.api.matrix_paths import Path

OTHERS = ("volunteer", "station_admin", "station_staff", "other_station_admin", "association_admin",
          "community_admin")
ALL = (*OTHERS, "league_admin", "other_league_admin", "provider_admin", "other_provider_admin", "platform_admin")
ANON = {"anonymous": 401}
SIGNED_IN = dict.fromkeys(ALL, 200) | ANON
NOT_LEAGUE = dict.fromkeys((*OTHERS, "provider_admin", "other_provider_admin"), 403) | ANON
NOT_PROVIDER = dict.fromkeys((*OTHERS, "league_admin", "other_league_admin"), 403) | ANON
NEED_MISSING, CLAIM_MISSING = (404, "need_not_found"), (404, "claim_not_found")
INITIAL_MISSING, ORG_MISSING = (404, "initial_need_not_found"), (404, "organisation_not_found")
INVALID, WRONG_STATE = (422, "validation_error"), (409, "invalid_transition")


def league_own(missing: tuple) -> dict:
    """The league's own need or claim: its admin and platform administrators act; the other league is told
    it is `missing`."""
    return NOT_LEAGUE | {"league_admin": 200, "other_league_admin": missing, "platform_admin": 200}


def provider_own(missing: tuple) -> dict:
    return NOT_PROVIDER | {"provider_admin": 200, "other_provider_admin": missing, "platform_admin": 200}


PLATFORM = dict.fromkeys(ALL, 403) | ANON

_START = (utcnow() + timedelta(days=20)).replace(microsecond=0)
NEED = {"title": "招募志愿服务团队", "content": "暑期陪伴", "region_code": "440106001", "starts_at": _START.isoformat(),
        "ends_at": (_START + timedelta(hours=3)).isoformat(), "headcount": 5, "leader_name": "李老师",
        "leader_mobile": "13800001111"}
ADOPT = {k: v for k, v in NEED.items() if k not in ("title", "content")}
PROFILE = {"registration_no": "X1", "contact_name": "王", "contact_phone": "13600001111", "service_areas": ["助老"],
           "introduction": "简介"}
NEED_ID = Path("/api/v1/needs/{need_id}", need_id="needs_need")

ROWS = [
    ("POST", "/api/v1/zones", {"name": "寒假专区", "starts_on": "2027-01-10", "ends_on": "2027-02-20"},
     PLATFORM | {"platform_admin": 201}),
    ("PATCH", Path("/api/v1/zones/{zone_id}", zone_id="needs_zone"), {"is_active": False},
     PLATFORM | {"platform_admin": 200}),
    # The other league's region (越秀) does not hold 五山街道: its need is refused as bad input.
    ("POST", "/api/v1/needs", NEED,
     NOT_LEAGUE | {"league_admin": 201, "other_league_admin": INVALID, "platform_admin": INVALID}),
    ("GET", "/api/v1/needs/mine", None, NOT_LEAGUE | {"league_admin": 200, "other_league_admin": 200,
                                                      "platform_admin": 200}),
    ("POST", Path(NEED_ID + "/withdraw", need_id="needs_need"), {"reason": "取消"}, league_own(NEED_MISSING)),
    # Unclaimed: completing it is a wrong state for whoever may try.
    ("POST", Path(NEED_ID + "/complete", need_id="needs_need"), None,
     league_own(NEED_MISSING) | {"league_admin": WRONG_STATE, "platform_admin": WRONG_STATE}),
    # The provider has no profile yet, the other provider has already claimed; the administrator must name
    # the organisation it acts for.
    ("POST", Path(NEED_ID + "/claims", need_id="needs_need"), {"message": "我们可以"},
     NOT_PROVIDER | {"provider_admin": (409, "profile_incomplete"), "other_provider_admin": (409, "already_claimed"),
                     "platform_admin": INVALID}),
    ("GET", Path(NEED_ID + "/claims", need_id="needs_need"), None, league_own(NEED_MISSING)),
    ("GET", "/api/v1/claims/mine", None, NOT_PROVIDER | {"provider_admin": 200, "other_provider_admin": 200,
                                                         "platform_admin": 200}),
    ("POST", Path("/api/v1/claims/{claim_id}/accept", claim_id="needs_claim"), None, league_own(CLAIM_MISSING)),
    ("POST", Path("/api/v1/claims/{claim_id}/return", claim_id="needs_claim"), {"reason": "不匹配"},
     league_own(CLAIM_MISSING)),
    ("POST", Path("/api/v1/claims/{claim_id}/withdraw", claim_id="needs_claim"), None,
     provider_own(CLAIM_MISSING) | {"provider_admin": CLAIM_MISSING, "other_provider_admin": 200}),
    ("POST", "/api/v1/initial-needs", {"title": "孩子暑期没人看", "content": "希望有人陪伴", "region_code": "440106001",
                                       "contact_name": "张阿姨", "contact_phone": "13700003333"},
     dict.fromkeys(ALL, 201) | ANON),
    ("GET", "/api/v1/initial-needs", None, NOT_LEAGUE | {"league_admin": 200, "other_league_admin": 200,
                                                         "platform_admin": 200}),
    ("GET", "/api/v1/initial-needs/mine", None, SIGNED_IN),
    ("POST", Path("/api/v1/initial-needs/{initial_id}/adopt", initial_id="needs_initial"), ADOPT,
     league_own(INITIAL_MISSING) | {"league_admin": 201, "platform_admin": INVALID}),
    ("POST", Path("/api/v1/initial-needs/{initial_id}/decline", initial_id="needs_initial"), {"reason": "重复"},
     league_own(INITIAL_MISSING)),
    ("GET", Path("/api/v1/org-profiles/{org_id}", org_id="needs_profile_org"), None,
     provider_own(ORG_MISSING) | {"other_provider_admin": 200, "provider_admin": ORG_MISSING,
                                  "league_admin": ORG_MISSING, "other_league_admin": ORG_MISSING}),
    ("PUT", Path("/api/v1/org-profiles/{org_id}", org_id="needs_profile_org"), PROFILE,
     provider_own(ORG_MISSING) | {"other_provider_admin": 200, "provider_admin": ORG_MISSING,
                                  "league_admin": ORG_MISSING, "other_league_admin": ORG_MISSING}),
]


def prepare(ids: dict) -> dict:
    """The league's unclaimed need with a pending claim of the other district's provider (profile
    completed), an initial need in 五山街道, and a zone."""
    from datetime import date

    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.needs import claims, initial_needs, needs, profiles
    from app.needs.models import Zone
    from tests.needs.factories_needs import actor, need_fields

    with unit_of_work():
        zone = Zone(name="七彩假期", starts_on=date(2026, 1, 1), ends_on=date(2030, 12, 31))
        db.session.add(zone)
        profiles.save_profile(actor(ids["other_provider_admin"]), ids["other_provider"], PROFILE)
        need = needs.publish_need(actor(ids["league_admin"]), need_fields())
        claim = claims.claim_need(actor(ids["other_provider_admin"]), need.id, "我们可以")
        initial = initial_needs.post_initial_need(actor(ids["volunteer"]), {
            "title": "孩子暑期没人看", "content": "希望有人陪伴", "region_code": "440106001",
            "contact_name": "张阿姨", "contact_phone": "13700003333"})
        db.session.flush()
        return {"needs_need": need.id, "needs_claim": claim.id, "needs_initial": initial.id, "needs_zone": zone.id,
                "needs_profile_org": ids["other_provider"]}
