"""The CRM values reach the entry services with every digit typed (no rounding to 6 figures)."""

from __future__ import annotations

import pytest

from labapp.core.panel.entries import EntryError
from labapp.services.panel.crm import crm_text, parse_certified


def test_crm_values_keep_every_typed_digit() -> None:
    assert crm_text("12.34567", "12.3456789", "0.0123456") == "12.34567:12.3456789:0.0123456"


def test_whole_numbers_and_decimal_comma_read_as_typed() -> None:
    assert crm_text("10", "9,875", "") == "10:9.875"
    assert parse_certified("1234567:0.5") == "1234567:0.5"


def test_a_bad_value_is_still_refused() -> None:
    with pytest.raises(EntryError):
        crm_text("abc", "1", "")
