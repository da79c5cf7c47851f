"""Permission-matrix rows, one module per feature, gathered by tests/api/test_permissions.py.

A module defines ROWS: [(method, path template, json body, {role: expected status})] and, when its paths
need objects, `prepare(ids) -> dict` that creates them in the matrix's world (ids holds the world's
organisations and users by role name: station, other_station, association, provider, station_staff,
volunteer, ...) and returns the placeholder names its paths use, e.g. {"order_id": 12}.
"""
from __future__ import annotations

import importlib
import pkgutil

FEATURES = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
