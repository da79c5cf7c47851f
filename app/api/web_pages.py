"""The browser surfaces, built by `make console` into console/dist: the staff console (后台) at /console/,
the public website (网站前台) at /site/. Both are single-page apps over the same JSON API, so every path
under their prefix answers the page's index (the app's router picks the screen) and the hashed assets
under /ui/assets/ are cached for a year (a new build has new names).

The pages set a strict Content-Security-Policy: scripts only from this origin, no framing. Element
Plus positions popovers with inline styles, hence 'unsafe-inline' for styles only.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, current_app, redirect, send_from_directory

from app.api.security import password_pending_ok

_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>尚未构建</title>
<p>网页端尚未构建：请在项目根目录运行 <code>make console</code>（<code>make run</code> 会自动构建）。</p>"""


def _dist() -> Path:
    return Path(current_app.config["WEB_DIST_DIR"])


def _page(name: str) -> Response:
    index = _dist() / name / "index.html"
    if not index.is_file():
        return Response(_NOT_BUILT, status=503, mimetype="text/html")
    response = send_from_directory(index.parent, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


def _harden(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def register_web_pages(app: Flask) -> None:
    app.config.setdefault("WEB_DIST_DIR", str(Path(app.root_path).parent / "console" / "dist"))

    def web_asset(filename: str):
        response = send_from_directory(_dist() / "assets", filename, max_age=365 * 86400)
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    def console_page(rest: str = ""):
        return _harden(_page("console"))

    def site_page(rest: str = ""):
        return _harden(_page("site"))

    def home():
        return redirect("/site/", code=302)

    def legacy_h5(rest: str = ""):
        # The official account's OAuth used to land on /h5/...; those pages are the website's now.
        return redirect(f"/site/{rest}", code=301)

    # Static shells that never read the caller: a session that must still change its initial password
    # loads the console too, to reach the change.
    for view in (web_asset, console_page, site_page, home, legacy_h5):
        view.policy = "public"
        password_pending_ok(view)
    app.add_url_rule("/ui/assets/<path:filename>", "web_asset", web_asset)
    app.add_url_rule("/console/", "console_page", console_page)
    app.add_url_rule("/console/<path:rest>", "console_page", console_page)
    app.add_url_rule("/site/", "site_page", site_page)
    app.add_url_rule("/site/<path:rest>", "site_page", site_page)
    app.add_url_rule("/", "home", home)
    app.add_url_rule("/h5/", "legacy_h5", legacy_h5)
    app.add_url_rule("/h5/<path:rest>", "legacy_h5", legacy_h5)
