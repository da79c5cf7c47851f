"""Permission rows for the showcase (首页展示): the association's star overrides and its entries.

showcase.manage belongs to the association (city-wide here) and platform administrators; every other
organisation and the volunteer are refused outright. The stars, the entry lists and an entry's detail are
public (no rows). A PUT naming nobody eligible passes the policy and answers 422 (the flow test sets a real
override).
"""
from __future__ import annotations

from tests.api.matrix_paths import Path

ROLES = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "other_league_admin",
         "association_admin", "provider_admin", "other_provider_admin", "community_admin", "platform_admin")
REFUSED = dict.fromkeys(ROLES, 403) | {"anonymous": 401}


def managers(status) -> dict:
    return REFUSED | {"association_admin": status, "platform_admin": status}


STAR = Path("/api/v1/showcase/stars/{quarter}/{region_code}/{kind}", quarter="showcase_quarter",
            region_code="showcase_region", kind="showcase_kind")
BASE = {"kind": "base", "region_code": "440106001001", "name": "五山社区党群服务站", "introduction": "社区志愿服务阵地",
        "address": "五山路 483 号"}
ENTRY = "/api/v1/showcase/entries/{entry_id}"

ROWS = [
    ("GET", "/api/v1/showcase/manage/stars", None, managers(200)),
    ("PUT", STAR, {"user_id": 2147483647, "citation": "表现突出"}, managers((422, "validation_error"))),
    ("DELETE", STAR, None, managers(204)),
    ("GET", Path("/api/v1/showcase/stars/{quarter}/{region_code}/{kind}/events", quarter="showcase_quarter",
                 region_code="showcase_region", kind="showcase_kind"), None, managers(200)),
    ("GET", "/api/v1/showcase/manage/entries", None, managers(200)),
    ("POST", "/api/v1/showcase/entries", BASE, managers(201)),
    ("PATCH", Path(ENTRY, entry_id="showcase_entry"), {"name": "新名称"}, managers(200)),
    ("POST", Path(ENTRY + "/deactivate", entry_id="showcase_entry"), None, managers(200)),
    ("POST", Path(ENTRY + "/activate", entry_id="showcase_entry"), None, managers(200)),
]


def prepare(ids: dict) -> dict:
    """A party member of the world's community with hours in 2025Q3, the computed stars, the association's
    override of 五山街道's star volunteer, and an entry of the association."""
    from datetime import UTC, datetime

    from app.accounts.models import User
    from app.accounts.sessions import actor_for
    from app.community import showcase, stars
    from app.community.models import ShowcaseKind, StarKind
    from app.core.timeutil import SHANGHAI
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from tests.community.factories_showcase import credit, member_of

    member = member_of(ids["community"], "张三")
    credit(member, 4, at=datetime(2025, 8, 1, tzinfo=SHANGHAI))
    now = datetime(2025, 10, 2, tzinfo=UTC)
    with unit_of_work():
        association = actor_for(db.session.get(User, ids["association_admin"]))
        stars.compute_stars("2025Q3", now=now)
        stars.override_star(association, "2025Q3", "440106001", StarKind.VOLUNTEER, user_id=member,
                            citation="表现突出", now=now)
        entry = showcase.create_entry(association, ShowcaseKind.BASE, {k: v for k, v in BASE.items() if k != "kind"})
        return {"showcase_entry": entry.id, "showcase_quarter": "2025Q3", "showcase_region": "440106001",
                "showcase_kind": "volunteer"}
