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


def test_a_memo_query_schema_is_loaded_once_per_query_string(app, monkeypatch):
    """FeedQuery declares `memo_query`: the same query string is loaded once; another one, or a refused one,
    is worked out (and a refusal reported) every time; each caller gets its own dict."""
    import pytest
    from marshmallow import Schema
    from werkzeug.exceptions import UnprocessableEntity

    from app.api.blueprint import _SharedSchemaParser
    from app.api.takes.schemas import FeedQuery

    loads = []
    original = Schema.load

    def counting(self, *args, **kwargs):
        loads.append(type(self).__name__)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Schema, "load", counting)
    parser = _SharedSchemaParser()

    def parse(query: str):
        with app.test_request_context(f"/api/v1/order-feed?{query}"):
            from flask import request

            return parser.parse(FeedQuery, request, location="query")

    first = parse("limit=7&district_code=440106")
    first["limit"] = 99  # a caller changing its copy changes nothing for the next
    again = parse("limit=7&district_code=440106")
    assert again["limit"] == 7 and again["district_code"] == "440106" and loads == ["FeedQuery"]
    assert parse("limit=8")["limit"] == 8 and len(loads) == 2
    for _ in range(2):
        with pytest.raises(UnprocessableEntity):
            parse("limit=0")
    assert len(loads) == 4
