"""Template values cut to WeChat's limits: examples, then properties over any input."""
from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.wechat.template_values import TemplateValueError, kind_of, sanitize, sanitize_data, units

SHANGHAI_OFFSET = timezone(timedelta(hours=8))


@pytest.mark.parametrize("key, kind", [("thing3", "thing"), ("character_string12", "character_string"),
                                       ("phone_number1", "phone_number"), ("number2", "number"),
                                       ("time", "time"), ("keyword1", None), ("remark", None)])
def test_kind_of(key, kind):
    assert kind_of(key) == kind


@pytest.mark.parametrize("key, value, expected", [
    ("thing1", "报修已受理", "报修已受理"),
    ("thing1", "一二三四五六七八九十一二三四五六七八九十", "一二三四五六七八九十一二三四五六七八九十"),
    ("thing1", "一二三四五六七八九十一二三四五六七八九十一", "一二三四五六七八九十一二三四五六七八九…"),
    ("thing1", "  第一行\n第二行\t\x00结束  ", "第一行 第二行 结束"),
    ("thing1", "", "无"),
    ("thing1", None, "无"),
    ("thing1", "\n\u200b\x07 ", "无"),
    ("thing1", 42, "42"),
    ("phrase4", "配送中ing", "配送中"),
    ("phrase4", "abc", "无"),
    ("phrase4", "一二三四五六", "一二三四五"),
    ("name2", "张三", "张三"),
    ("name2", "欧阳一二三四五六七八九", "欧阳一二三四五六七八"),
    ("name2", "Alexander Hamilton-Burr Jr", "Alexander Hamilton-B"),
    ("character_string7", "A0042/订单#1_x", "A00421_x"),
    ("character_string7", "x" * 40, "x" * 32),
    ("character_string7", "订单", "-"),
    ("number1", "3.5 小时", "3.5"),
    ("number1", 12, "12"),
    ("number1", "", "0"),
    ("letter1", "abc123DEF", "abcDEF"),
    ("symbol1", "a+b-c*d/e%f", "+-*/%"),
    ("amount1", "¥12.5元", "¥12.50"),
    ("amount1", Decimal("1234567890123"), "¥99999999.99"),
    ("amount1", "free", "¥0.00"),
    ("phone_number1", "+86 0766-66888866", "+860766-66888866"),
    ("car_number1", "粤 a8z888挂", "粤A8Z888挂"),
    ("car_number1", "粤A中8Z88", "粤A8Z88"),
    ("keyword1", "a" * 250, "a" * 199 + "…"),
])
def test_sanitize_examples(key, value, expected):
    assert sanitize(key, value) == expected


def test_time_and_date_in_shanghai():
    moment = datetime(2026, 1, 5, 1, 30, tzinfo=UTC)

    assert sanitize("time5", moment) == "2026-01-05 09:30"
    assert sanitize("time5", datetime(2026, 1, 5, 20, 0, tzinfo=UTC)) == "2026-01-06 04:00"
    assert sanitize("time5", datetime(2026, 1, 5, 1, 30)) == "2026-01-05 09:30"  # naive = stored UTC
    assert sanitize("time5", "2026-01-05T01:30:00+00:00") == "2026-01-05 09:30"
    assert sanitize("time5", "2026-01-05T09:30:00+08:00") == "2026-01-05 09:30"
    assert sanitize("time5", date(2026, 1, 5)) == "2026-01-05 00:00"
    assert sanitize("date2", datetime(2026, 1, 5, 20, 0, tzinfo=UTC)) == "2026-01-06"
    assert sanitize("date2", "2026-01-05") == "2026-01-05"
    assert sanitize("date2", date(2026, 1, 5)) == "2026-01-05"
    assert sanitize("time5", (moment, moment + timedelta(hours=2))) == "2026-01-05 09:30~2026-01-05 11:30"


@pytest.mark.parametrize("value", [None, "", "next tuesday", 12, ("2026-01-05",)])
def test_unreadable_time_raises(value):
    with pytest.raises(TemplateValueError, match="time5"):
        sanitize("time5", value)


def test_sanitize_data_keeps_keys():
    data = sanitize_data({"thing1": "x" * 30, "time2": datetime(2026, 1, 5, 1, 30, tzinfo=UTC), "number3": 7})
    assert data == {"thing1": "x" * 19 + "…", "time2": "2026-01-05 09:30", "number3": "7"}


# -- properties -------------------------------------------------------------------------------
LIMITS = {"thing": 20, "phrase": 5, "character_string": 32, "number": 32, "letter": 32, "symbol": 5,
          "phone_number": 17, "car_number": 8, "keyword": 200}
PATTERNS = {
    "phrase": r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+",
    "character_string": r"[A-Za-z0-9_-]+",
    "number": r"[0-9]+(\.[0-9]+)?",
    "letter": r"[A-Za-z]+",
    "phone_number": r"[0-9+\-()]+",
    "amount": r"¥[0-9]{1,8}\.[0-9]{2}",
}
anything = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8")), st.integers(),
                     st.floats(allow_nan=True), st.decimals(), st.none(),
                     st.text(alphabet="一二三四五六七八九十abcXYZ0123456789 \n\t\x00\u200d😀-_#.¥"))


@settings(max_examples=300)
@given(kind=st.sampled_from([*LIMITS, "amount", "name"]), value=anything)
def test_any_value_comes_out_non_empty_and_within_limits(kind, value):
    out = sanitize(f"{kind}1", value)

    assert out and out.strip() == out
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in out)
    out.encode("utf-8")  # no lone surrogates: the request body must encode
    if kind in LIMITS:
        assert len(out) <= LIMITS[kind] and units(out) <= LIMITS[kind]
    if kind in PATTERNS:
        assert re.fullmatch(PATTERNS[kind], out), out
    if kind == "name":
        cjk = re.search(r"[\u3400-\u9fff]", out)
        assert units(out) <= (10 if cjk else 20)


@settings(max_examples=200)
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
                    timezones=st.sampled_from([UTC, SHANGHAI_OFFSET, timezone(timedelta(hours=-5))])))
def test_any_aware_datetime_is_shown_in_shanghai(moment):
    expected = moment.astimezone(SHANGHAI_OFFSET)

    assert sanitize("time1", moment) == expected.strftime("%Y-%m-%d %H:%M")
    assert sanitize("time1", moment.isoformat()) == expected.strftime("%Y-%m-%d %H:%M")
    assert sanitize("date1", moment) == expected.strftime("%Y-%m-%d")
