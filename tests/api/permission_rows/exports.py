"""Export jobs in the permission matrix. The gate (export.run) lets in the organisations that have a synchronous
export — stations, the association, communities — and starting a job also needs that export's own permission:
order.view (stations, the association) for orders, community.view_stats (communities, the association) for
statistics. A job is its requester's alone: everyone else with the gate gets 404 as if it did not exist.
"""
from __future__ import annotations

from tests.api.matrix_paths import Path

URL = "/api/v1/exports"
MISSING = (404, "export_not_found")
ROLES = ("volunteer", "station_admin", "station_staff", "other_station_admin", "league_admin", "other_league_admin",
         "association_admin", "provider_admin", "other_provider_admin", "community_admin", "platform_admin")
GATED = ("station_admin", "station_staff", "other_station_admin", "association_admin", "community_admin",
         "platform_admin")
NONE = dict.fromkeys(ROLES, 403) | {"anonymous": 401}


def gated(allowed, **others) -> dict:
    return NONE | dict.fromkeys(GATED, allowed) | others


def own(allowed) -> dict:
    """The station staff member's own job: theirs; anyone else past the gate, as if it were missing."""
    return gated(MISSING, station_staff=allowed)


def prepare(ids: dict) -> dict:
    """A finished job and a failed one, both started by the station's staff member."""
    import sqlalchemy as sa

    from app.accounts.models import User
    from app.accounts.sessions import actor_for
    from app.core.unit_of_work import unit_of_work
    from app.exports import jobs, runner
    from app.exports.models import ExportJob, ExportKind, ExportStatus
    from app.extensions import db

    def start() -> int:
        with unit_of_work():
            actor = actor_for(db.session.get(User, ids["station_staff"]))
            return jobs.start_export(actor, ExportKind.ORDERS, {"tab": "all"}).id

    done, failed = start(), start()
    runner.run_job(done)
    with unit_of_work():
        db.session.execute(sa.update(ExportJob).where(ExportJob.id == failed).values(
            status=ExportStatus.FAILED, error="导出失败，请稍后重试"))
    return {"export_done": done, "export_failed": failed}


ROWS = [
    ("POST", URL, {"kind": "orders", "filters": {"tab": "all"}}, gated(202, community_admin=403)),
    ("POST", URL, {"kind": "community_stats", "filters": {}},
     gated(202, station_admin=403, station_staff=403, other_station_admin=403)),
    ("GET", URL, None, gated(200)),
    ("GET", Path(URL + "/{job_id}", job_id="export_done"), None, own(200)),
    ("GET", Path(URL + "/{job_id}/file", job_id="export_done"), None, own(200)),
    ("POST", Path(URL + "/{job_id}/retry", job_id="export_failed"), None, own(202)),
]
