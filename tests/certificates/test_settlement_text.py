"""Every phrase of the settlement statement exists in English and Japanese with the same placeholders."""

from __future__ import annotations

import re
import string

from labapp.certificates.settlement_text import CATALOGUE

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
NO_WORDS = {"limit_absolute"}  # a number and a unit: the same in both languages


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_each_phrase_has_both_languages_and_the_same_placeholders() -> None:
    for key, (en, ja) in CATALOGUE.items():
        assert en.strip() and ja.strip(), key
        assert key in NO_WORDS or JAPANESE.search(ja), key
        assert _fields(en) == _fields(ja), key
