"""ID numbers (app/core/id_cards.py): validation with a reason, birth date and sex, the blind index."""
from __future__ import annotations

from datetime import date

import pytest

from app.core.id_cards import full_age, id_card_index, normalise_id_card, parse_id_card
from tests.timebank.factories_beneficiaries import id_card_number

TODAY = date(2026, 5, 20)


@pytest.mark.parametrize("number", ["11010519491231002X", "440106195001011237", "11010519491231002x",
                                    " 110105 19491231002x "])
def test_valid_id_numbers_parse(number):
    card, message = parse_id_card(number, today=TODAY)
    assert message is None
    assert card.number == number.replace(" ", "").upper()


def test_id_number_gives_birth_date_and_sex():
    card, _ = parse_id_card("11010519491231002X", today=TODAY)
    assert card.birth_date == date(1949, 12, 31)
    assert card.male is False  # 17th digit 2: even
    male = id_card_number(date(1950, 1, 1), male=True, serial=7)
    assert parse_id_card(male, today=TODAY)[0].male is True


@pytest.mark.parametrize("number,fragment", [
    ("1101051949123100", "18 位"),
    ("11010519491231002Y", "18 位"),
    ("1101051949123100AX", "18 位"),
    ("", "18 位"),
    ("110105194913310028", "出生日期无效"),       # month 13
    ("110105203001010027", "出生日期无效"),       # in the future
    ("110105180001010027", "出生日期无效"),       # older than 150
    ("110105194912310021", "校验位"),             # wrong check character
])
def test_invalid_id_numbers_say_why(number, fragment):
    card, message = parse_id_card(number, today=TODAY)
    assert card is None and fragment in message


def test_age_is_full_years():
    assert full_age(date(1950, 5, 20), TODAY) == 76
    assert full_age(date(1950, 5, 21), TODAY) == 75


def test_normalise_drops_spaces_and_upper_cases_the_check_character():
    assert normalise_id_card(" 110105 19491231002x ") == "11010519491231002X"


def test_blind_index_is_per_context_and_ignores_spelling(app_ctx):
    number = "11010519491231002X"
    index = id_card_index(number, context="community.id_card")
    assert index == id_card_index(" 110105 19491231002x", context="community.id_card")
    assert len(index) == 64 and number not in index
    assert index != id_card_index(number, context="beneficiaries.id_card")
