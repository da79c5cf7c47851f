"""Open-order feed (GET /api/v1/order-feed): throughput and latency under gunicorn, against a bare JSON
route on the same server, and how the latency moves as the orders grow from 10,000 to 1,000,000.

What it measures, in one run and one process tree (bench/README.md: a ratio against a baseline):
  - subject: a volunteer's feed page, 20 per page, filtered to one district (天河区), sorted by start time,
    signed in, each request as the next of 200 volunteers (every one has their own session to check and
    their own "taken by me" marks; the token check is part of the price of every API call);
  - baseline: GET /bench/json, a constant JSON answer registered by this script on the same app (no code
    in app/), so the server, worker class, middleware and JSON provider are the same; wrk sends it the
    same requests (the same Authorization headers, turned by the same Lua script), which it ignores;
  - legs alternate baseline/subject (B S B S …); each figure is the median of its legs, and the ratio is
    the median of each subject leg's ratio to the baseline leg just before it;
  - at 100,000 orders: req/s subject ÷ baseline (target ≥ 0.40) and the subject's p99 (target ≤ 100 ms at
    32 connections); the distance sort is measured once for context;
  - at 10,000 and 1,000,000 orders: the subject's p50 (target: 1M ÷ 10k ≤ 1.5), three legs each, and
    the same growth with each subject leg's p50 taken against the baseline leg's just before it (the
    shared VM changes speed between legs; the paired figure cancels that, the raw one is shown too);
  - SQL statements per request at page sizes 5 and 50 (in-process test client, SQLAlchemy event counter).

Server: gunicorn -c config/gunicorn.conf.py (gthread 2 × 8) on 127.0.0.1, TIMEBANK_ENV=production with
throwaway secrets generated here, rate limits off, access log off. Load: wrk (apt-get install -y wrk),
2 threads, 32 connections. Data: regions, catalogues, one station and beneficiary, and orders made with
INSERT … SELECT generate_series across six streets of two districts (80% open, the rest in progress or
completed), start times spread over 60 days. The database is dropped and created by the script.

    .venv/bin/python bench/feed.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench_feed \
        --redis-url redis://127.0.0.1:6379/8
"""
from __future__ import annotations

import argparse
import base64
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdb import drop_database, free_port, recreate_database, throwaway_push_secrets

ROOT = Path(__file__).resolve().parents[1]
SUBJECT = "/api/v1/order-feed?limit=20&district_code=440106"
NEAR = "/api/v1/order-feed?limit=20&district_code=440106&sort=distance&lat=23.1560&lng=113.3520"
BASELINE = "/bench/json"
# (street code, latitude, longitude): four streets of 天河区 and two of 越秀区
STREETS = [("440106001", 23.156, 113.352), ("440106002", 23.125, 113.380), ("440106003", 23.130, 113.400),
           ("440106004", 23.135, 113.330), ("440104001", 23.125, 113.270), ("440104002", 23.128, 113.290)]


def bench_app():
    """The gunicorn target (`feed:bench_app()`): the real app plus the bare baseline route."""
    from app import create_app

    app = create_app()
    app.add_url_rule(BASELINE, "bench_json", lambda: app.json.response({"status": "ok"}))
    return app


def production_env(database_url: str, redis_url: str, port: int) -> dict:
    """Throwaway secrets: the production config refuses development defaults."""
    return {
        "TIMEBANK_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
        "PII_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "DATABASE_URL": database_url, "REDIS_URL": redis_url, "WECHAT_MP_SECRET": secrets.token_hex(16),
        "WECHAT_OA_SECRET": secrets.token_hex(16), "WECHAT_API_BASE": "https://127.0.0.1:9",
        "RATELIMIT_ENABLED": "0", "GUNICORN_ACCESS_LOG": "off", "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "8",
        "TIMEBANK_INSTANCE_DIR": tempfile.mkdtemp(prefix="timebank-bench-feed-"), **throwaway_push_secrets(),
    }




# -- the database ----------------------------------------------------------------------------------------




# Distinct volunteers signed in, each request from the next one (a wrk Lua script): every volunteer has
# their own session to check and their own "taken by me" marks, as on a real platform.
VOLUNTEERS = 200


def seed_world() -> dict:
    """Regions, catalogues, a station, one beneficiary, VOLUNTEERS volunteers with a token each."""
    import sqlalchemy as sa

    from app.accounts import sessions
    from app.accounts.models import MemberRole, OrgKind, Region, User
    from app.accounts.organisations import create_account, create_organisation
    from app.accounts.regions import GUANGZHOU_CSV, load_regions_csv
    from app.catalogue.models import CatalogueEntry, CatalogueKind
    from app.catalogue.services import seed_defaults
    from app.core.runtime import pii
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.timebank.models import Beneficiary, BeneficiaryStatus

    with unit_of_work():
        load_regions_csv(GUANGZHOU_CSV)
        seed_defaults()
    with unit_of_work():
        station = create_organisation("五山街道社工站", OrgKind.STATION, "440106001")
        staff, _ = create_account(station, "bench-staff", MemberRole.ADMIN, initial_password="Bench-pass-2026")

        def entry(kind, code="01"):
            return db.session.scalar(sa.select(CatalogueEntry.id).where(CatalogueEntry.kind == kind,
                                                                        CatalogueEntry.code == code))

        community = db.session.scalars(sa.select(Region).where(Region.code == "440106001001")).one()
        beneficiary = Beneficiary(
            station_id=station.id, name="陈伯", phone_enc=pii().encrypt("13800000000", context="beneficiaries.phone"),
            id_card_enc=pii().encrypt("440106195001010011", context="beneficiaries.id_card"), id_card_index="bench",
            category_id=entry(CatalogueKind.BENEFICIARY_CATEGORY), gender="male", age=75,
            political_status_id=entry(CatalogueKind.POLITICAL_STATUS),
            living_status_id=entry(CatalogueKind.LIVING_STATUS), household_street_id=community.parent_id,
            household_address="五山路 1 号", community_id=community.id, region_path=community.path,
            residential_address="五山路 1 号 101", filler_name="王社工",
            filler_phone_enc=pii().encrypt("13900001111", context="beneficiaries.filler_phone"),
            status=BeneficiaryStatus.ACTIVE, created_by_id=staff.id)
        volunteers = [User(mp_openid=f"o-bench-feed-{n}", real_name=f"志愿者{n}") for n in range(VOLUNTEERS)]
        db.session.add_all([beneficiary, *volunteers])
        db.session.flush()
        streets = {r.code: r for r in db.session.scalars(sa.select(Region).where(
            Region.code.in_([code for code, _, _ in STREETS])))}
        items = db.session.scalars(sa.select(CatalogueEntry.id).where(
            CatalogueEntry.kind == CatalogueKind.SERVICE_ITEM).order_by(CatalogueEntry.code)).all()
        kinds = db.session.scalars(sa.select(CatalogueEntry.id).where(
            CatalogueEntry.kind == CatalogueKind.SERVICE_TYPE).order_by(CatalogueEntry.code)).all()
        tokens = [sessions.start_session(volunteer, "mp")["access_token"] for volunteer in volunteers]
        return {
            "station": station.id, "staff": staff.id, "beneficiary": beneficiary.id, "token": tokens[0],
            "tokens": tokens,
            "items": items, "kinds": kinds,
            "street_ids": [streets[code].id for code, _, _ in STREETS],
            "district_ids": [streets[code].parent_id for code, _, _ in STREETS],
            "paths": [streets[code].path for code, _, _ in STREETS],
            "lats": [lat for _, lat, _ in STREETS], "lngs": [lng for _, _, lng in STREETS],
        }


ORDERS_SQL = """
INSERT INTO wish_orders (number, title, need_type, beneficiary_id, station_id, service_item_id, service_type_id,
    district_id, street_id, region_path, latitude, longitude, address, starts_at, ends_at, take_deadline,
    recruit_count, places_held, approved_count, taker_notes, traffic_guide, content, status, donated_points,
    created_by_id, created_at, updated_at)
SELECT 'B' || lpad(n::text, 19, '0'), '上门探访服务 ' || n, 'for_others', :beneficiary, :station,
    (CAST(:items AS integer[]))[1 + n % :item_count], (CAST(:kinds AS integer[]))[1 + n % :kind_count],
    (CAST(:district_ids AS integer[]))[1 + n % 6], (CAST(:street_ids AS integer[]))[1 + n % 6],
    (CAST(:paths AS text[]))[1 + n % 6],
    (CAST(:lats AS float8[]))[1 + n % 6] + ((n * 37) % 200 - 100) * 0.0001,
    (CAST(:lngs AS float8[]))[1 + n % 6] + ((n * 53) % 200 - 100) * 0.0001,
    '五山路 ' || n || ' 号', s.starts, s.starts + interval '2 hours', s.starts - interval '12 hours',
    1 + n % 5, 0, 0, '请准时到达', '地铁 3 号线', '陪长者聊天',
    CASE WHEN n % 10 < 8 THEN 'open' WHEN n % 10 = 8 THEN 'in_progress' ELSE 'completed' END, 0,
    :staff, now(), now()
FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS n,
     LATERAL (SELECT date_trunc('minute', now())
                     + make_interval(mins => 1440 + ((n::bigint * 7919) % 86400)::integer)) AS s(starts)
"""


def grow_orders(world: dict, have: int, want: int) -> float:
    """Insert orders have+1 … want in one INSERT … SELECT; returns seconds (ANALYZE included)."""
    import sqlalchemy as sa

    from app.extensions import db

    began = time.perf_counter()
    params = {k: world[k] for k in ("beneficiary", "station", "staff", "items", "kinds", "district_ids",
                                    "street_ids", "paths", "lats", "lngs")}
    db.session.execute(sa.text(ORDERS_SQL), params | {"first": have + 1, "last": want,
                                                      "item_count": len(world["items"]),
                                                      "kind_count": len(world["kinds"])})
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE wish_orders"))
    return time.perf_counter() - began


def queries_per_request(app, token: str) -> dict:
    """SQL statements per feed request at two page sizes (the token check included): on the uncached path
    (every cache generation forgotten first) and on a repeat of the same request."""
    import sqlalchemy as sa

    from app.core import generations
    from app.extensions import db

    counts = {}
    with app.app_context():
        for size in (5, 50):
            for name in generations.WATCHED:
                app.extensions["timebank.kv"].delete(f"gen:{name}")
            for label in ("cold", "warm"):
                seen = []

                def count(_conn, _cursor, statement, *_args, seen=seen):
                    seen.append(statement)

                sa.event.listen(db.engine, "before_cursor_execute", count)
                try:
                    response = app.test_client().get(f"/api/v1/order-feed?limit={size}&district_code=440106",
                                                     headers={"Authorization": f"Bearer {token}"})
                finally:
                    sa.event.remove(db.engine, "before_cursor_execute", count)
                assert response.status_code == 200 and len(response.json["items"]) == size, response.json
                counts[size, label] = len(seen)
    return counts


# -- the server and the load ---------------------------------------------------------------------------------
class Server:
    def __init__(self, env: dict, port: int):
        self.base = f"http://127.0.0.1:{port}"
        command = [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "config/gunicorn.conf.py"),
                   "--pythonpath", str(ROOT / "bench"), "feed:bench_app()"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=os.environ | env, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, tokens: list[str] | None, *, seconds: int, connections: int) -> dict:
    # --timeout 10s: a slow leg should show up as latency, not as wrk's default 2 s "timeouts".
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if tokens:
            # Each request signs in as the next volunteer (one Lua state per wrk thread).
            script.write("local tokens = {" + ",".join(f'"{t}"' for t in tokens) + "}\nlocal i = 0\n"
                         "request = function()\n  i = i % #tokens + 1\n"
                         '  return wrk.format("GET", nil, {["Authorization"] = "Bearer " .. tokens[i]})\nend\n')
            script.flush()
            command[1:1] = ["-s", script.name]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "99"):
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        result[f"p{pct}"] = float(value) * _UNITS[unit]
    return result


def legs(base: str, tokens: list[str], subject: str, *, rounds: int, seconds: int, connections: int) -> dict:
    """B S B S …: medians of each side."""
    runs = {"baseline": [], "subject": []}
    for _ in range(rounds):
        # The same requests (headers and the Lua script that turns the volunteers) on both sides, so the
        # load generator's own cost is the same and the ratio is the server's.
        runs["baseline"].append(wrk(base + BASELINE, tokens, seconds=seconds, connections=connections))
        runs["subject"].append(wrk(base + subject, tokens, seconds=seconds, connections=connections))
    result = {side: {k: statistics.median(r[k] for r in rs) for k in ("rps", "p50", "p99")} | {"runs": rs}
              for side, rs in runs.items()}
    # Each subject leg against the baseline leg just before it: on a shared machine whose load drifts from
    # one leg to the next, the median of these paired ratios is steadier than a ratio of two medians.
    pairs = list(zip(runs["baseline"], runs["subject"], strict=True))
    result["ratio"] = statistics.median(s["rps"] / b["rps"] for b, s in pairs)
    result["p50_ratio"] = statistics.median(s["p50"] / b["p50"] for b, s in pairs)
    return result


def show(label: str, result: dict) -> None:
    b, s = result["baseline"], result["subject"]
    print(f"{label:<34} subject {s['rps']:7.0f} req/s p50 {s['p50']:6.1f} ms p99 {s['p99']:6.1f} ms | "
          f"baseline {b['rps']:7.0f} req/s p50 {b['p50']:5.1f} ms p99 {b['p99']:5.1f} ms | "
          f"ratio {result['ratio']:.2f}, p50 ratio {result['p50_ratio']:.2f} (medians of paired legs)")
    print("    legs (subject req/s): " + ", ".join(f"{r['rps']:.0f}" for r in s["runs"])
          + "; baseline: " + ", ".join(f"{r['rps']:.0f}" for r in b["runs"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench_feed")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--seconds", type=int, default=10, help="per leg")
    parser.add_argument("--rounds", type=int, default=3, help="B S pairs at 100,000 orders (2 at 10k and 1M)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")

    port = free_port()
    env = production_env(args.database_url, args.redis_url, port)
    os.environ.update(env)  # before the app (and its settings) are imported
    sys.path.insert(0, str(ROOT))
    import flask_migrate
    import sqlalchemy as sa

    url = sa.make_url(args.database_url)
    recreate_database(url)
    app = bench_app()
    server = None
    try:
        with app.app_context():
            flask_migrate.upgrade()
            world = seed_world()
            print(f"seeded 10,000 orders in {grow_orders(world, 0, 10_000):.1f} s")
        token, tokens = world["token"], world["tokens"]
        counts = queries_per_request(app, token)
        print("SQL statements per feed request (uncached / repeated): page size 5 -> "
              f"{counts[5, 'cold']} / {counts[5, 'warm']}, page size 50 -> {counts[50, 'cold']} / {counts[50, 'warm']}")
        server = Server(env, port)
        wrk(server.base + SUBJECT, tokens, seconds=2, connections=args.connections)  # warm-up
        wrk(server.base + BASELINE, tokens, seconds=2, connections=args.connections)
        small = legs(server.base, tokens, SUBJECT, rounds=3, seconds=args.seconds, connections=args.connections)
        show("10,000 orders, by start", small)
        with app.app_context():
            print(f"grew to 100,000 orders in {grow_orders(world, 10_000, 100_000):.1f} s")
        main_run = legs(server.base, tokens, SUBJECT, rounds=args.rounds, seconds=args.seconds,
                        connections=args.connections)
        show("100,000 orders, by start", main_run)
        near = legs(server.base, tokens, NEAR, rounds=1, seconds=args.seconds, connections=args.connections)
        show("100,000 orders, by distance", near)
        with app.app_context():
            print(f"grew to 1,000,000 orders in {grow_orders(world, 100_000, 1_000_000):.1f} s")
        large = legs(server.base, tokens, SUBJECT, rounds=3, seconds=args.seconds, connections=args.connections)
        show("1,000,000 orders, by start", large)
        ratio = main_run["ratio"]
        growth = large["subject"]["p50"] / small["subject"]["p50"]
        print(f"\nfeed/baseline throughput at 100k: {ratio:.2f} (target >= 0.40); "
              f"feed p99 at 100k, {args.connections} connections: {main_run['subject']['p99']:.1f} ms (target <= 100)")
        paired = large["p50_ratio"] / small["p50_ratio"]
        print(f"feed p50 1M / 10k: {large['subject']['p50']:.1f} / {small['subject']['p50']:.1f} ms = {growth:.2f}; "
              f"against the paired baseline legs: {large['p50_ratio']:.2f} / {small['p50_ratio']:.2f} = {paired:.2f} "
              "(target <= 1.5)")
        print(f"nproc {os.cpu_count()}")
    finally:
        if server:
            server.stop()
        with app.app_context():
            from app.extensions import db

            db.session.remove()
            db.engine.dispose()
        if not args.keep_db:
            drop_database(url)


if __name__ == "__main__":
    main()
