"""gunicorn settings, read from the environment (12-factor). Used by the Procfile (production) and by
Procfile.dev, which overrides bind/workers on the command line.

The reference setup (GUIDE §6) is gthread, 2 workers x 8 threads on a 2-core machine: the app is
I/O bound (PostgreSQL, Redis, WeChat), so threads hide latency while workers use the cores.
"""
import os


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


bind = _env("GUNICORN_BIND", f"0.0.0.0:{_env('PORT', '5000')}")
# gthread, answering the requests gunicorn itself refuses (bad header, request line too long) with the
# API's JSON error envelope rather than gunicorn's HTML page.
worker_class = "config.gunicorn_worker.JsonErrorThreadWorker"
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 8)

# A request that takes longer than this is stuck (WeChat calls time out after WECHAT_TIMEOUT seconds).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak cannot grow without bound; 0 disables.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 0)
# Loading the app before forking saves memory, but only when nothing opens a connection at import time.
preload_app = _env("GUNICORN_PRELOAD", "0") == "1"

# Behind a reverse proxy: which addresses may set X-Forwarded-* (comma-separated, or "*").
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1")

loglevel = _env("GUNICORN_LOG_LEVEL", "info")
errorlog = "-"
# "-" is stdout; set GUNICORN_ACCESS_LOG=off to silence it (the load balancer may log already).
accesslog = None if _env("GUNICORN_ACCESS_LOG", "-") == "off" else _env("GUNICORN_ACCESS_LOG", "-")
# Remote address, request line, status, bytes, duration in ms, referer, user agent. The request line
# carries the query string: personal information never goes in URLs (GUIDE §4), so it is safe to log.
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
proc_name = "timebank-web"

# gunicorn's runtime control socket (gunicornc) defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl),
# which two servers on one machine (a benchmark's baseline and subject, dev beside a test run) would fight
# over. Off unless GUNICORN_CONTROL_SOCKET names a path for this instance.
if _env("GUNICORN_CONTROL_SOCKET", ""):
    control_socket = _env("GUNICORN_CONTROL_SOCKET", "")
else:
    control_socket_disable = True
