"""Errors the community module answers with in more than one place."""
from __future__ import annotations

from app.core.errors import NotFound


def community_not_found() -> NotFound:
    """One answer for a missing community and for one outside the caller's reach, so probing ids tells
    nothing about other organisations."""
    return NotFound("社区不存在", error="community_not_found")
