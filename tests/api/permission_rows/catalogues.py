"""服务项目 / 服务类型 maintenance: the association (and platform administrators) only."""
from __future__ import annotations

ONLY_ASSOCIATION = {"anonymous": 401, "volunteer": 403, "station_admin": 403, "station_staff": 403,
                    "other_station_admin": 403, "league_admin": 403, "provider_admin": 403}

ROWS = [
    ("POST", "/api/v1/catalogues/{kind}", {"name": "矩阵新增项目"},
     ONLY_ASSOCIATION | {"association_admin": 201, "platform_admin": 201}),
    ("PATCH", "/api/v1/catalogues/{kind}/{code}", {"name": "矩阵改名"},
     ONLY_ASSOCIATION | {"association_admin": 200, "platform_admin": 200}),
    ("GET", "/api/v1/catalogues/{kind}/all", None,
     ONLY_ASSOCIATION | {"association_admin": 200, "platform_admin": 200}),
]


def prepare(ids: dict) -> dict:
    from app.catalogue.services import seed_defaults
    from app.core.unit_of_work import unit_of_work

    with unit_of_work():
        seed_defaults()
    return {"kind": "service_item", "code": "01"}
