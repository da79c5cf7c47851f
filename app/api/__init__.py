"""The HTTP edge: one package per feature, each a blueprint of MethodViews with its schemas."""
from __future__ import annotations

from flask import Flask

from app.extensions import api

# (module path, URL prefix): the whole public surface of the API at a glance.
BLUEPRINTS = [
    ("app.api.health.routes", ""),
    ("app.api.uploads.routes", "/api/v1/uploads"),
    ("app.api.auth.routes", "/api/v1/auth"),
    ("app.api.auth.web_routes", "/api/v1/auth/web"),
    ("app.api.me.routes", "/api/v1/me"),
    ("app.api.regions.routes", "/api/v1/regions"),
    ("app.api.organisations.routes", "/api/v1/organisations"),
    ("app.api.users.routes", "/api/v1/users"),
    ("app.api.lockouts.routes", "/api/v1/admin/lockouts"),
    ("app.api.league_import.routes", "/api/v1/admin/league-import"),
    ("app.api.scheduled_jobs.routes", "/api/v1/admin/scheduled-jobs"),
    ("app.api.org_directory.routes", "/api/v1/admin/organisations"),
    ("app.api.catalogues.routes", "/api/v1/catalogues"),
    ("app.api.notifications.routes", "/api/v1"),
    ("app.api.wechat_push.routes", "/api/v1/wechat"),
    ("app.api.beneficiaries.routes", "/api/v1/beneficiaries"),
    ("app.api.orders.routes", "/api/v1/orders"),
    ("app.api.takes.routes", "/api/v1"),
    ("app.api.certifications.routes", "/api/v1"),
    ("app.api.points.routes", "/api/v1"),
    ("app.api.point_adjustments.routes", "/api/v1/points/adjustments"),
    ("app.api.workbench.routes", "/api/v1/workbench"),
    ("app.api.needs.routes", "/api/v1"),
    ("app.api.activities.routes", "/api/v1"),
    ("app.api.scores.routes", "/api/v1"),
    ("app.api.favourites.routes", "/api/v1"),
    ("app.api.needs_home.routes", "/api/v1/needs-home"),
    ("app.api.org_workspace.routes", "/api/v1/org-workspace"),
    ("app.api.community_join.routes", "/api/v1/community"),
    ("app.api.attendance.routes", "/api/v1"),
    ("app.api.reports.routes", "/api/v1"),
    ("app.api.help_requests.routes", "/api/v1"),
    ("app.api.community_stats.routes", "/api/v1/community"),
    ("app.api.showcase.routes", "/api/v1/showcase"),
    ("app.api.exports.routes", "/api/v1/exports"),
]


def register_blueprints(app: Flask) -> None:
    import importlib

    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                       "description": "登录接口返回的 access_token"})

    for module_name, prefix in BLUEPRINTS:
        module = importlib.import_module(module_name)
        api.register_blueprint(module.blp, url_prefix=prefix or None)
    from app.api.docs import register_docs_assets
    from app.api.web_pages import register_web_pages

    register_docs_assets(app)
    register_web_pages(app)
