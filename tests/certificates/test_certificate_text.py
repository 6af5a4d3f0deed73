"""Number formatting (GUM 7.2.6) and the bilingual label catalogue."""

from __future__ import annotations

import re
import string

import pytest

from labapp.certificates.fonts import font_runs, has_japanese, markup
from labapp.certificates.formatting import format_plain, format_result, format_significant
from labapp.certificates.text import CATALOGUE, languages, text
from labapp.core.errors import LabappError


def test_gum_7_2_4_example_value_and_uncertainty() -> None:
    # JCGM 100:2008 7.2.4: m_S = (100.021 47 +/- 0.000 79) g with U = 0.79 mg (k = 2.26)
    assert format_result(100.021466, 0.00079) == ("100.02147", "0.00079")
    # an unrounded 0.794 mg is rounded up (GUM 7.2.6, labapp.core.uncertainty.reporting)
    assert format_result(100.021466, 0.000794) == ("100.02147", "0.00080")


@pytest.mark.parametrize(
    ("value", "u", "expected"),
    [
        (21.4321, 0.6249, ("21.43", "0.63")),  # two significant digits in U (rounded up), value to its place
        (3.62149, 0.1183, ("3.62", "0.12")),
        (23.456, 0.0996, ("23.46", "0.10")),  # U rounds up a decade: 0.10, not 0.100
        (1234.5, 123.0, ("1230", "130")),  # tens place: mg/kg results with U in the hundreds
        (0.41235, 0.02505, ("0.412", "0.025")),  # 0.02505 -> 0.025: 5 % of a digit is dropped (GUM 7.2.6)
        (2.345, 0.15, ("2.35", "0.15")),  # decimal half-up, not binary 2.3449999...
        (15.2, None, ("15.2", "")),
    ],
)
def test_format_result(value: float, u: float | None, expected: tuple[str, str]) -> None:
    assert format_result(value, u) == expected


def test_format_significant_and_plain() -> None:
    assert format_significant(0.012345, 3) == "0.0123"
    assert format_significant(98765.0, 2) == "99000"
    assert format_plain(18949.4, "kg") == "18 949.4 kg"
    assert format_plain(2.0) == "2"
    assert format_plain(None, "kg") == ""


def test_every_label_has_english_and_japanese_with_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, (en, ja) in CATALOGUE.items():
        assert en.strip() and ja.strip(), key
        assert {f for _, f, _, _ in fields.parse(en) if f} == {f for _, f, _, _ in fields.parse(ja) if f}, key
        assert not has_japanese(en), key
    japanese = [key for key, (_, ja) in CATALOGUE.items() if has_japanese(ja)]
    assert len(japanese) > 0.9 * len(CATALOGUE)  # only symbols like U and k stay untranslated


def test_text_fills_placeholders_and_languages_are_checked() -> None:
    assert text("page_of", "en", page=2, pages=5) == "Page 2 of 5"
    assert text("page_of", "ja", page=2, pages=5) == "2 / 5 ページ"
    assert languages("en+ja") == ("en", "ja")
    with pytest.raises(LabappError):
        languages("de")


def test_japanese_runs_get_the_japanese_font() -> None:
    runs = font_runs("Client: 東北電池 K.K.", "Latin")
    assert runs == [("Client: ", "Latin"), ("東北電池", "LabappGothicJP"), (" K.K.", "Latin")]
    assert re.fullmatch(r'a &lt; b <font name="LabappGothicJP">未満</font>', markup("a < b 未満"))
