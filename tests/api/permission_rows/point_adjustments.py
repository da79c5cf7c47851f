"""积分调整 (points.adjust): the association (and platform administrators) book adjustments and read the audit
list; nobody else may, whatever their organisation."""
from __future__ import annotations

ASSOCIATION_ONLY = {"anonymous": 401, "volunteer": 403, "station_admin": 403, "station_staff": 403,
                    "other_station_admin": 403, "league_admin": 403, "association_admin": 200,
                    "provider_admin": 403, "platform_admin": 200}
# Past the bound: the gate lets the association in, then the body is refused (422 proves the role got in).
TOO_MUCH = {"account_type": "user", "account_id": 1, "amount": -1_000_000, "reason": "更正",
            "request_id": "0b6f7a7e-3c1d-4d9e-8f43-5f2b1f0c9a21"}

ROWS = [
    ("GET", "/api/v1/points/adjustments", None, ASSOCIATION_ONLY),
    ("POST", "/api/v1/points/adjustments", TOO_MUCH,
     ASSOCIATION_ONLY | {"association_admin": (422, "validation_error"), "platform_admin": (422, "validation_error")}),
]
