"""Accessors for the per-app singletons built in create_app (kv store, PII cipher, file storage,
WeChat gateway). Services call these instead of reaching for Flask globals themselves."""
from __future__ import annotations

from flask import current_app


def kv():
    return current_app.extensions["timebank.kv"]


def pii():
    return current_app.extensions["timebank.pii"]


def storage():
    return current_app.extensions["timebank.storage"]


def wechat():
    return current_app.extensions["timebank.wechat"]


def setting(name: str):
    return current_app.config[name]
