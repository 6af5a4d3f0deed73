"""Embedded fonts for certificates: DejaVu Sans for Latin text, IPAex Gothic for Japanese.

reportlab's standard 14 fonts and its built-in CID fonts are referenced, not embedded, so a
recipient's viewer may substitute them (and Japanese may not show at all). Both fonts here are
TrueType-outline TTF files bundled in resources/certificate/fonts with their licences; reportlab
embeds a subset of each, so every font in the PDF is embedded and the file stays small.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from labapp.resources import resource_path

LATIN = "LabappSans"
LATIN_BOLD = "LabappSans-Bold"
JAPANESE = "LabappGothicJP"

_FILES = {
    LATIN: "DejaVuSans.ttf",
    LATIN_BOLD: "DejaVuSans-Bold.ttf",
    JAPANESE: "ipaexg.ttf",
}

# Kana, CJK punctuation, ideographs and full-width forms: the runs drawn with the Japanese font.
_CJK_RUN = re.compile(r"[\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


@cache
def register_fonts() -> tuple[str, str, str]:
    """Register the bundled fonts with reportlab once per process; returns (latin, bold, japanese)."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("certificate", "fonts", filename))))
    pdfmetrics.registerFontFamily(LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN, boldItalic=LATIN_BOLD)
    pdfmetrics.registerFontFamily(
        JAPANESE, normal=JAPANESE, bold=JAPANESE, italic=JAPANESE, boldItalic=JAPANESE
    )
    return LATIN, LATIN_BOLD, JAPANESE


def has_japanese(value: str) -> bool:
    return _CJK_RUN.search(value) is not None


def font_runs(value: str, latin_font: str) -> list[tuple[str, str]]:
    """Split one line into (text, font) runs: Japanese runs in the Japanese font, the rest in `latin_font`."""
    runs: list[tuple[str, str]] = []
    position = 0
    for match in _CJK_RUN.finditer(value):
        if match.start() > position:
            runs.append((value[position : match.start()], latin_font))
        runs.append((match.group(), JAPANESE))
        position = match.end()
    if position < len(value):
        runs.append((value[position:], latin_font))
    return runs


def markup(value: object) -> str:
    """Paragraph markup for any text: XML-escaped, Japanese runs switched to the Japanese font.

    DejaVu Sans has no kana or kanji, and IPAex Gothic lacks some symbols (<=, >=, mu), so mixed text
    (a Japanese client name next to a lot number) is drawn run by run with the font that has the glyphs.
    """
    return _markup("" if value is None else str(value))


@lru_cache(maxsize=20_000)
def _markup(source: str) -> str:
    """Kept per text: a certificate's labels, units and names repeat on every page and certificate."""
    return "".join(
        escape(run) if font != JAPANESE else f'<font name="{JAPANESE}">{escape(run)}</font>'
        for run, font in font_runs(source, LATIN)
    )


@lru_cache(maxsize=20_000)
def line_width(value: str, latin_font: str, size: float) -> float:
    """The width of one line drawn run by run as `markup` sets it (points), kept per text and font."""
    return sum(stringWidth(run, font, size) for run, font in font_runs(value, latin_font))
