"""Permission rows for joining a community (志愿者申请): applying, my applications and membership, withdrawing
(the applicant only), and the community's queue and decisions (community.review_application, own community).

The matrix world has one community (五山社区, 440106001001) with its admin, and the volunteer's pending
application to it. Anyone signed in may apply (staff accounts too: they are people); withdrawing someone
else's application answers like a missing one; organisations without the permission are refused outright.
The community list is public (no rows).
"""
from __future__ import annotations

from tests.api.matrix_paths import Path

ROLES = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "other_league_admin",
         "association_admin", "provider_admin", "other_provider_admin", "community_admin", "platform_admin")
ANON = {"anonymous": 401}
SIGNED_IN = dict.fromkeys(ROLES, 200) | ANON
NO_PERMISSION = dict.fromkeys(ROLES, 403) | ANON
# A valid ID number (GB 11643 check character), the same in every case: each case starts from the snapshot.
# community_id is the world's community, known only once the world exists: `prepare` fills it in (the
# matrix passes this very dict as the request body).
FORM = {"community_id": None, "real_name": "王小明", "id_card_number": "320303198506150011",
        "work_unit": "徐州市税务局", "is_party_member": True}


ROWS = [
    ("POST", "/api/v1/community/applications", FORM,
     # The volunteer already has one pending (409); everybody else applies.
     dict.fromkeys(ROLES, 201) | ANON | {"volunteer": (409, "application_pending")}),
    ("GET", "/api/v1/community/applications/mine", None, SIGNED_IN),
    ("GET", "/api/v1/community/membership", None, SIGNED_IN),
    ("POST", Path("/api/v1/community/applications/{application_id}/withdraw", application_id="join_application"),
     None, dict.fromkeys(ROLES, (404, "application_not_found")) | ANON | {"volunteer": 200}),
    # Platform administrators must name the community whose queue they read.
    ("GET", "/api/v1/community/applications", None,
     NO_PERMISSION | {"community_admin": 200, "platform_admin": (422, "validation_error")}),
    ("POST", Path("/api/v1/community/applications/{application_id}/approve", application_id="join_application"),
     None, NO_PERMISSION | {"community_admin": 200, "platform_admin": 200}),
    ("POST", Path("/api/v1/community/applications/{application_id}/reject", application_id="join_application"),
     {"reason": "资料不全"}, NO_PERMISSION | {"community_admin": 200, "platform_admin": 200}),
    # The trail: the applicant and the community's reviewers; for anyone else the application does not exist.
    ("GET", Path("/api/v1/community/applications/{application_id}/events", application_id="join_application"),
     None, dict.fromkeys(ROLES, (404, "application_not_found")) | ANON
     | {"volunteer": 200, "community_admin": 200, "platform_admin": 200}),
]


def prepare(ids: dict) -> dict:
    """The volunteer's pending application to the world's community."""
    from app.community import membership
    from app.core.unit_of_work import unit_of_work
    from tests.community.factories_community import actor, form, id_card

    FORM["community_id"] = ids["community"]
    with unit_of_work():
        application = membership.apply(actor(ids["volunteer"]), form(ids["community"], id_card_number=id_card()))
    return {"join_application": application.id}
