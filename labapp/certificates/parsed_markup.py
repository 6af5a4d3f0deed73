"""Paragraph markup parsed once per process for each text and style (issue 24: certificates < 100 ms).

reportlab parses every paragraph's markup with an HTML parser into fragments (text runs with their
font, size and colour): a fifth of a bilingual certificate's CPU time, most of it for the Japanese
cells (`<font>` runs). Most of those paragraphs repeat: the labels, headings, statements, units and
method names are the same on every certificate, and within one certificate the units and element
names repeat row by row (over the 14 demo certificates, 8 in 10 parses had parsed the same text with
the same style before). The fragments depend only on the markup and the style's values (and on the
fonts registered once per process), so the parse is kept, and each paragraph gets its own copies
(reportlab marks fragments while it lays them out). The PDF is the same, byte for byte
(tests/certificates/test_paragraph_layout.py).
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle

LIMIT = 20_000
"""Texts kept (first in, first out); a certificate has a few hundred paragraphs."""

_parsed: dict[tuple[str, int], tuple[str, list[tuple[dict[str, Any], tuple[str, ...]]]]] = {}
_styles: dict[tuple, int] = {}
"""Each distinct set of style values, numbered: the text's key holds the number, hashed at once."""
_lock = threading.Lock()


def style_key(style: ParagraphStyle) -> int | None:
    """The number of the style's values (all but its name and parent, whose values it already holds:
    everything the parse may read); None when a value cannot be a key."""
    values = vars(style).copy()
    values.pop("name", None)
    values.pop("parent", None)
    key = tuple(values.items())
    try:
        number = _styles.get(key)
    except TypeError:
        return None
    if number is None:
        with _lock:
            number = _styles.setdefault(key, len(_styles))
    return number


def lookup(text: str, key: int) -> tuple[str, list[tuple[dict[str, Any], tuple[str, ...]]]] | None:
    """The cleaned text and each fragment's attributes parsed before for (text, style), if any."""
    return _parsed.get((text, key))


def keep(text: str, key: int, cleaned: str, frags: list[Any]) -> None:
    """Keep a fresh parse: the cleaned text and a copy of each fragment's attributes. Fragments that
    hold objects (images, links, underlines: none in a certificate today) are not kept."""
    if not all(_plain(value) for frag in frags for value in vars(frag).values()):
        return
    attributes = [
        (dict(vars(frag)), tuple(name for name, value in vars(frag).items() if type(value) is list))
        for frag in frags
    ]
    with _lock:
        if len(_parsed) >= LIMIT:
            del _parsed[next(iter(_parsed))]
        _parsed[(text, key)] = (cleaned, attributes)


def fragments(kept: list[tuple[dict[str, Any], tuple[str, ...]]], frag_class: type) -> list[Any]:
    """New fragment objects with the kept attributes, each with its own (empty) lists: reportlab may
    extend them."""
    out = []
    for attributes, lists in kept:
        values = attributes.copy()
        for name in lists:
            values[name] = []
        frag = frag_class.__new__(frag_class)
        frag.__dict__ = values
        out.append(frag)
    return out


def _plain(value: object) -> bool:
    return (
        value is None or type(value) in (str, int, float, bool, Color) or (type(value) is list and not value)
    )
