"""Input schemas: unknown fields rejected, and marshmallow's messages in Chinese.

marshmallow keeps its default messages on the field classes; translating them once here means every
schema in the project answers in Chinese without repeating `error_messages=` on each field.
"""
from __future__ import annotations

from datetime import datetime

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from app.core.timeutil import representable

_FIELD_MESSAGES = {
    fields.Field: {"required": "该字段为必填项", "null": "该字段不能为空", "validator_failed": "取值无效"},
    fields.String: {"invalid": "应为文本", "invalid_utf8": "文本编码无效"},
    fields.Integer: {"invalid": "应为整数", "too_large": "数值过大"},
    fields.Number: {"invalid": "应为数字", "too_large": "数值过大", "special": "数值无效"},
    fields.Float: {"special": "数值无效"},
    fields.Decimal: {"special": "数值无效"},
    fields.Boolean: {"invalid": "应为是或否"},
    fields.DateTime: {"invalid": "时间格式应为 ISO 8601", "invalid_awareness": "时间需带时区"},
    fields.Date: {"invalid": "日期格式应为 YYYY-MM-DD"},
    fields.List: {"invalid": "应为列表"},
    fields.Dict: {"invalid": "应为对象"},
    fields.Nested: {"type": "应为对象"},
    fields.Email: {"invalid": "邮箱格式有误"},
    fields.URL: {"invalid": "网址格式有误"},
    fields.Enum: {"unknown": "取值应为以下之一：{choices}"},
}
for _cls, _messages in _FIELD_MESSAGES.items():
    _cls.default_error_messages = {**_cls.default_error_messages, **_messages}

validate.Length.message_min = "长度不能少于 {min}"
validate.Length.message_max = "长度不能超过 {max}"
validate.Length.message_all = "长度应在 {min} 到 {max} 之间"
validate.Length.message_equal = "长度应为 {equal}"
# Range formats these twice: first {min_op}/{max_op}, then the doubled-brace bounds.
validate.Range.message_min = "应{min_op} {{min}}"
validate.Range.message_max = "应{max_op} {{max}}"
validate.Range.message_all = "应{min_op} {{min}} 且{max_op} {{max}}"
validate.Range.message_gte = "大于或等于"
validate.Range.message_gt = "大于"
validate.Range.message_lte = "小于或等于"
validate.Range.message_lt = "小于"
validate.OneOf.default_message = "取值应为以下之一：{choices}"
validate.Regexp.default_message = "格式不正确"


class InputSchema(Schema):
    """Base for every request schema: explicit fields only, anything unknown is an error."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "不允许的字段", "type": "请求体应为 JSON 对象"}

    @pre_load
    def refuse_unstorable_text(self, data, **_kwargs):
        """PostgreSQL text holds neither NUL nor a lone UTF-16 surrogate (JSON's "\\ud800" decodes to one,
        and it cannot be encoded as UTF-8 on the way to the database, Redis or WeChat): refuse both at the
        edge with a field error, never a 500."""
        if not hasattr(data, "items"):
            return data
        if any(not _storable(key) for key in data):
            # Not echoed back: the field name itself is what cannot be written out.
            raise ValidationError({"_schema": ["字段名编码无效"]})
        bad = {}
        for key, value in data.items():
            if _contains(value, _has_nul):
                bad[key] = ["不能包含空字符"]
            elif _contains(value, _has_surrogate):
                bad[key] = ["文本编码无效"]
        if bad:
            raise ValidationError(bad)
        return data

    @validates_schema
    def refuse_unrepresentable_times(self, data, **_kwargs):
        """A time such as 0001-01-01T00:00:00+14:00 parses, but its UTC form is before year 1: the database
        driver (or any arithmetic on it) would overflow. A field error instead of a 500."""
        bad = {key: ["时间超出可用范围"] for key, value in data.items()
               if _contains(value, lambda v: isinstance(v, datetime) and not representable(v))}
        if bad:
            raise ValidationError(bad)


def _has_nul(text) -> bool:
    return isinstance(text, str) and "\x00" in text


def _has_surrogate(text) -> bool:
    return not _storable(text)


def _storable(text) -> bool:
    if not isinstance(text, str):
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _contains(value, test) -> bool:
    """Whether `test` holds for a string (or datetime) anywhere in a loaded JSON value, keys included.
    Recursion is safe: request JSON is at most MAX_JSON_DEPTH deep (app/api/blueprint.py)."""
    if isinstance(value, dict):
        return any(_contains(k, test) or _contains(v, test) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_contains(v, test) for v in value)
    return isinstance(value, (str, datetime)) and test(value)


class OutputSchema(Schema):
    """Base for response schemas (documentation and dumping only)."""
