"""Application factory. Reads like a table of contents: config, extensions, services, API, Celery."""
from __future__ import annotations

from flask import Flask

from config import load_config


def create_app(env: str | None = None, overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    register_config(app, env, overrides)
    register_proxy(app)
    register_json(app)
    register_extensions(app)
    register_services(app)
    register_api(app)
    register_celery(app)
    register_commands(app)
    return app


def register_config(app: Flask, env: str | None, overrides: dict | None) -> None:
    config = load_config(env)
    app.config.from_object(config)
    app.config["RATELIMIT_STORAGE_URI"] = config.ratelimit_storage_uri
    app.config["CELERY"] = config.celery_settings()
    if overrides:
        app.config.update(overrides)
    app.config["ENV_NAME"] = config.ENV_NAME


def register_proxy(app: Flask) -> None:
    """Behind PROXY_FIX_HOPS reverse proxies, the client's address is the one the nearest of them put in
    X-Forwarded-For (what rate limits key on); 0 trusts no such header."""
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)


def register_json(app: Flask) -> None:
    from app.core.jsonprovider import OrjsonProvider

    app.json = OrjsonProvider(app)


def register_extensions(app: Flask) -> None:
    from app.extensions import api, db, limiter, migrate

    db.init_app(app)
    from app.core import read_only

    read_only.install(app)  # and the cache generations' session hooks it relies on
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    api.init_app(app)
    limiter.init_app(app)
    from app import models  # noqa: F401  (every table known to SQLAlchemy and Alembic)
    from app.core.sqlite import configure_sqlite

    with app.app_context():
        configure_sqlite(db.engine)


def register_services(app: Flask) -> None:
    """Per-app singletons the services reach through app.core.runtime."""
    from pathlib import Path

    from app.core.crypto import PIICipher
    from app.core.kv import make_kv
    from app.core.storage import LocalStorage
    from app.wechat.gateway import build_gateway
    from config.settings import INSTANCE

    app.extensions["timebank.kv"] = make_kv(app.config["REDIS_URL"], Path(INSTANCE) / f"kv-{app.config['ENV_NAME']}.db",
                                            mirror=app.config["CACHE_MIRROR"])
    app.extensions["timebank.pii"] = PIICipher(app.config["PII_ENCRYPTION_KEY"])
    app.extensions["timebank.storage"] = LocalStorage(app.config["UPLOAD_DIR"])
    app.extensions["timebank.wechat"] = build_gateway(app.config, app.extensions["timebank.kv"])


def register_api(app: Flask) -> None:
    from app.api import register_blueprints
    from app.api.errors import register_error_handlers
    from app.api.http_policy import register_http_policy

    register_blueprints(app)
    register_error_handlers(app)
    register_http_policy(app)


def register_celery(app: Flask) -> None:
    from app.tasks import celery_init_app

    celery_init_app(app)


def register_commands(app: Flask) -> None:
    from app.cli import register_cli

    register_cli(app)
