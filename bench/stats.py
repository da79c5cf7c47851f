"""Statistics (志愿统计) for a whole city: how close does the service get to the same aggregation written as one
raw SQL statement?

What it measures, in one run and one process (bench/README.md: a ratio against a baseline):
  - subject: app.community.statistics.region_statistics for the city, as a platform administrator sees it
    (totals, each district, the top 20 work units, activities and help requests by status and by district),
    through the app (create_app in production mode with throwaway secrets, inside an app context);
  - baseline: one hand-written SQL statement (CTEs) computing the same figures, run on the same connection
    pool, its rows fetched;
legs alternate (B S B S …), each the median of --repeat calls; the ratio is subject ÷ baseline median
(target ≤ 2×). The two answers are compared once, so the baseline is really the same aggregation.

Data (--scale 1): the bundled Guangzhou regions plus 10 generated streets of 10 communities under each district
(1,100 communities, a community office each); 100,000 volunteers (a third party members, 500 work units,
joined over 400 days) with their applications and memberships; 10,000 activities with 100 attendance rows
each (1,000,000 rows, 1–3 hours); each volunteer's ledger account holding the totals of their attendance
(the statistics read the accounts' cached totals, which every credit updates in the same statement);
20,000 help requests. All INSERT … SELECT over generate_series. The database is created and dropped here.

    .venv/bin/python bench/stats.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench_stats
"""
from __future__ import annotations

import argparse
import base64
import os
import secrets
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from benchdb import drop_database, recreate_database, throwaway_push_secrets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TIMEBANK_INSTANCE_DIR", tempfile.mkdtemp(prefix="timebank-bench-"))
os.environ.update({
    "TIMEBANK_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
    "PII_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    "WECHAT_MP_SECRET": secrets.token_hex(16), "WECHAT_OA_SECRET": secrets.token_hex(16),
    "WECHAT_API_BASE": "https://127.0.0.1:9", "NOTIFY_KICK": "0", "RATELIMIT_ENABLED": "0",
    **throwaway_push_secrets()})
os.environ.pop("CELERY_BROKER_URL", None)

import sqlalchemy as sa  # noqa: E402

SEED = [
    # 10 streets under each district, 10 communities under each new street, a community office each.
    """INSERT INTO regions (code, name, level, parent_id, path)
       SELECT d.code || lpad((100 + n)::text, 3, '0'), d.name || '第' || n || '街道', 'street', d.id,
              d.path || d.code || lpad((100 + n)::text, 3, '0') || '/'
       FROM regions d, generate_series(1, 10) n WHERE d.level = 'district'""",
    """INSERT INTO regions (code, name, level, parent_id, path)
       SELECT s.code || lpad((100 + n)::text, 3, '0'), s.name || '第' || n || '社区', 'community', s.id,
              s.path || s.code || lpad((100 + n)::text, 3, '0') || '/'
       FROM regions s, generate_series(1, 10) n WHERE s.level = 'street' AND length(s.code) = 9
            AND substr(s.code, 7, 1) = '1'""",
    """INSERT INTO organisations (name, kind, region_id, is_active, created_at)
       SELECT name || '居委会', 'community', id, true, now() FROM regions WHERE level = 'community'""",
    """INSERT INTO users (real_name, gender, is_party_member, work_unit, must_change_password, is_active,
                         is_platform_admin, created_at)
       SELECT '志愿者' || n, 'unknown', n % 3 = 0, '单位' || (n % 500), false, true, false, now()
       FROM generate_series(1, :volunteers) n""",
    """CREATE TEMP TABLE bench_people AS
       SELECT u.id AS user_id, row_number() OVER (ORDER BY u.id) - 1 AS k, u.is_party_member, u.work_unit
       FROM users u WHERE u.real_name LIKE '志愿者%'""",
    """CREATE TEMP TABLE bench_communities AS
       SELECT o.id AS org_id, r.path, row_number() OVER (ORDER BY o.id) - 1 AS k, r.id AS region_id
       FROM organisations o JOIN regions r ON r.id = o.region_id WHERE o.kind = 'community'""",
    """INSERT INTO community_applications (user_id, community_id, real_name, id_card_enc, id_card_index, work_unit,
                                          is_party_member, status, created_at)
       SELECT p.user_id, c.org_id, '志愿者', 'x', 'bench-' || p.user_id, p.work_unit, p.is_party_member,
              'approved', now()
       FROM bench_people p JOIN bench_communities c ON c.k = p.k % (SELECT count(*) FROM bench_communities)""",
    """INSERT INTO community_volunteers (user_id, community_id, region_path, application_id, id_card_enc,
                                        work_unit, is_party_member, joined_at)
       SELECT a.user_id, a.community_id, c.path, a.id, 'x', a.work_unit, a.is_party_member,
              now() - (a.user_id % 400) * interval '1 day'
       FROM community_applications a JOIN bench_communities c ON c.org_id = a.community_id""",
    """INSERT INTO activities (publisher_org_id, published_by_id, title, category_id, region_id, region_path, place,
                              starts_at, ends_at, headcount, signed_up_count, content, status, created_at, updated_at)
       SELECT c.org_id, (SELECT min(user_id) FROM bench_people), '活动' || n,
              (SELECT min(id) FROM catalogue_entries WHERE kind = 'activity_category'), c.region_id, c.path, '广场',
              now() - interval '10 days', now() - interval '10 days' + interval '2 hours', 100, 0, '内容',
              CASE WHEN n % 10 = 0 THEN 'recruiting' ELSE 'ended' END, now(), now()
       FROM generate_series(0, :activities - 1) n
       JOIN bench_communities c ON c.k = n % (SELECT count(*) FROM bench_communities)""",
    # 100 distinct volunteers per activity: (activity index × 100 + j) mod volunteers.
    """INSERT INTO activity_attendances (activity_id, volunteer_id, attended, hours, credited_hours, credited_points,
                                        credited_services, revision, confirmed_by_id, confirmed_at, created_at)
       SELECT a.id, p.user_id, true, 1 + (j % 3), 1 + (j % 3), 1 + (j % 3), 1, 1, p.user_id, now(), now()
       FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM activities) a
       CROSS JOIN generate_series(0, 99) j
       JOIN bench_people p ON p.k = (a.k * 100 + j) % :volunteers""",
    """INSERT INTO ledger_accounts (owner_type, owner_id, balance, hours, services, created_at)
       SELECT 'user', volunteer_id, sum(hours)::int, sum(hours), count(*), now()
       FROM activity_attendances GROUP BY volunteer_id""",
    """INSERT INTO help_requests (requester_id, community_id, region_path, title, content, place, wanted_at,
                                 contact_name_enc, contact_phone_enc, status, created_at, updated_at)
       SELECT (SELECT min(user_id) FROM bench_people), c.org_id, c.path, '求助' || n, '内容', '地点', now(), 'x', 'x',
              (ARRAY['pending', 'assigned', 'closed', 'closed'])[1 + n % 4], now(), now()
       FROM generate_series(0, :help_requests - 1) n
       JOIN bench_communities c ON c.k = n % (SELECT count(*) FROM bench_communities)""",
]

# The same figures as region_statistics, by hand, in one statement.
BASELINE = """
WITH cv AS (
    SELECT cv.region_path, cv.work_unit, cv.is_party_member, cv.joined_at, la.services, la.hours
    FROM community_volunteers cv
    LEFT JOIN ledger_accounts la ON la.owner_type = 'user' AND la.owner_id = cv.user_id
    WHERE cv.region_path LIKE :prefix),
children AS (SELECT id, code, name, path FROM regions WHERE parent_id = :region_id),
totals AS (
    SELECT count(*) AS volunteers, count(*) FILTER (WHERE is_party_member) AS party,
           count(*) FILTER (WHERE joined_at >= :since) AS new, coalesce(sum(services), 0) AS services,
           coalesce(sum(hours), 0) AS hours FROM cv),
by_child AS (
    SELECT c.code, count(cv.region_path) AS volunteers, count(*) FILTER (WHERE cv.is_party_member) AS party,
           count(*) FILTER (WHERE cv.joined_at >= :since) AS new, coalesce(sum(cv.services), 0) AS services,
           coalesce(sum(cv.hours), 0) AS hours
    FROM children c LEFT JOIN cv ON cv.region_path LIKE c.path || '%' GROUP BY c.code),
units AS (
    SELECT work_unit, count(*) AS volunteers, count(*) FILTER (WHERE is_party_member) AS party,
           count(*) FILTER (WHERE joined_at >= :since) AS new, coalesce(sum(services), 0) AS services,
           coalesce(sum(hours), 0) AS hours
    FROM cv GROUP BY work_unit ORDER BY count(*) DESC, work_unit LIMIT 20),
activity_status AS (SELECT status, count(*) AS n FROM activities WHERE region_path LIKE :prefix GROUP BY status),
activity_child AS (SELECT c.code, count(*) AS n FROM children c
                   JOIN activities a ON a.region_path LIKE c.path || '%' GROUP BY c.code),
help_status AS (SELECT status, count(*) AS n FROM help_requests WHERE region_path LIKE :prefix GROUP BY status),
help_child AS (SELECT c.code, count(*) AS n FROM children c
               JOIN help_requests h ON h.region_path LIKE c.path || '%' GROUP BY c.code)
SELECT 'total', NULL, volunteers, party, new, services, hours FROM totals
UNION ALL SELECT 'child', code, volunteers, party, new, services, hours FROM by_child
UNION ALL SELECT 'unit', work_unit, volunteers, party, new, services, hours FROM units
UNION ALL SELECT 'activity', status, n, 0, 0, 0, 0 FROM activity_status
UNION ALL SELECT 'activity_child', code, n, 0, 0, 0, 0 FROM activity_child
UNION ALL SELECT 'help', status, n, 0, 0, 0, 0 FROM help_status
UNION ALL SELECT 'help_child', code, n, 0, 0, 0, 0 FROM help_child
"""


def seed(scale: float) -> dict:
    from app.accounts.regions import GUANGZHOU_CSV, load_regions_csv
    from app.catalogue.services import seed_defaults
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db

    sizes = {"volunteers": int(100_000 * scale), "activities": int(10_000 * scale),
             "help_requests": int(20_000 * scale)}
    with unit_of_work():
        load_regions_csv(GUANGZHOU_CSV)
        seed_defaults()
    started = time.perf_counter()
    with unit_of_work():
        for statement in SEED:
            db.session.execute(sa.text(statement), sizes)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("ANALYZE"))
    counts = {table: db.session.scalar(sa.text(f"SELECT count(*) FROM {table}"))
              for table in ("community_volunteers", "activity_attendances", "activities", "help_requests")}
    db.session.rollback()
    return counts | {"seconds": time.perf_counter() - started}


def subject(actor) -> dict:
    from app.community import statistics as stats
    from app.extensions import db

    try:
        return stats.region_statistics(actor, None)
    finally:
        db.session.rollback()


def baseline(city, since) -> list:
    from app.extensions import db

    try:
        return db.session.execute(sa.text(BASELINE), {"prefix": city.path + "%", "region_id": city.id,
                                                      "since": since}).all()
    finally:
        db.session.rollback()


def same_answer(ours: dict, rows: list) -> bool:
    """The baseline's rows say what the service's answer says (totals, districts, work units, statuses)."""
    def figures(d):
        return (d["volunteers"], d["party_members"], d["new_this_month"], d["services"], Decimal(d["hours"]))

    by_kind: dict[str, dict] = {}
    for kind, key, *values in rows:
        by_kind.setdefault(kind, {})[key] = (values[0], values[1], values[2], int(values[3]), Decimal(values[4]))
    activity_child = {k: v[0] for k, v in by_kind.get("activity_child", {}).items()}
    return (figures(ours["totals"]) == by_kind["total"][None]
            and {c["code"]: figures(c) for c in ours["children"]} == by_kind["child"]
            and {u["work_unit"]: figures(u) for u in ours["work_units"]} == by_kind["unit"]
            and {s["status"]: s["count"] for s in ours["totals"]["activities"]["by_status"] if s["count"]}
            == {k: v[0] for k, v in by_kind["activity"].items()}
            and {c["code"]: c["activities"] for c in ours["children"] if c["activities"]} == activity_child)


def timed(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench_stats")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100,000 volunteers, 1,000,000 attendances")
    parser.add_argument("--rounds", type=int, default=3, help="B S pairs")
    parser.add_argument("--repeat", type=int, default=5, help="calls per leg (the leg's figure is their median)")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    url = sa.make_url(args.database_url)
    os.environ.update({"DATABASE_URL": url.render_as_string(hide_password=False), "REDIS_URL": args.redis_url})
    recreate_database(url)
    import flask_migrate

    from app import create_app
    from app.accounts.models import Region
    from app.accounts.policy import Actor
    from app.community.statistics import month_start
    from app.extensions import db

    app = create_app()
    try:
        with app.app_context():
            flask_migrate.upgrade()
            counts = seed(args.scale)
            print(f"seeded {counts['community_volunteers']:,} volunteers, {counts['activity_attendances']:,} "
                  f"attendance rows, {counts['activities']:,} activities, {counts['help_requests']:,} help requests "
                  f"in {counts['seconds']:.1f} s")
            admin = Actor(user_id=0, is_platform_admin=True)
            city = db.session.scalars(sa.select(Region).where(Region.parent_id.is_(None)).order_by(Region.id)).first()
            since = month_start()
            db.session.rollback()
            assert same_answer(subject(admin), baseline(city, since)), "the baseline is not the same aggregation"
            subject(admin), baseline(city, since)  # warm-up
            base_legs, subject_legs = [], []
            for _ in range(args.rounds):
                base_legs.append(timed(lambda: baseline(city, since), args.repeat))
                subject_legs.append(timed(lambda: subject(admin), args.repeat))
            base, ours = statistics.median(base_legs), statistics.median(subject_legs)
            ratios = [s / b for b, s in zip(base_legs, subject_legs, strict=True)]
            print(f"baseline legs (ms): {', '.join(f'{t:.1f}' for t in base_legs)}")
            print(f"subject legs (ms):  {', '.join(f'{t:.1f}' for t in subject_legs)}")
            print(f"\ncity statistics {ours:.1f} ms vs one raw SQL statement {base:.1f} ms: "
                  f"ratio {statistics.median(ratios):.2f} (target <= 2.0; median of paired legs)")
    finally:
        if not args.keep_db:
            drop_database(url)


if __name__ == "__main__":
    main()
