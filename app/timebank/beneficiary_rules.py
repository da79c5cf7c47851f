"""Field rules of the beneficiary form (服务对象录入, DOMAIN.md §3.1): pure functions, no Flask, no database.

Each check returns a Chinese message for the form field, or None when the value is acceptable, so the
service can report every wrong field of a form at once.
"""
from __future__ import annotations

import re
from datetime import date

from app.accounts.models import Gender
from app.core.id_cards import MAX_AGE, IdCard, full_age
from app.core.phones import is_landline, is_mobile

# Mainland mobile numbers; elderly beneficiaries often only have a fixed line (020-12345678), so that is
# accepted too.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # line breaks and tabs are fine

NAME_MIN, NAME_MAX = 2, 30
ADDRESS_MAX = 200
REMARKS_MAX = 500
PROOF_MIN, PROOF_MAX = 1, 9


def check_gender(gender: Gender, card: IdCard) -> str | None:
    if gender not in (Gender.MALE, Gender.FEMALE):
        return "请选择性别"
    if (gender is Gender.MALE) is not card.male:
        return f"性别与身份证号码不符（身份证号码显示为{'男' if card.male else '女'}）"
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
