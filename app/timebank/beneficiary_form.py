"""Checking a beneficiary form (服务对象录入) as a whole: every wrong field is reported in one answer.

`check_form` resolves codes to catalogue entries and regions and returns the clean values; the use cases
in app/timebank/beneficiaries.py decide the station and write the row.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.accounts.models import Gender, Region, RegionLevel
from app.catalogue.models import CatalogueKind
from app.catalogue.services import require_entry
from app.core.errors import InvalidInput
from app.core.id_cards import parse_id_card
from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.timebank import beneficiary_rules as rules

CATALOGUE_FIELDS = {
    "category_code": (CatalogueKind.BENEFICIARY_CATEGORY, "category"),
    "political_status_code": (CatalogueKind.POLITICAL_STATUS, "political_status"),
    "self_care_level_code": (CatalogueKind.SELF_CARE_LEVEL, "self_care_level"),
    "living_status_code": (CatalogueKind.LIVING_STATUS, "living_status"),
}
OPTIONAL = {"self_care_level_code", "remarks"}
TEXTS = {"household_address": (True, rules.ADDRESS_MAX, "户籍地址"),
         "residential_address": (True, rules.ADDRESS_MAX, "居住地址"),
         "remarks": (False, rules.REMARKS_MAX, "备注")}
FIELDS = ("name", "phone", "id_card_number", "gender", "age", *CATALOGUE_FIELDS, "household_street_code",
          "household_address", "community_code", "residential_address", "remarks", "filler_name",
          "filler_phone", "proof_upload_ids")
# A change to any of these re-runs the checks between the ID number, the sex and the age.
_IDENTITY = {"id_card_number", "gender", "age"}


def today() -> date:
    return utcnow().astimezone(SHANGHAI).date()


class _Errors(dict):
    def add(self, field: str, message: str | None) -> None:
        if message:
            self.setdefault(field, []).append(message)


def check_form(values: dict, *, changed: set[str] | None = None) -> dict:
    """Validate `values` (every field of the form) and return the clean ones: stripped texts, the ID number
    normalised, catalogue entries and regions in place of codes. `changed` limits the checks to the fields
    an edit touches (plus the identity cross-checks when one of them changed); None checks everything."""
    changed = set(FIELDS) if changed is None else changed
    errors = _Errors()
    clean: dict = {}
    missing = [f for f in FIELDS if f in changed and f not in OPTIONAL and values.get(f) in (None, "")]
    for field in missing:
        errors.add(field, "该字段为必填项")

    def wanted(field: str) -> bool:
        return field in changed and field not in missing

    for field in ("name", "filler_name"):
        if wanted(field):
            errors.add(field, rules.check_name(values[field]))
            clean[field] = values[field].strip()
    for field in ("phone", "filler_phone"):
        if wanted(field):
            errors.add(field, rules.check_phone(values[field]))
            clean[field] = rules.normalise_phone(values[field])
    for field, (required, maximum, label) in TEXTS.items():
        if wanted(field):
            value = values.get(field) or ""  # only an optional field (备注) gets here empty
            errors.add(field, rules.check_text(value, required=required, maximum=maximum, label=label))
            clean[field] = value.strip() or None
    if wanted("proof_upload_ids"):
        errors.add("proof_upload_ids", rules.check_proof_count(list(values["proof_upload_ids"])))
        clean["proof_upload_ids"] = list(values["proof_upload_ids"])

    _check_identity(values, changed, missing, errors, clean)
    for field, (kind, key) in CATALOGUE_FIELDS.items():
        if wanted(field) and values.get(field) not in (None, ""):
            try:
                clean[key] = require_entry(kind, values[field], field)
            except InvalidInput as exc:
                errors.update(exc.errors)
        elif field in changed and field in OPTIONAL:
            clean[key] = None
    if wanted("household_street_code"):
        clean["household_street"] = _region(values["household_street_code"], RegionLevel.STREET,
                                            "household_street_code", "请选择街道级区域作为户籍街道", errors)
    if wanted("community_code"):
        clean["community"] = _region(values["community_code"], RegionLevel.COMMUNITY, "community_code",
                                     "请选择社区级区域作为所在社区", errors)
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=dict(errors))
    return clean


def _check_identity(values: dict, changed: set[str], missing: list[str], errors: _Errors, clean: dict) -> None:
    if not changed & _IDENTITY:
        return
    on_day = today()
    card = None
    if values.get("id_card_number") not in (None, ""):
        card, message = parse_id_card(values["id_card_number"], today=on_day)
        errors.add("id_card_number", message)
        if card is not None:
            clean["id_card_number"] = card.number
    gender = values.get("gender")
    if "gender" not in missing and gender is not None:
        gender = Gender(gender)
        errors.add("gender", rules.check_gender(gender, card) if card else (
            None if gender in (Gender.MALE, Gender.FEMALE) else "请选择性别"))
        clean["gender"] = gender
    if "age" not in missing and values.get("age") is not None:
        errors.add("age", rules.check_age(int(values["age"]), card, on_day))
        clean["age"] = int(values["age"])


def _region(code: str, level: RegionLevel, field: str, message: str, errors: _Errors) -> Region | None:
    region = db.session.scalar(sa.select(Region).where(Region.code == code, Region.is_active.is_(True)))
    if region is None or region.level is not level:
        errors.add(field, message)
        return None
    return region
