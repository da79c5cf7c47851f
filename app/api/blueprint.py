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

A JSON body nested deeper than MAX_JSON_DEPTH is refused with a 400 before any schema sees it: Python's
decoder raises RecursionError on a few thousand brackets, and shallower but still absurd nesting would
exhaust the stack in the recursive code after it (marshmallow, the input checks in validation.py).

`@blp.errors(status, "error_id", ...)` declares the domain `error` ids an operation can answer with; the
spec lists them on that status's response (app/api/error_docs.py).
"""
from __future__ import annotations

import functools

import flask_smorest
from webargs.flaskparser import FlaskParser

from app.api import error_docs
from app.core.errors import DomainError

# No request body of ours nests more than a few levels (an object of lists of objects).
MAX_JSON_DEPTH = 32


@functools.cache
def _instance(schema_class):
    return schema_class()


class _SharedSchemaParser(FlaskParser):
    def _get_schema(self, argmap, req):
        if isinstance(argmap, type):
            return _instance(argmap)
        return super()._get_schema(argmap, req)

    def _raw_load_json(self, req):
        try:
            data = super()._raw_load_json(req)
        except RecursionError:
            data = _TOO_DEEP
        if data is _TOO_DEEP or _deeper_than(data, MAX_JSON_DEPTH):
            raise DomainError("请求内容嵌套层数过多", error="bad_request", status_code=400)
        return data

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


_TOO_DEEP = object()


def _deeper_than(data, limit: int) -> bool:
    """Whether lists/objects nest more than `limit` levels; iterative, so any depth is safe to measure."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


_LOADED: dict = {}
_LOADED_MAX = 1024


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = _SharedSchemaParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_errors_doc)

    @staticmethod
    def errors(status: int, *error_ids: str):
        """Declare `error` ids the operation answers with `status` (stackable, one line per status)."""
        if not error_ids or any(not isinstance(e, str) for e in error_ids):
            raise TypeError("errors(status, 'error_id', ...)")

        def decorator(func):
            apidoc = dict(getattr(func, "_apidoc", {}))
            declared = {code: set(ids) for code, ids in apidoc.get("errors", {}).items()}
            declared.setdefault(int(status), set()).update(error_ids)
            apidoc["errors"] = declared
            func._apidoc = apidoc  # a new dict: a wrapped function's doc stays as it was
            return func

        return decorator

    @staticmethod
    def _prepare_errors_doc(doc, doc_info, **kwargs):
        declared = doc_info.get("errors")
        if not declared:
            return doc
        responses = doc.setdefault("responses", {})
        # The policy marker's 401/403 (app/api/security.py) come in the manual doc, merged after this.
        manual = doc_info.get("manual_doc", {}).get("responses", {})
        for status, ids in declared.items():
            described = [r for r in (responses.pop(status, None), responses.pop(str(status), None),
                                     manual.pop(str(status), None)) if isinstance(r, dict)]
            description = next((r["description"] for r in described if r.get("description")), None)
            responses[str(status)] = error_docs.error_response(status, ids, description)
        return doc

    def register_views_in_doc(self, api, app, spec, *, name, parameters):
        error_docs.document_generic(spec)
        return super().register_views_in_doc(api, app, spec, name=name, parameters=parameters)
