"""Field rules of the beneficiary form (服务对象录入, DOMAIN.md §3.1): pure functions, no Flask, no database.

Each check returns a Chinese message for the form field, or None when the value is acceptable, so the
service can report every wrong field of a form at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.accounts.models import Gender
from app.core.phones import is_landline, is_mobile

# GB 11643-1999: the check character is sum(digit_i * weight_i) mod 11 mapped through this string.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_FORMAT = re.compile(r"^\d{17}[\dX]$")
# Mainland mobile numbers; elderly beneficiaries often only have a fixed line (020-12345678), so that is
# accepted too.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # line breaks and tabs are fine

MAX_AGE = 150
NAME_MIN, NAME_MAX = 2, 30
ADDRESS_MAX = 200
REMARKS_MAX = 500
PROOF_MIN, PROOF_MAX = 1, 9


@dataclass(frozen=True)
class IdCard:
    number: str
    birth_date: date
    gender: Gender


def normalise_id_card(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def parse_id_card(value: str, *, today: date) -> tuple[IdCard | None, str | None]:
    """The ID number with its birth date and sex (the 17th digit: odd for men), or the reason it is invalid."""
    number = normalise_id_card(value)
    if not _ID_FORMAT.match(number):
        return None, "身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X"
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None, "身份证号码中的出生日期无效"
    if birth > today or full_age(birth, today) > MAX_AGE:
        return None, "身份证号码中的出生日期无效"
    checksum = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[checksum % 11] != number[17]:
        return None, "身份证号码校验位不正确，请核对"
    sex = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return IdCard(number=number, birth_date=birth, gender=sex), None


def full_age(birth: date, today: date) -> int:
    """周岁: whole years lived."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def check_gender(gender: Gender, card: IdCard) -> str | None:
    if gender not in (Gender.MALE, Gender.FEMALE):
        return "请选择性别"
    if gender is not card.gender:
        return f"性别与身份证号码不符（身份证号码显示为{'男' if card.gender is Gender.MALE else '女'}）"
    return None


def check_age(age: int, card: IdCard | None, today: date) -> str | None:
    if not 0 <= age <= MAX_AGE:
        return f"年龄应在 0 到 {MAX_AGE} 之间"
    if card is not None:
        expected = full_age(card.birth_date, today)
        if age != expected:
            return f"年龄与身份证号码中的出生日期不符（按出生日期应为 {expected} 岁）"
    return None


def normalise_phone(value: str) -> str:
    return value.strip().replace(" ", "")


def check_phone(value: str) -> str | None:
    phone = normalise_phone(value)
    if is_mobile(phone) or is_landline(phone):
        return None
    return "请输入正确的手机号码（11 位）或固定电话（如 020-12345678）"


def check_name(value: str) -> str | None:
    name = value.strip()
    if not NAME_MIN <= len(name) <= NAME_MAX:
        return f"姓名长度应在 {NAME_MIN} 到 {NAME_MAX} 个字之间"
    if _CONTROL.search(name) or any(ch.isdigit() for ch in name):
        return "姓名不能包含数字或特殊字符"
    return None


def check_text(value: str, *, required: bool, maximum: int, label: str) -> str | None:
    text = value.strip()
    if required and not text:
        return f"请填写{label}"
    if len(text) > maximum:
        return f"{label}不能超过 {maximum} 个字"
    if _CONTROL_IN_TEXT.search(text):
        return f"{label}不能包含特殊字符"
    return None


def check_proof_count(upload_ids: list[int]) -> str | None:
    if len(upload_ids) < PROOF_MIN:
        return "请上传证明材料（至少 1 张图片）"
    if len(upload_ids) > PROOF_MAX:
        return f"证明材料最多上传 {PROOF_MAX} 张图片"
    return None
