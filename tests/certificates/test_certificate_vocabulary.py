"""The certificate twin's words are typed: a parsed twin reads them back into their enums, the printed
labels come from the same tables, and the register's answer about a revision is a CurrencyStatus."""

from __future__ import annotations

import pytest

from labapp.certificates.model import (
    OUTCOMES,
    RESULT_STATUSES,
    RULES,
    SCREEN_OUTCOMES,
    CertificateData,
    ConformityOutcome,
    ResultStatus,
    ScreenMark,
    canonical_json,
    load_twin,
)
from labapp.certificates.text import CATALOGUE
from labapp.certificates.verification import Currency, CurrencyStatus
from labapp.core.errors import LabappError

from .helpers import example_data


def test_a_parsed_twin_holds_typed_words_and_the_same_bytes() -> None:
    data = example_data()
    twin = canonical_json(data)
    parsed = load_twin(twin)
    assert all(type(r.status) is ResultStatus for r in parsed.results)
    assert parsed.conformity is not None and type(parsed.conformity.outcome) is ConformityOutcome
    assert all(type(s.outcome) is ScreenMark for s in parsed.regulatory_screens)
    assert canonical_json(parsed) == twin  # typed words serialise as their values


def test_the_schema_words_are_the_enum_values() -> None:
    assert RESULT_STATUSES == (  # issue 17: not reportable (above the range), detected, not quantified,
        "reported", "excluded", "overridden", "not_reportable", "detected_not_quantified", "not_detected"
    )  # and not detected ("< LOD")
    assert OUTCOMES == ("pass", "conditional_pass", "conditional_fail", "fail", "off_spec")
    assert SCREEN_OUTCOMES == ("pass", "fail", "flag", "info")
    assert RULES == ("simple", "guarded_binary", "non_binary")
    for mark in ScreenMark:  # the printed screen outcome is the word's label, in both languages
        assert CATALOGUE[f"screen_{mark.value}"] == (mark.label("en"), mark.label("ja"))


def test_an_unknown_word_in_a_twin_is_refused_naming_the_field() -> None:
    payload = example_data().to_dict()
    payload["conformity"]["outcome"] = "conditional"
    with pytest.raises(LabappError, match="conformity.outcome must be one of"):
        CertificateData.from_dict(payload)


def test_the_register_answer_is_read_into_its_type() -> None:
    assert Currency("superseded", "by rev 2").status is CurrencyStatus.SUPERSEDED
    with pytest.raises(ValueError, match="unknown CurrencyStatus 'withdrawn'"):
        Currency("withdrawn")
