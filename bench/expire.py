"""Expiry: closing 100,000 overdue wish orders at once — how close does the beat sweep get to one bare SQL
UPDATE of the same rows, and does its memory stay flat as the rows grow?

What it measures, in one run and one process (bench/README.md: a ratio against a baseline):
  1. baseline: `UPDATE wish_orders SET status='expired' WHERE status='open' AND take_deadline <= now()`,
     one statement, committed;
  2. subject: app.timebank.sweeps.expire_overdue_orders(now) through the app (create_app in production mode
     with throwaway secrets, inside an app context and a unit of work): the orders move in chunks of
     UPDATE … RETURNING, each gets its audit event, the pending takes of some lapse (with their events), and
     the stations are told (one summary event per station, with its inbox and outbox rows);
legs alternate (B S B S …) and the medians are compared: subject ÷ baseline time (target ≤ 3×). Between legs
the rows are put back (orders open again, takes pending, events and notifications deleted) and the tables
vacuumed, so every leg starts from the same state. Memory: the peak RSS growth during the sweep (sampled
every 5 ms) at 10,000 and at --orders rows, after a warm-up sweep; it must not grow with the rows.

Data: 50 stations over the streets (with communities) of the bundled region table (an admin each, with an
official-account openid so the summaries write outbox rows), one beneficiary per station, --orders open
orders whose take deadline passed (one INSERT … SELECT over generate_series), one in 1,000 with a pending take.
The database is created and dropped by the script (--database-url names it).

    .venv/bin/python bench/expire.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench_expire \
        --redis-url redis://127.0.0.1:6379/7
"""
from __future__ import annotations

import argparse
import base64
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchdb import drop_database, recreate_database, rss_mb, throwaway_push_secrets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Before the app is imported: the settings read these at import time. Production mode, so the engine and
# Celery settings are the deployed ones; the secrets are throwaway and WeChat is never called.
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
BARE_UPDATE = "UPDATE wish_orders SET status = 'expired' WHERE status = 'open' AND take_deadline <= now()"




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
def seed(orders: int) -> None:
    """Stations with an admin and a beneficiary each, then `orders` overdue open orders in one INSERT … SELECT."""
    from app.accounts.models import MemberRole, Membership, Organisation, OrgKind, Region, RegionLevel, User
    from app.accounts.regions import GUANGZHOU_CSV, load_regions_csv
    from app.catalogue.models import CatalogueEntry
    from app.catalogue.services import seed_defaults
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.timebank.models import Beneficiary

    with unit_of_work():
        load_regions_csv(GUANGZHOU_CSV)
        seed_defaults()
    with unit_of_work():
        community = {r.parent_id: r for r in db.session.scalars(
            sa.select(Region).where(Region.level == RegionLevel.COMMUNITY).order_by(Region.code.desc()))}
        streets = [street for street in db.session.scalars(sa.select(Region).where(
            Region.level == RegionLevel.STREET).order_by(Region.code)) if street.id in community]
        entry = dict(db.session.execute(
            sa.select(CatalogueEntry.kind, sa.func.min(CatalogueEntry.id)).group_by(CatalogueEntry.kind)).all())
        for index in range(STATIONS):
            street = streets[index % len(streets)]
            station = Organisation(name=f"社工站{index:02d}", kind=OrgKind.STATION, region=street)
            admin = User(username=f"station{index:02d}", real_name=f"站长{index:02d}", oa_openid=f"oa-bench-{index}")
            db.session.add_all([station, admin])
            db.session.flush()
            db.session.add(Membership(user_id=admin.id, organisation_id=station.id, role=MemberRole.ADMIN))
            home = community[street.id]
            db.session.add(Beneficiary(
                station_id=station.id, name="王伯", phone_enc="x", id_card_enc="x", id_card_index=f"bench-{index}",
                category_id=entry["beneficiary_category"], gender="male", age=80,
                political_status_id=entry["political_status"], living_status_id=entry["living_status"],
                household_street_id=street.id, household_address="户籍地址", community_id=home.id,
                region_path=home.path, residential_address="居住地址", filler_name="社工", filler_phone_enc="x",
                status="active", created_by_id=admin.id))
        db.session.add_all([User(real_name=f"志愿者{i}") for i in range(100)])
    with unit_of_work():
        # Station k (0-based, by id) gets orders n ≡ k (mod 50); one order in 1,000 has a pending take.
        db.session.execute(sa.text("""
            WITH station AS (
                SELECT o.id, o.region_id, r.path, r.parent_id, b.id AS beneficiary_id, m.user_id,
                       row_number() OVER (ORDER BY o.id) - 1 AS k
                FROM organisations o JOIN regions r ON r.id = o.region_id
                JOIN beneficiaries b ON b.station_id = o.id JOIN memberships m ON m.organisation_id = o.id)
            INSERT INTO wish_orders (number, title, need_type, beneficiary_id, station_id, service_item_id,
                service_type_id, district_id, street_id, region_path, latitude, longitude, address, starts_at,
                ends_at, take_deadline, recruit_count, places_held, approved_count, taker_notes, traffic_guide,
                content, status, donated_points, created_by_id, created_at, updated_at)
            SELECT 'B' || lpad(n::text, 12, '0'), '订单' || n, 'for_others', s.beneficiary_id, s.id,
                   :item, :type, s.parent_id, s.region_id, s.path, 23.1, 113.3, '地址',
                   now() + interval '1 day', now() + interval '1 day 2 hours',
                   now() - interval '1 hour' - (n % 600) * interval '1 second', 3,
                   CASE WHEN n % 1000 = 0 THEN 1 ELSE 0 END, 0, '须知', '交通', '内容', 'open', 0, s.user_id,
                   now(), now()
            FROM generate_series(1, :orders) AS n JOIN station s ON s.k = n % :stations"""),
            {"item": entry["service_item"], "type": entry["service_type"], "orders": orders, "stations": STATIONS})
        db.session.execute(sa.text("""
            INSERT INTO order_takes (order_id, volunteer_id, taken_by_id, status, starts_at, ends_at, created_at)
            SELECT o.id, v.id, v.id, 'pending', o.starts_at, o.ends_at, now()
            FROM wish_orders o JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM users
                                     WHERE username IS NULL) v ON v.k = o.id % 100
            WHERE o.places_held = 1"""))


def restore(engine, limit: int | None = None) -> None:
    """Back to the seeded state — the first `limit` orders open (all when None), the rest left expired —
    then VACUUM ANALYZE, so no leg pays for the dead rows of the one before."""
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM notification_events"))  # inbox and outbox rows cascade
        conn.execute(sa.text("DELETE FROM timebank_events"))
        conn.execute(sa.text("UPDATE order_takes SET status = 'pending', reviewed_at = NULL"))
        conn.execute(sa.text("""
            UPDATE wish_orders o SET status = CASE WHEN o.id <= :limit THEN 'open' ELSE 'expired' END,
                places_held = (SELECT count(*) FROM order_takes t WHERE t.order_id = o.id), approved_count = 0"""),
                     {"limit": limit or 2**31 - 1})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE wish_orders, order_takes, timebank_events, notification_events, "
                             "inbox_items, outbox_messages"))


# -- the two legs -----------------------------------------------------------------------------------------
def bare_leg(engine) -> dict:
    began = time.perf_counter()
    with engine.begin() as conn:
        moved = conn.execute(sa.text(BARE_UPDATE)).rowcount
    return {"seconds": time.perf_counter() - began, "moved": moved}


def sweep_leg(app, chunk_size: int) -> dict:
    from app.core.timeutil import utcnow
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.timebank.sweeps import expire_overdue_orders

    with app.app_context():
        with PeakRss() as memory:
            began = time.perf_counter()
            with unit_of_work():
                counts = expire_overdue_orders(utcnow(), chunk_size=chunk_size)
            seconds = time.perf_counter() - began
        db.session.remove()
    return {"seconds": seconds, "moved": counts["expired"], "counts": counts, "rss_growth": memory.growth,
            "rss_peak": memory.peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench_expire",
                        help="PostgreSQL URL; the database is dropped and created (and dropped at the end)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="the smaller size of the memory comparison")
    parser.add_argument("--rounds", type=int, default=3, help="baseline/subject pairs")
    parser.add_argument("--chunk-size", type=int, default=None, help="default: the sweep's own (5,000)")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    url = sa.make_url(args.database_url)
    # The settings are read when config is first imported.
    os.environ.update({"DATABASE_URL": url.render_as_string(hide_password=False), "REDIS_URL": args.redis_url})

    import flask_migrate

    from app import create_app
    from app.extensions import db
    from app.timebank.sweep_core import CHUNK_SIZE

    chunk = args.chunk_size or CHUNK_SIZE
    recreate_database(url)
    app = create_app("production")
    try:
        with app.app_context():
            flask_migrate.upgrade()
            began = time.perf_counter()
            seed(args.orders)
            print(f"seeded {args.orders:,} overdue orders over {STATIONS} stations in "
                  f"{time.perf_counter() - began:.1f} s")
            engine = db.engine
        # Memory: a warm-up sweep (imports, compiled statements), then the small size, then the full one.
        memory = {}
        for size in (1_000, args.small, args.orders):
            restore(engine, size)
            memory[size] = sweep_leg(app, chunk)
            assert memory[size]["moved"] == size, memory[size]
        bare, sweep = [], []
        for _ in range(args.rounds):
            for name, leg in (("bare", lambda: bare_leg(engine)), ("sweep", lambda: sweep_leg(app, chunk))):
                restore(engine)
                result = leg()
                assert result["moved"] == args.orders, (name, result)
                (bare if name == "bare" else sweep).append(result)
        report(args, chunk, bare, sweep, memory)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if not args.keep_db:
            drop_database(url)


def report(args, chunk: int, bare: list[dict], sweep: list[dict], memory: dict) -> None:
    bare_s = statistics.median(r["seconds"] for r in bare)
    sweep_s = statistics.median(r["seconds"] for r in sweep)
    counts = sweep[-1]["counts"]
    print(f"\n== expiring {args.orders:,} overdue orders, {STATIONS} stations, chunks of {chunk:,}")
    print("bare UPDATE : " + ", ".join(f"{r['seconds']:.2f}" for r in bare) + f" s  -> median {bare_s:.2f} s")
    print("sweep       : " + ", ".join(f"{r['seconds']:.2f}" for r in sweep) + f" s  -> median {sweep_s:.2f} s")
    print(f"sweep wrote : {counts['expired']:,} order events, {counts['lapsed']} lapsed takes (+ events), "
          f"{counts['published']} notification events")
    print(f"ratio sweep/bare: {sweep_s / bare_s:.2f}  (target <= 3)")
    sizes = sorted(size for size in memory if size != 1_000)
    print("peak RSS growth during the sweep: " + "; ".join(
        f"{size:,} rows +{memory[size]['rss_growth']:.1f} MB ({memory[size]['seconds']:.2f} s)" for size in sizes)
        + f"; process peak {max(m['rss_peak'] for m in memory.values()):.0f} MB; nproc {os.cpu_count()}")


if __name__ == "__main__":
    main()
