"""Reading the signed content links responses carry (app/api/uploads/links.py)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

BASE = "http://127.0.0.1:5000"  # PUBLIC_BASE_URL in the test configuration


def content_path(url: str) -> str:
    """The link's path, after checking it is absolute on our public base and signed."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == BASE, url
    assert parse_qs(parts.query).get("sig"), url
    return parts.path
