"""Swagger UI assets served from the swagger-ui-bundle package: the docs page works offline."""
from __future__ import annotations

import swagger_ui_bundle
from flask import Flask, send_from_directory


def register_docs_assets(app: Flask) -> None:
    def swagger_asset(filename: str):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename, max_age=86400)

    swagger_asset.policy = "public"
    app.add_url_rule("/api/v1/docs/static/<path:filename>", "swagger_asset", swagger_asset)
