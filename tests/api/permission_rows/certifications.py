"""Permission rows for hours certification (订单时数认证): filed by the station of the order's street,
listed and read by that station and the association, reviewed by the association.

The matrix fills every placeholder from one dict shared by all features, and `order_id` is a name others use
for their own orders. A path here is a `Path`: it keeps the route's placeholder names (as the coverage check
wants) but fills them from this module's keys (cert_*), so another feature's order never stands in for ours.
"""
from __future__ import annotations

from tests.api.matrix_paths import Path

_ANON = {"anonymous": 401, "volunteer": 403}
ORDER_MISSING = (404, "order_not_found")
MISSING = (404, "certification_not_found")
_REVIEW = _ANON | {"station_admin": 403, "station_staff": 403, "other_station_admin": 403, "league_admin": 403,
                   "association_admin": 200, "provider_admin": 403, "platform_admin": 200}
# Filled by prepare(): the take ids, service dates and the (required) service photo belong to the order it
# creates; the photo is station_staff's own upload, so the other permitted filers pass the permission check
# and then meet the uploads rule (only one's own uploads attach): 422 naming photo_ids.
_FILE_BODY: dict = {}
NOT_MY_PHOTO = (422, "validation_error")


def _item(suffix: str) -> Path:
    return Path("/api/v1/certifications/{certification_id}" + suffix, certification_id="cert_pending")


ROWS = [
    ("POST", Path("/api/v1/orders/{order_id}/certifications", order_id="cert_order"), _FILE_BODY,
     _ANON | {"station_admin": NOT_MY_PHOTO, "station_staff": 201, "other_station_admin": ORDER_MISSING,
              "league_admin": 403, "association_admin": 403, "provider_admin": 403, "platform_admin": NOT_MY_PHOTO}),
    ("GET", "/api/v1/certifications", None,
     _ANON | {"station_admin": 200, "station_staff": 200, "other_station_admin": 200, "league_admin": 403,
              "association_admin": 200, "provider_admin": 403, "platform_admin": 200}),
    ("GET", _item(""), None,
     _ANON | {"station_admin": 200, "station_staff": 200, "other_station_admin": MISSING, "league_admin": 403,
              "association_admin": 200, "provider_admin": 403, "platform_admin": 200}),
    ("POST", _item("/approve"), None, dict(_REVIEW)),
    ("POST", "/api/v1/certifications/bulk/approve", {"ids": [2147483000]}, dict(_REVIEW)),
    ("POST", _item("/reject"), {"reason": "服务照片不清晰"}, dict(_REVIEW)),
]


def prepare(ids: dict) -> dict:
    """Two ended (待评价) orders of the station's street with approved takes: one still to certify
    (cert_order), one with a pending certification (cert_pending)."""
    from app.accounts.models import User
    from app.accounts.sessions import actor_for
    from app.catalogue.services import seed_defaults
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.timebank.certifications import file_certification
    from tests.timebank.factories_certifications import certification_form, make_ended_order, service_form

    with unit_of_work():
        seed_defaults()
    to_file = make_ended_order(ids["station"], ids["station_staff"], volunteers=2)
    filed = make_ended_order(ids["station"], ids["station_staff"], volunteers=2)
    with unit_of_work():
        staff = actor_for(db.session.get(User, ids["station_staff"]))
        certification = file_certification(staff, filed.order_id, service_form(filed))
    _FILE_BODY.clear()
    _FILE_BODY.update(certification_form(to_file))
    return {"cert_order": to_file.order_id, "cert_pending": certification.id}
