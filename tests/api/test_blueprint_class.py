"""Every API blueprint is app.api.blueprint.Blueprint, so its argument schemas are instantiated once,
not on every request."""
from __future__ import annotations

import flask_smorest

from app.api.blueprint import Blueprint


def test_every_api_blueprint_shares_its_argument_schemas(app):
    smorest = [bp for bp in app.blueprints.values() if isinstance(bp, flask_smorest.Blueprint)]
    assert smorest and [bp.name for bp in smorest if not isinstance(bp, Blueprint)] == []


def test_an_argument_schema_class_is_instantiated_once():
    from app.api.blueprint import _SharedSchemaParser
    from app.api.takes.schemas import FeedQuery

    parser = _SharedSchemaParser()
    first, second = parser._get_schema(FeedQuery, None), parser._get_schema(FeedQuery, None)
    assert isinstance(first, FeedQuery) and first is second
    given = FeedQuery()
    assert parser._get_schema(given, None) is given
