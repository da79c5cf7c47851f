"""Rate limits shared by several endpoints (values from configuration, read per request)."""
from __future__ import annotations

from flask import current_app


def sign_in_limit() -> str:
    """Every sign-in and credential-handling endpoint: per client address."""
    return current_app.config["RATELIMIT_LOGIN"]
