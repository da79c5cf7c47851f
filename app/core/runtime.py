"""Accessors for the per-app singletons built in create_app (kv store, PII cipher, file storage).

Services call these instead of importing Flask globals, so a test can build an app with other ones.
"""
from __future__ import annotations

from flask import current_app


def kv():
    return current_app.extensions["timebank.kv"]


def pii():
    return current_app.extensions["timebank.pii"]


def storage():
    return current_app.extensions["timebank.storage"]


def setting(name: str):
    return current_app.config[name]
