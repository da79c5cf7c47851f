"""Make template values acceptable to WeChat before sending.

A subscribe-message data key names its value type by prefix (`thing3`, `time5`, `character_string7`).
WeChat rejects the whole message with 47003 when any value is empty or breaks its type's limits
(notes/wechat.md §4), and the user's one-time credit is precious, so values are cut to fit here instead.

Lengths are counted in UTF-16 code units, which is never less than the character count: an emoji
counted either way still fits. Times are shown in Asia/Shanghai; naive datetimes (and ISO strings
without an offset) are taken as UTC, the way the database stores them.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from app.core.timeutil import SHANGHAI

ELLIPSIS = "…"
PLACEHOLDER = "无"
GENERIC_MAX = 200  # keys with no known type (OA "keyword1", "first", "remark"): a generous cap

# Longest first, so "character_string" wins over a shorter prefix and "phone_number" over "number".
KINDS = ("character_string", "phone_number", "car_number", "thing", "number", "letter", "symbol", "time",
         "date", "amount", "name", "phrase", "enum")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_CHARACTER_STRING = re.compile(r"[^A-Za-z0-9_-]")
_NOT_LETTER = re.compile(r"[^A-Za-z]")
_NOT_PHONE = re.compile(r"[^0-9+\-()]")
_SPACES = re.compile(r"\s+")


class TemplateValueError(ValueError):
    """A time or date value that cannot be read as one (a placeholder would be rejected too)."""


def kind_of(key: str) -> str | None:
    """"thing3" -> "thing", "character_string12" -> "character_string"; None for unknown keys."""
    base = key.rstrip("0123456789")
    return base if base in KINDS else None


def sanitize(kind_key: str, value) -> str:
    """`value` as a non-empty string within the limits of the type `kind_key` names."""
    kind = kind_of(kind_key)
    if kind in ("time", "date"):
        if isinstance(value, tuple | list) and len(value) == 2:
            # WeChat writes a period as two points joined by "~".
            return "~".join(_moment(kind_key, kind, part) for part in value)
        return _moment(kind_key, kind, value)
    text = (_plain_number(value) if kind in ("number", "amount") else None) or clean(value)
    if kind == "thing":
        return _cut(text, 20, ELLIPSIS) or PLACEHOLDER
    if kind == "number":
        return _number(text)
    if kind == "letter":
        return _cut(_NOT_LETTER.sub("", text), 32) or "NA"
    if kind == "symbol":
        kept = "".join(ch for ch in text if unicodedata.category(ch)[0] in "PS")
        return _cut(kept, 5) or "-"
    if kind == "character_string":
        return _cut(_NOT_CHARACTER_STRING.sub("", text), 32) or "-"
    if kind == "amount":
        return _amount(text)
    if kind == "phone_number":
        return _cut(_NOT_PHONE.sub("", text), 17) or "-"
    if kind == "car_number":
        return _car_number(text)
    if kind == "name":
        return _name(text)
    if kind == "phrase":
        return "".join(_CJK.findall(text))[:5] or PLACEHOLDER
    return _cut(text, GENERIC_MAX, ELLIPSIS) or PLACEHOLDER


def sanitize_data(data: Mapping[str, object]) -> dict[str, str]:
    """Every value of a template's data through `sanitize`, keyed as given."""
    return {key: sanitize(key, value) for key, value in data.items()}


def clean(value) -> str:
    """One line of printable text: control and format characters gone, whitespace runs as one space."""
    if value is None:
        return ""
    out = []
    for ch in str(value):
        category = unicodedata.category(ch)
        if category in ("Zl", "Zp") or ch in "\t\n\r\v\f":
            out.append(" ")
        elif category in ("Cc", "Cs", "Cn") or (category == "Cf" and ch != "\u200d"):
            # Lone surrogates cannot even be encoded as UTF-8; the zero-width joiner holds emoji together.
            continue
        else:
            out.append(ch)
    return _SPACES.sub(" ", "".join(out)).strip(" \u200d")


def units(text: str) -> int:
    """Length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int, marker: str = "") -> str:
    if units(text) <= limit:
        return text
    room = limit - units(marker)
    out, used = [], 0
    for ch in text:
        width = units(ch)
        if used + width > room:
            break
        out.append(ch)
        used += width
    return "".join(out).rstrip(" \u200d") + marker


def _moment(key: str, kind: str, value) -> str:
    moment = _read_moment(value)
    if moment is None:
        raise TemplateValueError(f"{key}: cannot read {value!r} as a {kind}")
    if isinstance(moment, datetime):
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(SHANGHAI)
        return local.strftime("%Y-%m-%d %H:%M" if kind == "time" else "%Y-%m-%d")
    return moment.strftime("%Y-%m-%d 00:00" if kind == "time" else "%Y-%m-%d")


def _read_moment(value) -> datetime | date | None:
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        return None


def _plain_number(value) -> str | None:
    """Numbers written out in full ("1e-05" would otherwise lose its meaning to the digit filter)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
        if number.is_finite():
            return format(number, "f")
    return None


def _number(text: str) -> str:
    digits, dot = [], False
    for ch in text:
        if ch.isascii() and ch.isdigit():
            digits.append(ch)
        elif ch == "." and not dot and digits:
            digits.append(ch)
            dot = True
    result = "".join(digits[:32]).rstrip(".")
    return result or "0"


def _amount(text: str) -> str:
    # One currency sign plus at most 10 digits, decimals allowed.
    try:
        number = Decimal(re.sub(r"[¥￥$€£元,\s]", "", text))
    except InvalidOperation:
        try:
            number = Decimal(re.sub(r"[^0-9.]", "", text) or "0")
        except InvalidOperation:
            number = Decimal(0)
    if not number.is_finite() or number <= 0:
        number = Decimal(0)
    # Clamp before quantizing: quantize raises on numbers wider than the decimal context.
    number = min(number, Decimal("99999999.99")).quantize(Decimal("0.01"))
    return f"¥{number:.2f}"


def _car_number(text: str) -> str:
    chars = [ch.upper() for ch in text if _CJK.match(ch) or (ch.isascii() and ch.isalnum())][:8]
    # Only the first and the last character may be Chinese.
    kept = [ch for i, ch in enumerate(chars) if i in (0, len(chars) - 1) or not _CJK.match(ch)]
    return "".join(kept) or PLACEHOLDER


def _name(text: str) -> str:
    text = clean("".join(ch for ch in text if not ch.isdigit()))
    if _CJK.search(text):
        # Mixed Chinese and Latin counts as a Chinese name: 10 characters at most.
        return _cut("".join(text.split()), 10) or PLACEHOLDER
    return _cut(text, 20) or PLACEHOLDER
