"""Fan-out: one event to 10,000 people, delivered by the outbox relay — how close does it get to a bare
HTTP client?

What it measures, in one run and one process tree (bench/README.md: a ratio against a baseline):
  1. publish: one "order.opened" event whose route (VolunteersIn the district) reaches every volunteer:
     the inbox rows and the outbox rows are INSERT … SELECTs, so the time and the memory must not depend
     on a Python loop over recipients;
  2. subject: the relay (app.tasks.notify.deliver_due, in-process, --threads of them at once) sends the
     10,000 subscribe messages to the fake WeChat (a separate process on 127.0.0.1); rate = deliveries per
     second as recorded by the fake;
  3. baseline: requests.Session clients (same number of threads) post the same 10,000 subscribe-send bodies
     straight to the same fake, once before and once after the relay (their mean is the baseline);
and prints relay ÷ baseline (target ≥ 0.5), the publish time, the peak RSS and the RSS as the relay passes
1k, 5k and 10k delivered messages (it must stay flat).

Data: 10,000 users in one INSERT … SELECT, each with a mini-program openid, a service community inside the
district, and one subscribe credit for the "service_reminder" template (one INSERT … SELECT into the
quotas). The database is created and dropped by the script (--database-url names it); Redis is optional
(--redis-url: the access token is shared through it, as in production; else the SQLite kv).

    .venv/bin/python bench/fanout.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench \
        --redis-url redis://127.0.0.1:6379/14 --threads 1 --threads 4
    .venv/bin/python bench/fanout.py ... --threads 1 --profile /tmp/relay.prof   # cProfile of the relay leg
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from benchdb import drop_database, free_port, recreate_database, rss_mb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Before the app is imported: the settings read these at import time. A scratch instance folder keeps the
# kv file and the uploads folder out of instance/.
os.environ.setdefault("TIMEBANK_INSTANCE_DIR", tempfile.mkdtemp(prefix="timebank-bench-"))
os.environ["TIMEBANK_ENV"] = "development"
os.environ.pop("CELERY_BROKER_URL", None)

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

MP_APPID, OA_APPID = "wxbenchminiprog0", "wxbenchofficial0"
SUBSCRIBE_SEND = "/cgi-bin/message/subscribe/send"
MARKS = (1_000, 5_000, 10_000)


# -- process facts -------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux




# -- the fake WeChat, in its own process (WeChat is not in our process either) ---------------------
class Fake:
    def __init__(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        code = ("import sys; from fakewechat.server import FakeWeChat; "
                "FakeWeChat(mp_appid=sys.argv[1], oa_appid=sys.argv[2], port=int(sys.argv[3])).serve_forever()")
        self.process = subprocess.Popen([sys.executable, "-c", code, MP_APPID, OA_APPID, str(self.port)],
                                        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(f"{self.base}/_fake/identity", params={"name": "x"}, timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the fake WeChat did not start") from None
                time.sleep(0.1)

    def deliveries(self) -> list[dict]:
        return requests.get(f"{self.base}/_fake/deliveries", params={"kind": "subscribe"}, timeout=60).json()

    def reset(self) -> None:
        requests.post(f"{self.base}/_fake/reset", timeout=10)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def rate(deliveries: list[dict]) -> tuple[float, float]:
    """(deliveries per second between the first and the last delivery, span in seconds), fake's clock."""
    times = sorted(d["time"] for d in deliveries)
    span = times[-1] - times[0]
    return (len(times) - 1) / span if span > 0 else float("nan"), span


# -- the database ----------------------------------------------------------------------------------




def seed(count: int) -> dict:
    """Regions, `count` volunteers in one community of the district, one credit each."""
    from app.accounts.models import Gender, User
    from app.accounts.regions import GUANGZHOU_CSV, get_region, load_regions_csv
    from app.core.timeutil import utcnow
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.notify.models import SubscriptionQuota
    from app.notify.templates import mp_templates_by_shape

    template_id = mp_templates_by_shape()["service_reminder"]
    with unit_of_work():
        load_regions_csv(GUANGZHOU_CSV)
    with unit_of_work():
        community = get_region("440106001001")
        district = get_region("440106")
        now = sa.literal(utcnow(), User.created_at.type)
        n = sa.func.generate_series(1, count).column_valued("n")
        db.session.execute(sa.insert(User).from_select(
            ["mp_openid", "real_name", "gender", "must_change_password", "is_party_member", "is_active",
             "is_platform_admin", "service_community_id", "created_at"],
            sa.select(sa.literal("obench") + sa.func.lpad(sa.cast(n, sa.String), 23, "0"),
                      sa.literal("志愿者") + sa.cast(n, sa.String), sa.literal(Gender.UNKNOWN.value), sa.false(),
                      sa.false(), sa.true(), sa.false(), sa.literal(community.id), now)))
        db.session.execute(sa.insert(SubscriptionQuota).from_select(
            ["user_id", "template_id", "credits", "updated_at"],
            sa.select(User.id, sa.literal(template_id), sa.literal(1), now).where(User.mp_openid.is_not(None))))
        return {"district_path": district.path, "template_id": template_id}


def publish_event(world: dict) -> dict:
    from app.core.timeutil import utcnow
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.notify.models import OutboxMessage
    from app.notify.publish import publish

    before, began = rss_mb(), time.perf_counter()
    with unit_of_work():
        event_id = publish("order.opened", ("order", 1), {
            "title": "社区长者助餐配送", "start_at": utcnow() + timedelta(days=2), "place": "五山街道长者饭堂",
            "recruit_count": 20, "district_path": world["district_path"]})
    seconds = time.perf_counter() - began
    with unit_of_work():
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    return {"event_id": event_id, "seconds": seconds, "outbox_rows": rows, "rss_growth_mb": rss_mb() - before}


# -- the two legs -------------------------------------------------------------------------------------
def relay_leg(app, threads: int, total: int, profile: str | None) -> dict:
    """deliver_due() in `threads` threads; RSS sampled as the sent count passes 1k, 5k, 10k."""
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.notify.models import DeliveryStatus, OutboxMessage
    from app.tasks.notify import deliver_due

    samples: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        with app.app_context():
            while not done.wait(0.2):
                with unit_of_work():
                    sent = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                                             .where(OutboxMessage.status == DeliveryStatus.SENT))
                for mark in MARKS:
                    if sent >= mark and mark not in samples:
                        samples[mark] = rss_mb()

    def relay() -> None:
        with app.app_context():
            deliver_due()

    sampler = threading.Thread(target=sample, daemon=True)
    start_rss = rss_mb()
    sampler.start()
    began = time.perf_counter()
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(relay)
        profiler.dump_stats(profile)
    else:
        workers = [threading.Thread(target=relay) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    wall = time.perf_counter() - began
    done.set()
    sampler.join()
    for mark in MARKS:
        samples.setdefault(mark, rss_mb()) if mark <= total else None
    return {"wall": wall, "start_rss": start_rss, "rss_at": samples}


def baseline_leg(base: str, jobs: list[dict], threads: int) -> dict:
    """The same subscribe-send bodies, posted by bare requests.Session clients."""
    token = requests.post(f"{base}/cgi-bin/stable_token", timeout=10, data=json.dumps(
        {"grant_type": "client_credential", "appid": MP_APPID, "secret": "s", "force_refresh": False})).json()
    params = {"access_token": token["access_token"]}
    failures: list = []

    def post(part: list[dict]) -> None:
        with requests.Session() as http:
            for body in part:
                answer = http.post(f"{base}{SUBSCRIBE_SEND}", params=params, timeout=10,
                                   data=json.dumps(body, ensure_ascii=False).encode("utf-8")).json()
                if answer.get("errcode"):
                    failures.append(answer)

    workers = [threading.Thread(target=post, args=(jobs[i::threads],)) for i in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise RuntimeError(f"baseline sends failed: {failures[:3]}")
    return {"wall": time.perf_counter() - began}


def bodies(app, event_id: int) -> list[dict]:
    """Exactly what the relay posts for each outbox row of the event."""
    from app.accounts.models import User
    from app.core.unit_of_work import unit_of_work
    from app.extensions import db
    from app.notify.models import NotificationEvent, OutboxMessage
    from app.wechat.messages import subscribe_body

    with app.app_context(), unit_of_work():
        event = db.session.get(NotificationEvent, event_id)
        payload = event.payload["mp_subscribe"]
        openids = db.session.scalars(
            sa.select(User.mp_openid).join(OutboxMessage, OutboxMessage.recipient_id == User.id)
            .where(OutboxMessage.event_id == event_id).order_by(OutboxMessage.id)).all()
        return [subscribe_body(openid, payload["template_id"], payload["data"], event.page,
                               state=app.config["WECHAT_MP_STATE"], lang="zh_CN") for openid in openids]


# -- one run ----------------------------------------------------------------------------------------------
def run(args, threads: int, fake: Fake) -> dict:
    import flask_migrate

    from app import create_app
    from app.extensions import db

    url = sa.make_url(args.database_url)
    recreate_database(url)
    app = create_app("development", overrides={
        "SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": max(5, threads + 2)},
        "REDIS_URL": args.redis_url, "WECHAT_API_BASE": fake.base, "WECHAT_MP_APPID": MP_APPID,
        "WECHAT_OA_APPID": OA_APPID, "WECHAT_MP_STATE": "formal", "NOTIFY_KICK": False})
    if args.redis_url:
        app.extensions["timebank.kv"].client.flushdb()
    try:
        with app.app_context():
            flask_migrate.upgrade()
            world = seed(args.recipients)
            published = publish_event(world)
        assert published["outbox_rows"] == args.recipients, published
        jobs = bodies(app, published["event_id"])
        # Baseline, subject, baseline: a burst of outside load (or autovacuum after the relay's updates)
        # hits both sides.
        baselines = []
        for leg in ("baseline", "relay", "baseline"):
            fake.reset()
            if leg == "relay":
                relay = relay_leg(app, threads, args.recipients, args.profile)
            else:
                wall = baseline_leg(fake.base, jobs, threads)["wall"]
            delivered = fake.deliveries()
            assert len(delivered) == args.recipients, f"{leg} delivered {len(delivered)}"
            if leg == "relay":
                relay_rate, relay_span = rate(delivered)
            else:
                baselines.append((*rate(delivered), wall))
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if not args.keep_db:
            drop_database(url)
    return {"threads": threads, "publish": published, "relay": relay, "relay_rate": relay_rate,
            "relay_span": relay_span, "baselines": baselines,
            "baseline_rate": sum(b[0] for b in baselines) / len(baselines)}


def report(result: dict, recipients: int) -> None:
    p, r = result["publish"], result["relay"]
    ratio = result["relay_rate"] / result["baseline_rate"]
    at = " / ".join(f"{r['rss_at'][m]:.0f}" for m in MARKS if m in r["rss_at"])
    print(f"\n== fan-out to {recipients:,} recipients, {result['threads']} relay thread(s) "
          f"vs {result['threads']} client thread(s)")
    print(f"publish (1 event, inbox + outbox INSERT … SELECT): {p['seconds']:.2f} s, "
          f"{p['outbox_rows']:,} outbox rows, RSS +{p['rss_growth_mb']:.1f} MB")
    print(f"relay    : {result['relay_rate']:7.0f} deliveries/s (fake's clock, {result['relay_span']:.1f} s); "
          f"wall {r['wall']:.1f} s")
    legs = ", ".join(f"{b[0]:.0f}/s over {b[1]:.1f} s" for b in result["baselines"])
    print(f"baseline : {result['baseline_rate']:7.0f} deliveries/s (mean of the runs before and after: {legs})")
    print(f"ratio relay/baseline: {ratio:.2f}  (target >= 0.5)")
    print(f"RSS at relay start {r['start_rss']:.0f} MB; at 1k / 5k / 10k delivered: {at} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/timebank_bench",
                        help="PostgreSQL URL; the database is dropped and created (and dropped at the end)")
    parser.add_argument("--redis-url", default=None, help="optional: the kv store (shared access token)")
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--threads", type=int, action="append",
                        help="relay threads = client threads; repeat for several runs (default 1)")
    parser.add_argument("--profile", help="cProfile the relay leg (one thread) into this file")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    threads = [1] if args.profile else (args.threads or [1])

    fake = Fake()
    try:
        for count in threads:
            report(run(args, count, fake), args.recipients)
    finally:
        fake.stop()
    print(f"\npeak RSS of the benchmark process: {peak_rss_mb():.0f} MB; nproc {os.cpu_count()}")
    if args.profile:
        pstats.Stats(args.profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
