"""首页数据: public, for everyone alike."""
from __future__ import annotations

ROLES = ("anonymous", "volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin",
         "association_admin", "provider_admin", "platform_admin", "other_league_admin", "other_provider_admin",
         "community_admin")

ROWS = [("GET", "/api/v1/needs-home/figures", None, dict.fromkeys(ROLES, 200))]


def prepare(ids: dict) -> dict:
    """Yesterday's figures."""
    from datetime import UTC, datetime

    from app.core.unit_of_work import unit_of_work
    from app.needs.snapshots import take_snapshot, yesterday

    with unit_of_work():
        take_snapshot(yesterday(datetime.now(UTC)))
    return {}
