"""Rate limits shared by several endpoints (values from configuration, read per request)."""
from __future__ import annotations

from flask import current_app


def sign_in_limit() -> str:
    """Every sign-in and credential-handling endpoint: per client address."""
    return current_app.config["RATELIMIT_LOGIN"]


def upload_user_limit() -> str:
    """POST /uploads, per signed-in user: a user's uploads count wherever they come from."""
    return current_app.config["RATELIMIT_UPLOAD_USER"]


def upload_address_limit() -> str:
    """POST /uploads, per client address: many accounts behind one address share it."""
    return current_app.config["RATELIMIT_UPLOAD_ADDRESS"]
