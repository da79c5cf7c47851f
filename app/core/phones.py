"""Chinese phone numbers as the platform accepts them: mobiles (11 digits from 13–19) and landlines
with an area code (020-12345678)."""
from __future__ import annotations

import re

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def is_mobile(value: str) -> bool:
    return bool(_MOBILE.match(value))


def is_landline(value: str) -> bool:
    return bool(_LANDLINE.match(value))
