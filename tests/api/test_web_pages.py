"""Flask serves the built console and website: every path under /console/ and /site/ answers its page's
index (the single-page app routes), hashed assets are cached for a year, pages carry a strict CSP, and
an unbuilt checkout says what to run instead of a bare 404."""
from __future__ import annotations

import pytest


@pytest.fixture
def dist(app, tmp_path):
    for page in ("console", "site"):
        (tmp_path / page).mkdir()
        (tmp_path / page / "index.html").write_text(f"<!doctype html><title>{page}</title>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "console-abc123.js").write_text("console.log(1)", encoding="utf-8")
    before = app.config["WEB_DIST_DIR"]
    app.config["WEB_DIST_DIR"] = str(tmp_path)
    yield tmp_path
    app.config["WEB_DIST_DIR"] = before


@pytest.mark.parametrize("path, page", [("/console/", "console"), ("/console/orders/12", "console"),
                                        ("/site/", "site"), ("/site/help/new", "site")])
def test_every_path_of_a_page_answers_its_index_with_a_strict_policy(client, dist, path, page):
    answer = client.get(path)
    assert answer.status_code == 200 and f"<title>{page}</title>" in answer.text
    assert "script-src 'self';" in answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Cache-Control"] == "no-cache"  # a new build is picked up at once


def test_hashed_assets_are_cached_for_a_year_and_nothing_else_is_reachable(client, dist):
    asset = client.get("/ui/assets/console-abc123.js")
    assert asset.status_code == 200
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/ui/assets/../console/index.html").status_code == 404
    assert client.get("/ui/assets/missing.js").status_code == 404


def test_home_and_the_old_h5_links_lead_to_the_website(client, dist):
    assert client.get("/").headers["Location"] == "/site/"
    old = client.get("/h5/needs")
    assert old.status_code == 301 and old.headers["Location"] == "/site/needs"


def test_an_unbuilt_checkout_says_how_to_build(app, client, tmp_path):
    before = app.config["WEB_DIST_DIR"]
    app.config["WEB_DIST_DIR"] = str(tmp_path / "nothing")
    try:
        answer = client.get("/console/")
    finally:
        app.config["WEB_DIST_DIR"] = before
    assert answer.status_code == 503 and "make console" in answer.text
