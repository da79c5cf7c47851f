"""Flask CLI commands: region loading and demo data."""
from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    pass
