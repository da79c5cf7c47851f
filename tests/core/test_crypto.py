"""PII encryption, blind index and masking (app.core.crypto): pure, no app needed."""
from __future__ import annotations

import base64
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.crypto import PIICipher, mask_id_card, mask_name, mask_phone


def _key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


CIPHER = PIICipher(_key())


def test_round_trip():
    token = CIPHER.encrypt("440106199001011234", context="beneficiaries.id_card")
    assert token.startswith("v1.") and "440106" not in token
    assert CIPHER.decrypt(token, context="beneficiaries.id_card") == "440106199001011234"


def test_none_passes_through():
    assert CIPHER.encrypt(None) is None
    assert CIPHER.decrypt(None) is None
    assert CIPHER.blind_index(None) is None


def test_same_value_encrypts_differently_each_time():
    assert CIPHER.encrypt("13812345678") != CIPHER.encrypt("13812345678")


def test_wrong_context_fails():
    token = CIPHER.encrypt("13812345678", context="users.phone")
    with pytest.raises(ValueError, match="authentication"):
        CIPHER.decrypt(token, context="beneficiaries.phone")


def test_wrong_key_fails():
    token = CIPHER.encrypt("13812345678")
    with pytest.raises(ValueError):
        PIICipher(_key()).decrypt(token)


@pytest.mark.parametrize("position", [3, 10, 20, -1])
def test_tampered_ciphertext_fails(position):
    token = CIPHER.encrypt("13812345678", context="users.phone")
    raw = bytearray(base64.urlsafe_b64decode(token[3:]))
    raw[position] ^= 0x01
    forged = "v1." + base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(ValueError):
        CIPHER.decrypt(forged, context="users.phone")


def test_unknown_version_is_refused():
    token = CIPHER.encrypt("x")
    with pytest.raises(ValueError, match="version"):
        CIPHER.decrypt("v9" + token[2:])


def test_short_master_key_is_refused():
    with pytest.raises(ValueError):
        PIICipher(base64.b64encode(b"too short").decode())


def test_blind_index_is_deterministic_and_normalised():
    index = CIPHER.blind_index("44010619900101123X", context="id_card")
    assert index == CIPHER.blind_index("44010619900101123X", context="id_card")
    assert index == CIPHER.blind_index("  44010619900101123x ", context="id_card")
    assert len(index) == 64 and "4401" not in index


def test_blind_index_depends_on_context_and_key():
    index = CIPHER.blind_index("13812345678", context="users.phone")
    assert index != CIPHER.blind_index("13812345678", context="beneficiaries.phone")
    assert index != PIICipher(_key()).blind_index("13812345678", context="users.phone")
    assert index != CIPHER.blind_index("13812345679", context="users.phone")


def test_masks():
    assert mask_id_card("440106199001011234") == "440***********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("83331234") == "****1234"
    assert mask_id_card("1234567") == "*******"
    assert mask_name("张三丰") == "张**"
    assert mask_phone(None) is None and mask_id_card("") == "" and mask_name(None) is None


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet=st.characters(codec="utf-8")),
       context=st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_round_trip_property(value, context):
    assert CIPHER.decrypt(CIPHER.encrypt(value, context=context), context=context) == value
