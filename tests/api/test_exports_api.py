"""Export jobs over HTTP (issue 16): start (202), poll, download the .xlsx; the seed's columns and the list's
masking; only the requester sees a job; the synchronous export's permission and reach, pinned at start;
filters checked by the export endpoint's own schema; at most 3 jobs under way per user; retry after a failure.

Tests run Celery eagerly (CELERY_TASK_ALWAYS_EAGER): the job runs inside the POST, after its row is committed,
through the real task and the real files under EXPORT_DIR."""
from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from app.accounts.models import MemberRole, Membership, User
from app.accounts.sessions import actor_for
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.exports import jobs, runner
from app.exports.models import ExportJob, ExportKind, ExportStatus
from app.extensions import db
from app.timebank.models import OrderStatus
from tests.community.factories_showcase import star_world
from tests.factories import auth, make_admin, make_user, token_for
from tests.timebank.factories_orders import make_beneficiary, make_order, make_order_world

URL = "/api/v1/exports"
SEED_COLUMNS = ("订单号", "需求标题", "需求类型", "身份证号码", "服务项目", "所属街道", "服务开始时间", "服务结束时间",
                "收到捐赠积分", "订单状态", "创建人", "最后修改时间")


@pytest.fixture
def world(app_ctx):
    world = make_order_world("exp")
    world.volunteer = make_user(mp_openid="o-exp-volunteer", real_name="小王")
    world.platform_admin = make_admin()
    world.tokens = {name: auth(token_for(getattr(world, name))) for name in
                    ("station_admin", "station_staff", "other_station_admin", "association_admin", "volunteer",
                     "platform_admin")}
    beneficiary = make_beneficiary(world.station)
    world.orders = {
        "pending": make_order(world.station, beneficiary_id=beneficiary, title="陪长者就医"),
        "open": make_order(world.station, beneficiary_id=beneficiary, status=OrderStatus.OPEN, title="上门探访"),
        "rejected": make_order(world.station, beneficiary_id=beneficiary, status=OrderStatus.FINAL_REJECTED,
                               title="=HYPERLINK(\"https://evil.example\")", status_reason="重复"),
        "other": make_order(world.other_station, status=OrderStatus.PENDING, title="陪长者散步"),
    }
    return world


def _start(client, headers, kind="orders", filters=None):
    return client.post(URL, json={"kind": kind, "filters": filters or {}}, headers=headers)


def _sheet_rows(data: bytes, sheet: str | None = None) -> list[tuple]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return list((book[sheet] if sheet else book.active).iter_rows(values_only=True))


def _queued_job(user_id: int, kind=ExportKind.ORDERS, filters=None) -> int:
    """A job started through the service but not handed to a worker (as while the broker is down)."""
    with unit_of_work():
        actor = actor_for(db.session.get(User, user_id))
        return jobs.start_export(actor, kind, filters or {"tab": "all"}).id


def test_a_job_runs_and_its_file_holds_the_seed_columns_like_the_synchronous_export(client, world):
    headers = world.tokens["association_admin"]
    started = _start(client, headers, filters={"tab": "all"})
    assert started.status_code == 202, started.json
    job = started.json
    assert (job["kind"], job["kind_label"], job["filters"]) == ("orders", "V订单记录", {"tab": "all"})
    assert job["status"] == "done"  # the answer reads the row after the (eager) run
    # Eager Celery: the job has run by the time the POST answers; polling says so.
    progress = client.get(f"{URL}/{job['id']}", headers=headers).json
    assert (progress["status"], progress["status_label"], progress["percent"]) == ("done", "已完成", 100)
    assert progress["rows_done"] == progress["rows_total"] == 4 and progress["error"] is None
    assert progress["expires_at"] is not None and progress["filename"].startswith("V订单记录_")

    download = client.get(f"{URL}/{job['id']}/file", headers=headers)
    assert download.status_code == 200
    assert download.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert download.headers["Cache-Control"] == "private, no-store"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="orders.xlsx"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == progress["filename"]
    rows = _sheet_rows(download.data)
    assert rows[0] == SEED_COLUMNS and len(rows) == 5
    assert all("*" in row[3] for row in rows[1:])  # the association reads ID numbers masked, as in the list
    assert "'=HYPERLINK(\"https://evil.example\")" in [row[1] for row in rows]  # inert
    # The same rows as the synchronous export (same code, same masking), cell for cell.
    sync = client.get("/api/v1/orders/export", query_string={"tab": "all"}, headers=headers)
    assert [row[:6] + row[7:11] for row in _sheet_rows(sync.data)] == [row[:6] + row[7:11] for row in rows]


def test_a_station_exports_only_its_own_orders_with_ids_in_clear(client, world):
    headers = world.tokens["station_staff"]
    job = _start(client, headers, filters={"status": "pending", "title": "陪长者"}).json
    assert job["filters"] == {"status": "pending", "title": "陪长者", "tab": "all"}
    rows = _sheet_rows(client.get(f"{URL}/{job['id']}/file", headers=headers).data)
    assert [row[1] for row in rows[1:]] == ["陪长者就医"]  # 陪长者散步 is the other station's
    assert "*" not in rows[1][3]
    other = _start(client, world.tokens["other_station_admin"]).json
    other_rows = _sheet_rows(client.get(f"{URL}/{other['id']}/file",
                                        headers=world.tokens["other_station_admin"]).data)
    assert [row[1] for row in other_rows[1:]] == ["陪长者散步"]


def test_only_the_requester_reads_lists_and_downloads_a_job(client, world):
    job = _start(client, world.tokens["station_staff"]).json
    for name in ("station_admin", "other_station_admin", "association_admin", "platform_admin"):
        for path in (f"{URL}/{job['id']}", f"{URL}/{job['id']}/file"):
            response = client.get(path, headers=world.tokens[name])
            assert (response.status_code, response.json["error"]) == (404, "export_not_found"), (name, path)
        assert client.get(URL, headers=world.tokens[name]).json["items"] == []
    missing = client.get(f"{URL}/999999", headers=world.tokens["station_staff"])
    assert (missing.status_code, missing.json["error"]) == (404, "export_not_found")
    assert [j["id"] for j in client.get(URL, headers=world.tokens["station_staff"]).json["items"]] == [job["id"]]
    # Neither a volunteer nor an organisation without an export may start or list.
    assert _start(client, world.tokens["volunteer"]).status_code == 403
    assert client.get(URL, headers=world.tokens["volunteer"]).status_code == 403


def test_filters_are_checked_by_the_export_endpoints_schema(client, world):
    headers = world.tokens["station_staff"]
    unknown = _start(client, headers, filters={"colour": "red", "status": "nonsense"})
    assert unknown.status_code == 422
    assert set(unknown.json["errors"]) == {"filters.colour", "filters.status"}
    backwards = _start(client, headers, filters={"service_from": "2026-05-02", "service_to": "2026-05-01"})
    assert backwards.json["errors"] == {"filters.service_to": ["服务时间止不能早于服务时间起"]}
    street = _start(client, headers, filters={"street": "440999999"})
    assert street.status_code == 422 and street.json["errors"] == {"street": ["所属街道不存在"]}
    not_a_dict = client.post(URL, json={"kind": "orders", "filters": ["tab"]}, headers=headers)
    assert not_a_dict.status_code == 422
    assert client.post(URL, json={"kind": "beneficiaries"}, headers=headers).status_code == 422
    # A station has no statistics export: its own permission is checked, not only the export gate.
    assert _start(client, headers, kind="community_stats").status_code == 403
    assert db.session.query(ExportJob).count() == 0  # nothing half-made


def test_statistics_export_pins_the_callers_region_and_has_the_three_sheets(client, app_ctx):
    world = star_world()
    headers = auth(token_for(world["华农_admin"]))
    job = _start(client, headers, kind="community_stats").json
    assert job["status"] == "done" and job["filters"]["region_code"].startswith("440106")
    download = client.get(f"{URL}/{job['id']}/file", headers=headers)
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="statistics.xlsx"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]).startswith("志愿统计_")
    book = load_workbook(io.BytesIO(download.data), read_only=True)
    assert book.sheetnames == ["总计", "下级区域", "工作单位"]
    assert next(book["总计"].iter_rows(values_only=True))[0] == "区域"
    # Another district's region is out of reach: answered like the statistics page.
    foreign = _start(client, headers, kind="community_stats", filters={"region_code": "440104"})
    assert (foreign.status_code, foreign.json["error"]) == (404, "region_not_found")


def test_at_most_three_jobs_under_way_per_user(client, world):
    for _ in range(3):
        _queued_job(world.station_staff)
    refused = _start(client, world.tokens["station_staff"])
    assert (refused.status_code, refused.json["error"]) == (429, "export_limit_reached")
    assert "3" in refused.json["message"]
    # Another user is not held back by them.
    assert _start(client, world.tokens["station_admin"]).status_code == 202
    first = db.session.query(ExportJob).filter_by(user_id=world.station_staff).order_by(ExportJob.id).first().id
    assert runner.run_job(first) == "done"
    assert _start(client, world.tokens["station_staff"]).status_code == 202


def test_the_reach_is_pinned_at_start_and_never_widens(client, world):
    job_id = _queued_job(world.station_staff)
    # Meanwhile the staff member also joins the association (city-wide): the job still reads their street only.
    with unit_of_work():
        db.session.add(Membership(user_id=world.station_staff, organisation_id=world.association,
                                  role=MemberRole.ADMIN))
    assert runner.run_job(job_id) == "done"
    rows = _sheet_rows(client.get(f"{URL}/{job_id}/file", headers=world.tokens["station_staff"]).data)
    assert sorted(row[1] for row in rows[1:]) == sorted(["陪长者就医", "上门探访", "'=HYPERLINK(\"https://evil.example\")"])


def test_a_job_whose_requester_lost_the_right_fails_with_a_message_and_can_be_retried(client, world):
    job_id = _queued_job(world.station_staff)
    with unit_of_work():
        membership = db.session.query(Membership).filter_by(user_id=world.station_staff).one()
        membership.is_active = False
    assert runner.run_job(job_id) == "failed"
    db.session.expire_all()
    job = db.session.get(ExportJob, job_id)
    assert (job.status, job.error, job.file_key) == (ExportStatus.FAILED, "已没有导出该内容的权限", None)
    with unit_of_work():
        membership = db.session.query(Membership).filter_by(user_id=world.station_staff).one()
        membership.is_active = True
    headers = auth(token_for(world.station_staff))
    polled = client.get(f"{URL}/{job_id}", headers=headers).json
    assert (polled["status"], polled["status_label"]) == ("failed", "导出失败")
    assert polled["error"] == "已没有导出该内容的权限"
    not_ready = client.get(f"{URL}/{job_id}/file", headers=headers)
    assert (not_ready.status_code, not_ready.json["error"]) == (409, "export_not_ready")
    retried = client.post(f"{URL}/{job_id}/retry", headers=headers)
    assert retried.status_code == 202 and retried.json["status"] == "done"
    assert client.get(f"{URL}/{job_id}/file", headers=headers).status_code == 200
    again = client.post(f"{URL}/{job_id}/retry", headers=headers)
    assert (again.status_code, again.json["error"]) == (409, "export_not_retryable")


def test_a_queued_job_is_not_downloadable_and_an_old_file_expires(client, app, world):
    headers = world.tokens["station_staff"]
    queued = _queued_job(world.station_staff)
    response = client.get(f"{URL}/{queued}/file", headers=headers)
    assert (response.status_code, response.json["error"]) == (409, "export_not_ready")
    assert client.get(f"{URL}/{queued}", headers=headers).json["percent"] == 0
    done = _start(client, headers).json
    path = Path(app.config["EXPORT_DIR"]) / db.session.get(ExportJob, done["id"]).file_key
    assert path.is_file()
    assert runner.expire_files(utcnow()) == 0  # a fresh file stays
    assert runner.expire_files(utcnow() + timedelta(hours=24, minutes=1)) == 1
    assert not path.exists()
    gone = client.get(f"{URL}/{done['id']}/file", headers=headers)
    assert (gone.status_code, gone.json["error"]) == (410, "export_expired")
    assert client.get(f"{URL}/{done['id']}", headers=headers).json["status"] == "expired"


