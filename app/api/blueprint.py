"""The Blueprint every API package uses: flask-smorest's, parsing arguments with one schema instance.

flask-smorest hands the schema given to `@blp.arguments` to webargs as is, and webargs instantiates a
schema class on every request (marshmallow deep-copies its declared fields each time: ~0.2 ms, as much
as the busiest endpoint's SQL). A marshmallow schema instance holds no per-call state, so one shared
instance per schema class is safe across threads.

A query schema that declares `memo_query = True` (its result depends on the query string alone: no
clock, no database, no caller) is loaded once per distinct query string and remembered: the feed's
eleven-field query cost as much to load as the rest of a cached feed request. Only successful loads are
remembered (a refusal is worked out, and reported, every time); each caller gets its own copy of the
dict, whose values are immutable (strings, numbers, datetimes).
"""
from __future__ import annotations

import functools

import flask_smorest
from webargs.flaskparser import FlaskParser


@functools.cache
def _instance(schema_class):
    return schema_class()


class _SharedSchemaParser(FlaskParser):
    def _get_schema(self, argmap, req):
        if isinstance(argmap, type):
            return _instance(argmap)
        return super()._get_schema(argmap, req)

    def parse(self, argmap, req=None, *, location=None, **kwargs):
        if location != "query" or not getattr(argmap, "memo_query", False) or kwargs.get("validate"):
            return super().parse(argmap, req, location=location, **kwargs)
        req = req if req is not None else self.get_default_request()
        key = (argmap, kwargs.get("unknown"), req.query_string)
        loaded = _LOADED.get(key)
        if loaded is None:
            loaded = super().parse(argmap, req, location=location, **kwargs)
            if len(_LOADED) >= _LOADED_MAX:
                _LOADED.clear()  # bounded: the busy query strings come straight back
            _LOADED[key] = loaded
        return dict(loaded)


_LOADED: dict = {}
_LOADED_MAX = 1024


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = _SharedSchemaParser()
