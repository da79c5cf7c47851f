"""The HTTP edge: one package per feature, each a blueprint of MethodViews with its schemas."""
from __future__ import annotations

from flask import Flask

from app.extensions import api

# (module path, URL prefix): the whole public surface of the API at a glance.
BLUEPRINTS = [
    ("app.api.health.routes", ""),
]


def register_blueprints(app: Flask) -> None:
    import importlib

    for module_name, prefix in BLUEPRINTS:
        module = importlib.import_module(module_name)
        api.register_blueprint(module.blp, url_prefix=prefix or None)
    from app.api.docs import register_docs_assets

    register_docs_assets(app)
