"""Settings read from the environment.

Development defaults need no services at all (SQLite, a filesystem Celery broker, the fake WeChat
server); production refuses to start while any development secret is still in place.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("TIMEBANK_INSTANCE_DIR", ROOT / "instance"))

# Development-only secrets. They are public (they are in this file), so production rejects them.
DEV_SECRET_KEY = "dev-secret-key-not-for-production-0000000000"
DEV_PII_KEY = "ZGV2LXBpaS1rZXktbm90LWZvci1wcm9kdWN0aW9uLTA="  # base64 of 32 bytes
DEV_WECHAT_SECRET = "dev-wechat-secret"
DEV_FAKE_WECHAT = "http://127.0.0.1:8765"
# Push-callback secrets (message-push token and EncodingAESKey, 43 characters) for the official account
# and the mini-program: anyone who knows them can forge a push, so production refuses these too.
DEV_PUSH_SECRETS = {"WECHAT_OA_TOKEN": "devtoken", "WECHAT_OA_AES_KEY": "a" * 43,
                    "WECHAT_MP_PUSH_TOKEN": "devmppushtoken", "WECHAT_MP_PUSH_AES_KEY": "b" * 43}


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _count_or_unlimited(name: str, default: int) -> int | None:
    """A count, or None for "unlimited" (the word, case-insensitive)."""
    value = _env(name, str(default))
    return None if value.strip().lower() == "unlimited" else int(value)


class BaseConfig:
    ENV_NAME = "base"
    SECRET_KEY = _env("SECRET_KEY", DEV_SECRET_KEY)
    # Master key for personal-information encryption (AES-GCM) and the HMAC blind index.
    PII_ENCRYPTION_KEY = _env("PII_ENCRYPTION_KEY", DEV_PII_KEY)

    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{INSTANCE / 'timebank.db'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = _env("REDIS_URL")
    # Keep this process's own copy of cached answers, kept current by Redis (app/core/mirror.py); "0"
    # makes every request read Redis instead (to compare, or on a Redis without CLIENT TRACKING, < 6).
    CACHE_MIRROR = _env("CACHE_MIRROR", "1") == "1"
    CELERY_BROKER_URL = _env("CELERY_BROKER_URL")

    WECHAT_API_BASE = _env("WECHAT_API_BASE", "https://api.weixin.qq.com")
    WECHAT_OAUTH_AUTHORIZE_URL = _env(
        "WECHAT_OAUTH_AUTHORIZE_URL", "https://open.weixin.qq.com/connect/oauth2/authorize"
    )
    WECHAT_MP_APPID = _env("WECHAT_MP_APPID", "wxdevminiprogram0")
    WECHAT_MP_SECRET = _env("WECHAT_MP_SECRET", DEV_WECHAT_SECRET)
    WECHAT_OA_APPID = _env("WECHAT_OA_APPID", "wxdevofficialacct")
    WECHAT_OA_SECRET = _env("WECHAT_OA_SECRET", DEV_WECHAT_SECRET)
    WECHAT_OA_TOKEN = _env("WECHAT_OA_TOKEN", DEV_PUSH_SECRETS["WECHAT_OA_TOKEN"])
    WECHAT_OA_AES_KEY = _env("WECHAT_OA_AES_KEY", DEV_PUSH_SECRETS["WECHAT_OA_AES_KEY"])
    WECHAT_TIMEOUT = float(_env("WECHAT_TIMEOUT", "5"))
    # Public origin of this API, used for the OAuth redirect_uri (WeChat needs an absolute URL).
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    ACCESS_TOKEN_TTL = _int("ACCESS_TOKEN_TTL", 2 * 3600)
    REFRESH_TOKEN_TTL = _int("REFRESH_TOKEN_TTL", 30 * 86400)
    SESSION_KEY_TTL = _int("SESSION_KEY_TTL", 3 * 86400)
    LOGIN_MAX_FAILURES = _int("LOGIN_MAX_FAILURES", 5)
    LOGIN_LOCK_SECONDS = _int("LOGIN_LOCK_SECONDS", 15 * 60)
    # argon2id cost (RFC 9106 second recommended profile by default); tests use a cheap one.
    PASSWORD_HASH_TIME_COST = _int("PASSWORD_HASH_TIME_COST", 3)
    PASSWORD_HASH_MEMORY_KIB = _int("PASSWORD_HASH_MEMORY_KIB", 64 * 1024)

    # Notifications: the outbox relay's lease, batch and retry schedule; mini-program state for
    # subscribe messages (developer | trial | formal).
    NOTIFY_LEASE_SECONDS = _int("NOTIFY_LEASE_SECONDS", 120)
    NOTIFY_BATCH_SIZE = _int("NOTIFY_BATCH_SIZE", 100)
    NOTIFY_MAX_ATTEMPTS = _int("NOTIFY_MAX_ATTEMPTS", 8)
    NOTIFY_RETRY_BASE_SECONDS = _int("NOTIFY_RETRY_BASE_SECONDS", 30)
    NOTIFY_RETRY_CAP_SECONDS = _int("NOTIFY_RETRY_CAP_SECONDS", 3600)
    # Sends in flight per relay: claimed messages are started in groups of this size (one transaction)
    # and sent by as many threads; a relay killed mid-group leaves up to this many outcomes unknown.
    NOTIFY_SEND_THREADS = _int("NOTIFY_SEND_THREADS", 8)
    # Start delivery right after a publishing transaction commits (off in tests: they drive the relay).
    NOTIFY_KICK = _env("NOTIFY_KICK", "1") == "1"
    WECHAT_MP_STATE = _env("WECHAT_MP_STATE", "formal")
    # The mini-program's own message push (subscribe_msg_popup_event), configured in the MP console.
    WECHAT_MP_PUSH_TOKEN = _env("WECHAT_MP_PUSH_TOKEN", DEV_PUSH_SECRETS["WECHAT_MP_PUSH_TOKEN"])
    WECHAT_MP_PUSH_AES_KEY = _env("WECHAT_MP_PUSH_AES_KEY", DEV_PUSH_SECRETS["WECHAT_MP_PUSH_AES_KEY"])
    # When WeChat pushes subscribe_msg_popup_event to us, client-reported accepts it never confirms
    # are voided after a day; without the push, the client's reports are all there is.
    WECHAT_MP_PUSH_ENABLED = _env("WECHAT_MP_PUSH_ENABLED", "0") == "1"

    UPLOAD_DIR = _env("UPLOAD_DIR", str(INSTANCE / "uploads"))
    UPLOAD_MAX_BYTES = _int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    # Whole request cap: one image plus multipart overhead. The push callback has its own smaller cap.
    MAX_CONTENT_LENGTH = UPLOAD_MAX_BYTES + 64 * 1024
    # Seconds an upload waits for one of the process's decode slots before a 503 (app/uploads/decoding.py).
    UPLOAD_DECODE_WAIT = float(_env("UPLOAD_DECODE_WAIT", "5"))
    # POST /uploads: per signed-in user (whatever address) and per client address (whichever user).
    RATELIMIT_UPLOAD_USER = _env("RATELIMIT_UPLOAD_USER", "30 per minute")
    RATELIMIT_UPLOAD_ADDRESS = _env("RATELIMIT_UPLOAD_ADDRESS", "60 per minute")

    # Export jobs (POST /exports): files under EXPORT_DIR, deleted by the beat sweep EXPORT_TTL_HOURS after
    # they were made; at most EXPORT_MAX_ACTIVE jobs queued or running per user; progress recorded every
    # EXPORT_PROGRESS_EVERY rows; a running job silent for EXPORT_STALE_MINUTES (its worker died) runs again.
    EXPORT_DIR = _env("EXPORT_DIR", str(INSTANCE / "exports"))
    EXPORT_TTL_HOURS = _int("EXPORT_TTL_HOURS", 24)
    EXPORT_MAX_ACTIVE = _int("EXPORT_MAX_ACTIVE", 3)
    EXPORT_PROGRESS_EVERY = _int("EXPORT_PROGRESS_EVERY", 1000)
    EXPORT_STALE_MINUTES = _int("EXPORT_STALE_MINUTES", 10)

    # Time bank (耆望成真): points credited per certified service hour (rounded half up to whole points),
    # and how early the start reminders and the near-deadline warning fire.
    POINTS_PER_HOUR = float(_env("POINTS_PER_HOUR", "1"))
    ORDER_REMINDER_HOURS = (24, 1)
    ORDER_DEADLINE_WARNING_HOURS = _int("ORDER_DEADLINE_WARNING_HOURS", 12)

    # Needs (七彩假期): a score earns the scored organisation stars × NEED_POINTS_PER_STAR points; unscored
    # accepted claims are reminded first after NEED_SCORING_FIRST_REMINDER_DAYS days, then every
    # NEED_SCORING_REMINDER_EVERY_DAYS days, at most NEED_SCORING_MAX_REMINDERS times (0: none; "unlimited":
    # until both sides scored or the need closes — completed or withdrawn). The league is also prompted
    # once at acceptance.
    NEED_POINTS_PER_STAR = _int("NEED_POINTS_PER_STAR", 2)
    NEED_SCORING_FIRST_REMINDER_DAYS = _int("NEED_SCORING_FIRST_REMINDER_DAYS", 3)
    NEED_SCORING_REMINDER_EVERY_DAYS = _int("NEED_SCORING_REMINDER_EVERY_DAYS", 7)
    NEED_SCORING_MAX_REMINDERS = _count_or_unlimited("NEED_SCORING_MAX_REMINDERS", 3)

    RATELIMIT_ENABLED = _env("RATELIMIT_ENABLED", "1") == "1"
    RATELIMIT_LOGIN = _env("RATELIMIT_LOGIN", "20 per minute")
    # Volunteer applications answered "ID number already in use", per user: that answer is an oracle for
    # whether a number is registered, so past this many the user's applications wait (429).
    RATELIMIT_ID_CARD_IN_USE = _env("RATELIMIT_ID_CARD_IN_USE", "5 per hour")
    RATELIMIT_HEADERS_ENABLED = True
    # Reverse proxies in front of the app that append to X-Forwarded-For (nginx, a load balancer): the
    # client address, and so the rate-limit key, is taken that many entries from the right. 0: the socket's
    # peer address, X-Forwarded-For ignored (anyone could forge it).
    PROXY_FIX_HOPS = _int("PROXY_FIX_HOPS", 0)

    API_TITLE = "Timebank 时间银行 API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    # Served from the swagger-ui-bundle package, so the docs page works without internet.
    OPENAPI_SWAGGER_UI_URL = "/api/v1/docs/static/"

    CELERY_TASK_ALWAYS_EAGER = False

    @property
    def ratelimit_storage_uri(self) -> str:
        return self.REDIS_URL or "memory://"

    def celery_settings(self) -> dict:
        broker = self.CELERY_BROKER_URL or self.REDIS_URL
        # Publishing (the outbox kick) must fail at once when the broker is down, not retry connecting
        # for seconds inside a web request's commit: the minute sweep delivers instead.
        transport_options: dict = {"max_retries": 0}
        if broker is None:
            # Embedded default: a broker on the local filesystem, shared by web, worker and beat.
            folder = INSTANCE / "broker"
            for sub in ("out", "processed", "control"):
                (folder / sub).mkdir(parents=True, exist_ok=True)
            broker = "filesystem://"
            transport_options = {
                **transport_options,
                "data_folder_in": str(folder / "out"),
                "data_folder_out": str(folder / "out"),
                "processed_folder": str(folder / "processed"),
                "store_processed": False,
                "control_folder": str(folder / "control"),
            }
        return {
            "broker_url": broker,
            "broker_transport_options": transport_options,
            "broker_connection_retry_on_startup": True,
            "task_ignore_result": True,
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "task_always_eager": self.CELERY_TASK_ALWAYS_EAGER,
            "task_eager_propagates": True,
            "timezone": "Asia/Shanghai",
            "enable_utc": True,
            "beat_schedule_filename": str(INSTANCE / "celerybeat-schedule"),
        }

    def validate(self) -> None:
        """Development settings accept anything; production overrides this."""


class DevelopmentConfig(BaseConfig):
    ENV_NAME = "development"
    WECHAT_API_BASE = _env("WECHAT_API_BASE", DEV_FAKE_WECHAT)
    WECHAT_MP_STATE = _env("WECHAT_MP_STATE", "developer")
    WECHAT_OAUTH_AUTHORIZE_URL = _env(
        "WECHAT_OAUTH_AUTHORIZE_URL", f"{DEV_FAKE_WECHAT}/connect/oauth2/authorize"
    )


class TestConfig(DevelopmentConfig):
    ENV_NAME = "test"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = _env("TEST_DATABASE_URL", f"sqlite:///{INSTANCE / 'test.db'}")
    REDIS_URL = _env("REDIS_URL")
    CELERY_TASK_ALWAYS_EAGER = True
    # Limits stay on (the real code path) but high; the rate-limit tests lower them.
    RATELIMIT_LOGIN = "10000 per minute"
    PASSWORD_HASH_TIME_COST = 1
    PASSWORD_HASH_MEMORY_KIB = 1024
    NOTIFY_KICK = _env("NOTIFY_KICK", "0") == "1"
    WECHAT_TIMEOUT = 2.0


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"

    def validate(self) -> None:
        problems = []
        if self.SECRET_KEY == DEV_SECRET_KEY or len(self.SECRET_KEY or "") < 32:
            problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
        if self.PII_ENCRYPTION_KEY == DEV_PII_KEY:
            problems.append("PII_ENCRYPTION_KEY must be set (base64 of 32 random bytes)")
        if self.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
            problems.append("DATABASE_URL must point at PostgreSQL")
        if not self.REDIS_URL:
            problems.append("REDIS_URL must be set (tokens, rate limits and broker are shared)")
        for name in ("WECHAT_MP_SECRET", "WECHAT_OA_SECRET"):
            if getattr(self, name) == DEV_WECHAT_SECRET:
                problems.append(f"{name} must be set")
        if self.WECHAT_API_BASE.startswith("http://"):
            problems.append("WECHAT_API_BASE must be HTTPS in production")
        # Both push callbacks are mounted whether or not WECHAT_MP_PUSH_ENABLED is on (the flag only
        # decides whether unconfirmed client reports expire), so a public token would let anyone forge
        # a push: refused regardless of the flag.
        for name, dev_value in DEV_PUSH_SECRETS.items():
            value = getattr(self, name) or ""
            if value == dev_value:
                problems.append(f"{name} must be set")
            elif name.endswith("_AES_KEY") and len(value) != 43:
                problems.append(f"{name} must be the 43-character EncodingAESKey")
        # The OAuth redirect_uri and links sent to users are built from it: never plain HTTP.
        if not (self.PUBLIC_BASE_URL or "").startswith("https://"):
            problems.append("PUBLIC_BASE_URL must be an https:// URL in production")
        if problems:
            raise RuntimeError("Refusing to start with development settings: " + "; ".join(problems))


CONFIGS = {c.ENV_NAME: c for c in (DevelopmentConfig, TestConfig, ProductionConfig)}


def load_config(name: str | None = None) -> BaseConfig:
    name = name or _env("TIMEBANK_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"Unknown TIMEBANK_ENV {name!r}; use one of {sorted(CONFIGS)}")
    config = CONFIGS[name]()
    config.validate()
    return config
