"""Mainland resident ID numbers (居民身份证号码, GB 11643-1999): normalise, validate, read the birth date and
sex, and the blind index for exact lookups. Shared by every module that takes an ID number (the time bank's
beneficiaries, community volunteers); pure functions apart from `id_card_index`, which needs the app's key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.core.runtime import pii

# The check character is sum(digit_i * weight_i) mod 11 mapped through this string.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_FORMAT = re.compile(r"^\d{17}[\dX]$")

MAX_AGE = 150


@dataclass(frozen=True)
class IdCard:
    number: str
    birth_date: date
    male: bool  # the 17th digit: odd for men


def with_check_character(body: str) -> str:
    """The 18-digit number for its first 17 digits: what demos and tests use to make valid numbers."""
    return body + _ID_CHECK[sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def normalise_id_card(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def parse_id_card(value: str, *, today: date) -> tuple[IdCard | None, str | None]:
    """The ID number with its birth date and sex, or the (Chinese) reason it is invalid."""
    number = normalise_id_card(value)
    if not _ID_FORMAT.match(number):
        return None, "身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X"
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None, "身份证号码中的出生日期无效"
    if birth > today or full_age(birth, today) > MAX_AGE:
        return None, "身份证号码中的出生日期无效"
    if with_check_character(number[:17]) != number:
        return None, "身份证号码校验位不正确，请核对"
    return IdCard(number=number, birth_date=birth, male=bool(int(number[16]) % 2)), None


def full_age(birth: date, today: date) -> int:
    """周岁: whole years lived."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def id_card_index(number: str, *, context: str) -> str:
    """The HMAC blind index of a normalised number. `context` names the column family (e.g.
    "beneficiaries.id_card"), so the same person's index differs between modules and cannot be joined."""
    return pii().blind_index(normalise_id_card(number), context=context)
