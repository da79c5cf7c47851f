"""Another app on the suite's database and Redis, as a second gunicorn worker (or a differently configured
deployment) would be: its own Redis client, cache mirror and engine."""
from __future__ import annotations

from contextlib import contextmanager

from app.extensions import db

# What the test app points at the fake WeChat and the upload folder with: the sibling must use the same.
_SHARED = ("WECHAT_API_BASE", "WECHAT_OAUTH_AUTHORIZE_URL", "WECHAT_MP_APPID", "WECHAT_OA_APPID", "UPLOAD_DIR")


@contextmanager
def sibling_app(app, **overrides):
    from app import create_app

    other = create_app("test", overrides={**{name: app.config[name] for name in _SHARED}, **overrides})
    try:
        yield other
    finally:
        # create_app made the sibling's Celery the current and default one: tasks run later in this worker
        # (eagerly, in the app they are bound to) must see the test app's config again.
        app.extensions["celery"].set_current()
        app.extensions["celery"].set_default()
        kv = other.extensions["timebank.kv"]
        if getattr(kv, "mirror", None) is not None:
            kv.mirror.close()
        with other.app_context():
            db.engine.dispose()
