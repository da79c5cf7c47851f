"""Export jobs: does exporting N wish orders take the same memory as exporting N/10? (issue 16: 100,000 orders
in constant memory.)

What it measures, in one process (bench/README.md: a ratio, not an absolute figure): the real worker path —
app.exports.runner.run_job, the body of the Celery task app.tasks.exports.run_export — for a job over all
N orders and for a job over N/10 of them (the `pending` ones: same query, same columns, same masking), as the
association admin (city-wide reach, ID numbers decrypted then masked on every row). Each size runs twice:
  1. peak RSS of the process while the job runs (sampled every 5 ms), and its growth over the start;
  2. tracemalloc's peak of Python allocations during the job (slower; a separate run so it does not
     distort the RSS figures).
Constant memory means both ratios N ÷ N/10 stay near 1 (the rows stream from a server-side cursor in
batches of 500 into openpyxl's write-only sheet, which spools to a temporary file).

Data: 50 stations over the streets of the bundled region table, each with an admin and a beneficiary whose
ID number is really encrypted; N orders in one INSERT … SELECT over generate_series, one in ten `pending`, the
rest `open`. The database is created and dropped by the script (--database-url names it).

    .venv/bin/python bench/exports.py --orders 100000 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench_exports
"""
from __future__ import annotations

import argparse
import base64
import os
import secrets
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

from benchdb import drop_database, recreate_database, rss_mb, throwaway_push_secrets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Before the app is imported: the settings read these at import time. Production mode with throwaway secrets;
# WeChat is never called.
os.environ.setdefault("TIMEBANK_INSTANCE_DIR", tempfile.mkdtemp(prefix="timebank-bench-"))
os.environ.update({
    "TIMEBANK_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
    "PII_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    "WECHAT_MP_SECRET": secrets.token_hex(16), "WECHAT_OA_SECRET": secrets.token_hex(16),
    "WECHAT_API_BASE": "https://127.0.0.1:9", "NOTIFY_KICK": "0", "RATELIMIT_ENABLED": "0",
    **throwaway_push_secrets()})
os.environ.pop("CELERY_BROKER_URL", None)

import sqlalchemy as sa  # noqa: E402

STATIONS = 50


class PeakRss:
    """The highest RSS seen while the block runs, sampled by a thread every 5 ms."""

    def __enter__(self):
        self.start = self.peak = rss_mb()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._done.wait(0.005):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())
        self.growth = self.peak - self.start


# -- the data ---------------------------------------------------------------------------------------------
def seed(orders: int) -> int:
    """Stations with an admin and a beneficiary each, the city's association with its admin, then `orders`
    orders in one INSERT … SELECT. Returns the association admin's user id."""
    from app.accounts.models import MemberRole, Membership, Organisation, OrgKind, Region, RegionLevel, User
    from app.accounts.regions import GUANGZHOU_CSV, load_regions_csv
    from app.catalogue.models import CatalogueEntry
    from app.catalogue.services import seed_defaults
    from app.core.runtime import pii
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.timebank.beneficiaries import ID_CARD_CONTEXT, id_card_index
    from app.timebank.models import Beneficiary

    with unit_of_work():
        load_regions_csv(GUANGZHOU_CSV)
        seed_defaults()
    with unit_of_work():
        city = db.session.scalar(sa.select(Region).where(Region.parent_id.is_(None)).order_by(Region.id))
        association = Organisation(name="市志愿者协会", kind=OrgKind.ASSOCIATION, region=city)
        reader = User(username="association", real_name="协会管理员")
        db.session.add_all([association, reader])
        db.session.flush()
        db.session.add(Membership(user_id=reader.id, organisation_id=association.id, role=MemberRole.ADMIN))
        community = {r.parent_id: r for r in db.session.scalars(
            sa.select(Region).where(Region.level == RegionLevel.COMMUNITY).order_by(Region.code.desc()))}
        streets = [street for street in db.session.scalars(sa.select(Region).where(
            Region.level == RegionLevel.STREET).order_by(Region.code)) if street.id in community]
        entry = dict(db.session.execute(
            sa.select(CatalogueEntry.kind, sa.func.min(CatalogueEntry.id)).group_by(CatalogueEntry.kind)).all())
        for index in range(STATIONS):
            street = streets[index % len(streets)]
            station = Organisation(name=f"社工站{index:02d}", kind=OrgKind.STATION, region=street)
            admin = User(username=f"station{index:02d}", real_name=f"站长{index:02d}")
            db.session.add_all([station, admin])
            db.session.flush()
            db.session.add(Membership(user_id=admin.id, organisation_id=station.id, role=MemberRole.ADMIN))
            home = community[street.id]
            number = f"44010619400101{index:03d}X"
            db.session.add(Beneficiary(
                station_id=station.id, name="王伯", phone_enc="x", id_card_index=id_card_index(number),
                id_card_enc=pii().encrypt(number, context=ID_CARD_CONTEXT),
                category_id=entry["beneficiary_category"], gender="male", age=80,
                political_status_id=entry["political_status"], living_status_id=entry["living_status"],
                household_street_id=street.id, household_address="户籍地址", community_id=home.id,
                region_path=home.path, residential_address="居住地址", filler_name="社工", filler_phone_enc="x",
                status="active", created_by_id=admin.id))
    with unit_of_work():
        db.session.execute(sa.text("""
            WITH station AS (
                SELECT o.id, o.region_id, r.path, r.parent_id, b.id AS beneficiary_id, m.user_id,
                       row_number() OVER (ORDER BY o.id) - 1 AS k
                FROM organisations o JOIN regions r ON r.id = o.region_id
                JOIN beneficiaries b ON b.station_id = o.id JOIN memberships m ON m.organisation_id = o.id
                WHERE o.kind = 'station')
            INSERT INTO wish_orders (number, title, need_type, beneficiary_id, station_id, service_item_id,
                service_type_id, district_id, street_id, region_path, latitude, longitude, address, starts_at,
                ends_at, take_deadline, recruit_count, places_held, approved_count, taker_notes, traffic_guide,
                content, status, donated_points, created_by_id, created_at, updated_at)
            SELECT 'B' || lpad(n::text, 12, '0'), '陪长者就医 第' || n || '单', 'for_others', s.beneficiary_id, s.id,
                   :item, :type, s.parent_id, s.region_id, s.path, 23.1, 113.3, '地址',
                   now() + interval '1 day', now() + interval '1 day 2 hours', now() + interval '12 hours', 3,
                   0, 0, '须知', '交通', '内容', CASE WHEN n % 10 = 0 THEN 'pending' ELSE 'open' END, n % 7,
                   s.user_id, now(), now()
            FROM generate_series(1, :orders) AS n JOIN station s ON s.k = n % :stations"""),
            {"item": entry["service_item"], "type": entry["service_type"], "orders": orders, "stations": STATIONS})
        return reader.id


# -- one export -------------------------------------------------------------------------------------------
def export(app, reader: int, filters: dict, *, trace: bool) -> dict:
    from app.accounts.models import User
    from app.accounts.sessions import actor_for
    from app.core.unit_of_work import unit_of_work
    from app.exports import jobs, runner
    from app.exports.models import ExportJob, ExportKind
    from app.extensions import db

    with app.app_context():
        with unit_of_work():
            job_id = jobs.start_export(actor_for(db.session.get(User, reader)), ExportKind.ORDERS, filters).id
        db.session.remove()
    with app.app_context():
        if trace:
            tracemalloc.start()
        with PeakRss() as memory:
            began = time.perf_counter()
            outcome = runner.run_job(job_id)
            seconds = time.perf_counter() - began
        traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
        if trace:
            tracemalloc.stop()
        job = db.session.get(ExportJob, job_id)
        assert outcome == "done", (outcome, job.error)
        size = (Path(app.config["EXPORT_DIR"]) / job.file_key).stat().st_size / 2**20
        rows = job.rows_done
        db.session.remove()
    return {"rows": rows, "seconds": seconds, "rss_peak": memory.peak, "rss_growth": memory.growth,
            "traced_peak": traced, "file_mb": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench_exports",
                        help="PostgreSQL URL; the database is dropped and created (and dropped at the end)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--orders", type=int, default=100_000, help="N (at most 100,000: the export's own cap)")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    url = sa.make_url(args.database_url)
    os.environ.update({"DATABASE_URL": url.render_as_string(hide_password=False), "REDIS_URL": args.redis_url})

    import flask_migrate

    from app import create_app
    from app.extensions import db

    recreate_database(url)
    app = create_app("production")
    try:
        with app.app_context():
            flask_migrate.upgrade()
            began = time.perf_counter()
            reader = seed(args.orders)
            print(f"seeded {args.orders:,} orders over {STATIONS} stations in {time.perf_counter() - began:.1f} s")
        with app.app_context(), db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE wish_orders"))
        small, large = {"status": "pending"}, {"tab": "all"}
        export(app, reader, small, trace=False)  # warm-up: imports, compiled statements, pool
        results = {}
        for trace in (False, True):
            for name, filters in (("N/10", small), ("N", large)):
                results[(name, trace)] = export(app, reader, filters, trace=trace)
        report(args, results)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if not args.keep_db:
            drop_database(url)


def report(args, results: dict) -> None:
    small, large = results[("N/10", False)], results[("N", False)]
    small_t, large_t = results[("N/10", True)], results[("N", True)]
    print(f"\n== export job over N = {args.orders:,} orders vs N/10 (association admin, IDs masked)")
    for name, plain, traced in (("N/10", small, small_t), ("N", large, large_t)):
        print(f"{name:>5}: {plain['rows']:>7,} rows in {plain['seconds']:.2f} s "
              f"({plain['rows'] / plain['seconds']:,.0f} rows/s), file {plain['file_mb']:.1f} MB; "
              f"peak RSS {plain['rss_peak']:.1f} MB (+{plain['rss_growth']:.1f} MB over the start); "
              f"tracemalloc peak {traced['traced_peak']:.2f} MB ({traced['seconds']:.2f} s traced)")
    print(f"ratio N ÷ N/10: peak RSS {large['rss_peak'] / small['rss_peak']:.2f}, "
          f"tracemalloc peak {large_t['traced_peak'] / small_t['traced_peak']:.2f}  (constant memory: ≈ 1); "
          f"time {large['seconds'] / small['seconds']:.1f} (≈ 10: linear); nproc {os.cpu_count()}")


if __name__ == "__main__":
    main()
